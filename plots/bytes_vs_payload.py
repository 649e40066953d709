#!/usr/bin/python3
"""Bytes per notification against the event payload size, per transport (log axes).

Usage: /usr/bin/python3 plots/bytes_vs_payload.py RESULTS_DIR
Writes RESULTS_DIR/plots/bytes_vs_payload.{png,svg}. Reads only results.csv; needs a run with
two or more payload sizes (--payload A,B,...), else prints why and exits 0. Solid: app bytes
(TCP payload); dashed: wire bytes (with TCP/IP headers).
"""
import sys

import results_csv as rc

NAME = "bytes_vs_payload"


def main() -> int:
    run_dir, cells, head, sizes = rc.swept_headline_cells(NAME, "payload_bytes", "payload sizes",
                                                          "--payload")
    fig, ax = rc.plt.subplots(figsize=(8, 4.5))
    for transport, by_x in cells.items():
        xs = sorted(by_x, key=float)
        for column, style in (("app_bytes_per_notification", "-"),
                              ("wire_bytes_per_notification", "--")):
            ys = [rc.median(by_x[x], column) for x in xs]
            ax.plot([float(x) for x in xs], ys, style, marker="o", color=rc.color(transport),
                    label=f"{transport} {column.split('_')[0]}")
    xs = sorted(sizes)
    ax.plot(xs, xs, ":", color="grey", label="the payload itself")
    ax.set_xscale("log")
    ax.set_yscale("log")
    rc.plain_log_ticks(ax.xaxis, sizes)
    rc.plain_log_labels(ax.yaxis)
    ax.set_xlabel("event payload (bytes, log scale)")
    ax.set_ylabel("bytes per notification (log scale)")
    scenario = rc.describe(head, without=("payload_bytes",))
    ax.set_title(f"Bytes per notification vs payload: {scenario}", fontsize=10)
    rc.finish(fig, ax, run_dir, NAME, fontsize=7, ncol=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
