#!/usr/bin/python3
"""p50 and p99 notification latency against the poll interval, WebSocket as a horizontal line.

Usage: /usr/bin/python3 plots/latency_vs_poll_interval.py RESULTS_DIR
Writes RESULTS_DIR/plots/latency_vs_poll_interval.{png,svg}. Reads only results.csv; needs a
run with two or more poll intervals (--poll-interval A,B,...), else prints why and exits 0.
"""
import sys

import results_csv as rc

NAME = "latency_vs_poll_interval"


def main() -> int:
    run_dir = rc.main_args(NAME)
    rows = rc.load(run_dir, NAME)
    head = rc.headline_row(rows)
    same = [r for r in rows if rc.scenario(r) == rc.scenario(head)]
    polling = {}
    for r in same:
        if r.get("poll_interval_ms"):
            polling.setdefault(r["transport"], {}).setdefault(
                float(r["poll_interval_ms"]), []).append(r)
    intervals = {i for by in polling.values() for i in by}
    if len(intervals) < 2:
        rc.skip(NAME, "the CSV has fewer than two poll intervals (run --poll-interval A,B,...)")
    fig, ax = rc.plt.subplots(figsize=(8, 4.5))
    for transport, by_interval in polling.items():
        xs = sorted(by_interval)
        for column, style in (("latency_p50_us", "-"), ("latency_p99_us", "--")):
            ys = [rc.median(by_interval[x], column) for x in xs]
            ax.plot(xs, [y / 1e3 if y is not None else None for y in ys], style, marker="o",
                    color=rc.color(transport),
                    label=f"{transport} {column.split('_')[1]}")
    xs = sorted(intervals)
    ax.plot(xs, [x / 2 for x in xs], ":", color="grey", label="interval / 2 (expected p50)")
    ws = [r for r in same if r["transport"] == "ws"]
    for column, style in (("latency_p50_us", "-"), ("latency_p99_us", "--")):
        v = rc.median(ws, column)
        if v is not None:
            ax.axhline(v / 1e3, linestyle=style, color="black",
                       label=f"ws {column.split('_')[1]} (push)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    rc.plain_log_ticks(ax.xaxis, intervals)
    ax.set_xlabel("poll interval (ms, log scale)")
    ax.set_ylabel("notification latency (ms, log scale)")
    ax.set_title(f"Latency vs poll interval: {rc.describe(head)}", fontsize=10)
    rc.finish(fig, ax, run_dir, NAME)
    return 0


if __name__ == "__main__":
    sys.exit(main())
