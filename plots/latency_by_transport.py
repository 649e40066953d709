#!/usr/bin/python3
"""p50 and p99 notification latency per transport, from a pushbench results.csv.

Usage: /usr/bin/python3 plots/latency_by_transport.py RESULTS_DIR
Writes RESULTS_DIR/plots/latency_by_transport.{png,svg}. Reads only results.csv.
Needs Debian's python3-matplotlib (installed by scripts/setup.sh).
"""
import csv
import os
import statistics
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: latency_by_transport.py RESULTS_DIR", file=sys.stderr)
        return 2
    run_dir = sys.argv[1]
    path = os.path.join(run_dir, "results.csv")
    try:
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError as e:
        print(f"latency_by_transport: cannot read {path}: {e.strerror}", file=sys.stderr)
        return 2
    by_transport = {}
    for r in rows:
        if r["latency_p50_us"]:
            by_transport.setdefault(r["transport"], []).append(r)
    if not by_transport:
        print(f"latency_by_transport: no latency samples in {path}", file=sys.stderr)
        return 1
    names = list(by_transport)
    # Medians across repetitions of each row's exact percentiles (never averaged).
    p50 = [statistics.median(float(r["latency_p50_us"]) for r in by_transport[t]) / 1e3 for t in names]
    p99 = [statistics.median(float(r["latency_p99_us"]) for r in by_transport[t]) / 1e3 for t in names]
    first = rows[0]
    fig, ax = plt.subplots(figsize=(7, 4))
    x = range(len(names))
    ax.bar([i - 0.2 for i in x], p50, width=0.4, label="p50")
    ax.bar([i + 0.2 for i in x], p99, width=0.4, label="p99")
    ax.set_xticks(list(x), names)
    ax.set_yscale("log")
    ax.set_ylabel("notification latency (ms, log scale)")
    ax.set_title(
        f"{first['workload']}: {first['clients']} clients, {first['event_rate_hz']} events/s, "
        f"poll every {first['poll_interval_ms'] or '-'} ms"
    )
    ax.legend()
    fig.tight_layout()
    out = os.path.join(run_dir, "plots")
    os.makedirs(out, exist_ok=True)
    for ext in ("png", "svg"):
        fig.savefig(os.path.join(out, f"latency_by_transport.{ext}"))
    print(os.path.join(out, "latency_by_transport.png"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
