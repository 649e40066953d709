#!/usr/bin/python3
"""A capacity ramp (`pushbench ramp`): p99 latency against clients per ramp, the objective as a
line, the largest count that held ringed and the step that did not hold crossed out.

Usage: /usr/bin/python3 plots/ramp.py RESULTS_DIR
Writes RESULTS_DIR/plots/ramp.{png,svg}. Reads ramp.csv (the verdicts) and results.csv (every
step); a results directory without ramp.csv is not a ramp: says so and exits 0.
"""
import csv
import os
import sys

import results_csv as rc

NAME = "ramp"


def same_ramp(row, verdict):
    """The results.csv row is a step of the ramp in ramp.csv's `verdict` row."""
    keys = ("transport", "server_impl", "workload", "payload_bytes")
    if any(row.get(k, "") != verdict[k] for k in keys):
        return False
    if float(row["event_rate_hz"]) != float(verdict["event_rate_hz"]):
        return False
    interval = verdict["poll_interval_ms"]
    return not interval or float(row.get("poll_interval_ms") or 0) == float(interval)


def main() -> int:
    run_dir = rc.main_args(NAME)
    path = os.path.join(run_dir, "ramp.csv")
    if not os.path.exists(path):
        rc.skip(NAME, "no ramp.csv (not a `pushbench ramp` directory)")
    with open(path, newline="") as f:
        verdicts = list(csv.DictReader(f))
    rows = rc.load(run_dir, NAME)
    fig, ax = rc.plt.subplots(figsize=(8, 4.5))
    slo = float(verdicts[0]["slo_p99_ms"])
    counts = set()
    for v in verdicts:
        steps = sorted((r for r in rows if same_ramp(r, v)), key=lambda r: float(r["clients"]))
        xs = [float(r["clients"]) for r in steps if rc.num(r, "latency_p99_us") is not None]
        ys = [rc.num(r, "latency_p99_us") / 1000 for r in steps
              if rc.num(r, "latency_p99_us") is not None]
        counts.update(xs)
        label = v["transport"] + (f" (every {v['poll_interval_ms']} ms)" if v["poll_interval_ms"]
                                  else "")
        held = v["held_clients"]
        label += f": {held} held" if held else ": none held"
        ax.plot(xs, ys, label=label, **rc.style(v["transport"]))
        for x, y in zip(xs, ys):
            if held and x == float(held):
                ax.plot([x], [y], marker="o", markersize=12, fillstyle="none",
                        color=rc.color(v["transport"]))
            if v["stopped_at_clients"] and x == float(v["stopped_at_clients"]):
                ax.plot([x], [y], marker="x", markersize=12, color="black")
    if not counts:
        rc.skip(NAME, "no step delivered a notification (no latency to plot)")
    ax.axhline(slo, color="grey", linestyle="--", linewidth=1, label=f"objective: p99 ≤ {slo:g} ms")
    ax.set_xscale("log")
    rc.plain_log_ticks(ax.xaxis, counts)
    ax.set_yscale("log")
    rc.plain_log_labels(ax.yaxis)
    ax.set_xlabel("clients (log scale)")
    ax.set_ylabel("p99 latency (ms, log scale)")
    ax.set_title("Capacity ramp: ○ the largest count that held, × the step that did not",
                 fontsize=10)
    rc.finish(fig, ax, run_dir, NAME)
    return 0


if __name__ == "__main__":
    sys.exit(main())
