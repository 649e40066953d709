#!/usr/bin/python3
"""p50 and p99 notification latency per transport, from a pushbench results.csv.

Usage: /usr/bin/python3 plots/latency_by_transport.py RESULTS_DIR
Writes RESULTS_DIR/plots/latency_by_transport.{png,svg}. Reads only results.csv: the headline
scenario (as in report.md's article table; a polling transport at the poll interval nearest
1000 ms), medians over repetitions of each row's exact percentiles (never averaged).
Needs Debian's python3-matplotlib (installed by scripts/setup.sh).
"""
import sys

import results_csv as rc

NAME = "latency_by_transport"


def main() -> int:
    run_dir = rc.main_args(NAME)
    rows = rc.load(run_dir, NAME)
    cells, head = rc.headline_cells(rows)
    names = [t for t, by_x in cells.items() if rc.median(by_x[""], "latency_p50_us") is not None]
    if not names:
        print(f"{NAME}: no latency samples in {run_dir}/results.csv", file=sys.stderr)
        return 1
    p50 = [rc.median(cells[t][""], "latency_p50_us") / 1e3 for t in names]
    p99 = [rc.median(cells[t][""], "latency_p99_us") / 1e3 for t in names]
    intervals = sorted({cells[t][""][0].get("poll_interval_ms", "") for t in names} - {""})
    fig, ax = rc.plt.subplots(figsize=(7, 4))
    x = range(len(names))
    ax.bar([i - 0.2 for i in x], p50, width=0.4, label="p50")
    ax.bar([i + 0.2 for i in x], p99, width=0.4, label="p99")
    ax.set_xticks(list(x), names)
    ax.set_yscale("log")
    ax.set_ylabel("notification latency (ms, log scale)")
    polls = " / ".join(intervals) or "-"
    ax.set_title(f"Latency p50 / p99 per transport: {rc.describe(head)}, poll every {polls} ms",
                 fontsize=10)
    ax.legend()
    rc.save(fig, run_dir, NAME)
    return 0


if __name__ == "__main__":
    sys.exit(main())
