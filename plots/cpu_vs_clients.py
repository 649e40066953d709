#!/usr/bin/python3
"""Server CPU per notification against the number of clients, per transport.

Usage: /usr/bin/python3 plots/cpu_vs_clients.py RESULTS_DIR
Writes RESULTS_DIR/plots/cpu_vs_clients.{png,svg}. Reads only results.csv; needs a run with two
or more client counts (--clients A,B,...), else prints why and exits 0.
"""
import sys

import results_csv as rc

NAME = "cpu_vs_clients"


def main() -> int:
    run_dir, cells, head, counts = rc.swept_headline_cells(NAME, "clients", "client counts",
                                                           "--clients")
    fig, ax = rc.plt.subplots(figsize=(8, 4.5))
    for transport, by_x in cells.items():
        xs = sorted(by_x, key=float)
        ys = [rc.median(by_x[x], "server_cpu_us_per_notification") for x in xs]
        interval = next(iter(by_x.values()))[0].get("poll_interval_ms", "")
        label = f"{transport} (every {interval} ms)" if interval else transport
        ax.plot([float(x) for x in xs], ys, marker="o", color=rc.color(transport), label=label)
    ax.set_xscale("log")
    rc.plain_log_ticks(ax.xaxis, counts)
    ax.set_xlabel("clients (log scale)")
    ax.set_ylabel("server CPU per notification (µs)")
    ax.set_ylim(bottom=0)
    scenario = rc.describe(head, without=("clients",))
    ax.set_title(f"Server CPU per notification vs clients: {scenario}", fontsize=10)
    rc.finish(fig, ax, run_dir, NAME)
    return 0


if __name__ == "__main__":
    sys.exit(main())
