#!/usr/bin/python3
"""Notification latency CDF per transport, from a pushbench results.csv.

Usage: /usr/bin/python3 plots/latency_cdf.py RESULTS_DIR
Writes RESULTS_DIR/plots/latency_cdf.{png,svg}. Reads only results.csv. The CSV keeps five
exact percentiles per row (p50, p90, p99, p99.9, max), so the CDF is drawn through those points
(medians over repetitions) for the headline scenario (as in report.md's article table).
"""
import sys

import results_csv as rc

NAME = "latency_cdf"
# (column, tick label, height): heights are the percentiles' "nines", -log10(1 - p), so that the
# tail is as legible as the median; max is drawn one step above p99.9.
POINTS = (("latency_p50_us", "p50", 0.301), ("latency_p90_us", "p90", 1.0),
          ("latency_p99_us", "p99", 2.0), ("latency_p999_us", "p99.9", 3.0),
          ("latency_max_us", "max", 4.0))


def main() -> int:
    run_dir = rc.main_args(NAME)
    rows = rc.load(run_dir, NAME)
    cells, head = rc.headline_cells(rows)
    fig, ax = rc.plt.subplots(figsize=(8, 4.5))
    drawn = 0
    for transport, by_x in cells.items():
        cell = by_x[""]
        xs, ys = [], []
        for column, _, height in POINTS:
            v = rc.median(cell, column)
            if v is not None:
                xs.append(v / 1e3)
                ys.append(height)
        if not xs:
            continue
        interval = cell[0].get("poll_interval_ms", "")
        label = f"{transport} (every {interval} ms)" if interval else transport
        ax.plot(xs, ys, marker="o", color=rc.color(transport), label=label)
        drawn += 1
    if not drawn:
        rc.skip(NAME, "no latency samples in the headline scenario")
    ax.set_xscale("log")
    ax.set_yticks([h for _, _, h in POINTS], [label for _, label, _ in POINTS])
    ax.set_xlabel("notification latency (ms, log scale): planned publish → client read")
    ax.set_ylabel("share of notifications at or below\n(percentile, spaced by nines)")
    ax.set_title(f"Latency CDF per transport: {rc.describe(head)}\n"
                 "(points: the CSV's exact p50, p90, p99, p99.9 and max, medians of repetitions)",
                 fontsize=10)
    rc.finish(fig, ax, run_dir, NAME)
    return 0


if __name__ == "__main__":
    sys.exit(main())
