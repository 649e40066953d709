#!/usr/bin/python3
"""Share of empty polls (the article's "No.") against the event rate, per polling transport and
poll interval.

Usage: /usr/bin/python3 plots/empty_polls_vs_rate.py RESULTS_DIR
Writes RESULTS_DIR/plots/empty_polls_vs_rate.{png,svg}. Reads only results.csv; needs a run with
two or more event rates (--rate A,B,...) and a polling transport, else prints why and exits 0.
"""
import sys

import results_csv as rc

NAME = "empty_polls_vs_rate"


def empty_share(row):
    requests = rc.num(row, "requests_total")
    empty = rc.num(row, "empty_responses")
    return 100 * empty / requests if requests and empty is not None else None


def main() -> int:
    run_dir = rc.main_args(NAME)
    rows = rc.load(run_dir, NAME)
    head = rc.headline_row(rows)
    fixed = rc.scenario(head, without=("event_rate_hz",))
    lines = {}
    for r in rows:
        if r.get("poll_interval_ms") and rc.scenario(r, without=("event_rate_hz",)) == fixed:
            lines.setdefault((r["transport"], float(r["poll_interval_ms"])), {}).setdefault(
                float(r["event_rate_hz"]), []).append(r)
    rates = {x for by_x in lines.values() for x in by_x}
    if len(rates) < 2:
        rc.skip(NAME, "the CSV has fewer than two event rates with a polling transport "
                      "(run --rate A,B,... with poll or poll-close)")
    fig, ax = rc.plt.subplots(figsize=(8, 4.5))
    styles = ["-", "--", ":", "-."]
    intervals = sorted({i for _, i in lines})
    for (transport, interval), by_x in sorted(lines.items()):
        xs = sorted(by_x)
        ax.plot(xs, [rc.median(by_x[x], empty_share) for x in xs],
                styles[intervals.index(interval) % len(styles)], marker="o",
                color=rc.color(transport), label=f"{transport} every {interval:g} ms")
    ax.set_xscale("log")
    rc.plain_log_ticks(ax.xaxis, rates)
    ax.set_ylim(-2, 102)
    ax.set_xlabel("event rate (events/s for the whole workload, log scale)")
    ax.set_ylabel("empty polls (% of requests)")
    ax.set_title(f"Empty polls vs event rate: {rc.describe(head, without=('event_rate_hz',))}",
                 fontsize=10)
    rc.finish(fig, ax, run_dir, NAME)
    return 0


if __name__ == "__main__":
    sys.exit(main())
