#!/usr/bin/python3
"""Notification latency CDF per transport, from a run's per-cell histograms.

Usage: /usr/bin/python3 plots/latency_cdf.py RESULTS_DIR
Writes RESULTS_DIR/plots/latency_cdf.{png,svg}. Reads results.csv for the headline scenario (as
in report.md's article table; a polling transport at the poll interval nearest 1000 ms) and
histograms/<cell>.csv for each of its cells: every delivered notification of every repetition,
in log-linear buckets (each within 0.098 % of any value in it). Left: the CDF; right: the tail,
the share of notifications slower than x on a log scale, so that p99.9 is as legible as p50.
"""
import sys

import results_csv as rc

NAME = "latency_cdf"


def main() -> int:
    run_dir = rc.main_args(NAME)
    rows = rc.load(run_dir, NAME)
    histograms = rc.load_histograms(run_dir)
    if not histograms:
        rc.skip(NAME, "the run has no histograms/ (made before per-cell histograms)")
    cells, head = rc.headline_cells(rows)
    fig, (cdf, tail) = rc.plt.subplots(1, 2, figsize=(11, 4.5), sharex=True)
    drawn = 0
    for transport, by_x in cells.items():
        found = rc.histogram_of(histograms, by_x[""][0])
        if not found or not found[0]:
            continue
        buckets, stats = found
        # A step at each bucket's upper bound: the share at or below it (the bucket's values lie
        # within 0.1 % of it). x in ms.
        xs = [upper / 1e6 for _, upper, _, _ in buckets]
        ys = [fraction for _, _, _, fraction in buckets]
        above = [max(1 - y, 0) for y in ys]
        interval = by_x[""][0].get("poll_interval_ms", "")
        label = f"{transport} every {interval} ms" if interval else transport
        label += f" (n={stats.get('count', '?')})"
        style = rc.style(transport)
        # Markers a tenth of the axes apart along each line, each transport's set off by its
        # own start, so that coinciding lines (poll and poll-close) still show both.
        every = (0.017 * drawn, 0.1)
        cdf.step(xs, ys, where="post", label=label, markevery=every, markersize=5, **style)
        # The last bucket has no share above it: the tail ends one step before (log y).
        tail.step(xs[:-1], above[:-1], where="post", markevery=every, markersize=5, **style)
        drawn += 1
    if not drawn:
        rc.skip(NAME, "no histogram matches a cell of the headline scenario")
    cdf.set_xscale("log")
    cdf.set_ylim(0, 1.02)
    cdf.set_ylabel("share of notifications at or below x")
    tail.set_yscale("log")
    tail.set_ylabel("share slower than x (log)")
    for ax in (cdf, tail):
        ax.set_xlabel("latency, planned publish → client read (ms, log)")
        ax.grid(True, which="both", alpha=0.3)
    tail.axhline(0.01, color="grey", linewidth=0.8)
    tail.axhline(0.001, color="grey", linewidth=0.8)
    tail.text(0.99, 0.01, " p99", transform=tail.get_yaxis_transform(), fontsize=7,
              va="bottom", ha="right", color="grey")
    tail.text(0.99, 0.001, " p99.9", transform=tail.get_yaxis_transform(), fontsize=7,
              va="bottom", ha="right", color="grey")
    cdf.legend(fontsize=8, loc="upper left")
    fig.suptitle(f"Latency CDF per transport: {rc.describe(head)}\n"
                 "(every notification of every repetition, from histograms/; buckets ≤ 0.1 % "
                 "wide)", fontsize=10)
    rc.save(fig, run_dir, NAME)
    return 0


if __name__ == "__main__":
    sys.exit(main())
