"""Shared reading of a pushbench results.csv for the plot scripts (one script per figure).

Only results.csv is read. A cell is a scenario x transport (x poll interval for polling
transports); its figure is the median over its repetitions (each repetition's percentiles are
exact; percentiles are never averaged). The headline scenario is picked as `pushbench report`
picks it: broadcast first, then the most of 1000 clients, 10 events/s, 256 B, fixed arrivals.
"""
import csv
import math
import os
import statistics
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker  # noqa: E402

# Re-rendering the same CSV writes the same SVG bytes (no random ids, no date stamp).
matplotlib.rcParams["svg.hashsalt"] = "pushbench"

# The columns that make a scenario, besides transport and poll interval (summary.csv's cell).
SCENARIO = ("workload", "arrival", "clients", "event_rate_hz", "payload_bytes", "server_loop",
            "net_profile", "net_rtt_ms", "net_jitter_ms", "net_loss_pct", "net_down_mbit",
            "net_up_mbit", "warmup_s", "duration_s")
HEADLINE_INTERVAL_MS = 1000.0


def load(run_dir, script):
    """results.csv rows as dicts; exits 2 with one line when it cannot be read."""
    path = os.path.join(run_dir, "results.csv")
    try:
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError as e:
        print(f"{script}: cannot read {path}: {e.strerror}", file=sys.stderr)
        sys.exit(2)
    if not rows:
        print(f"{script}: {path} has no rows", file=sys.stderr)
        sys.exit(2)
    return rows


def num(row, column):
    """The cell as a float, None when empty (not applicable) or absent."""
    text = row.get(column, "")
    return float(text) if text not in ("", None) else None


def median(rows, column_or_fn):
    """Median over rows of a column (or a function of a row), skipping empty values."""
    fn = column_or_fn if callable(column_or_fn) else (lambda r: num(r, column_or_fn))
    values = [v for v in (fn(r) for r in rows) if v is not None]
    return statistics.median(values) if values else None


def scenario(row, *, without=()):
    return tuple(row.get(c, "") for c in SCENARIO if c not in without)


def default_likeness(row):
    return ((100 if row.get("workload") == "broadcast" else 0) + (num(row, "clients") == 1000)
            + (num(row, "event_rate_hz") == 10) + (num(row, "payload_bytes") == 256)
            + (row.get("arrival") == "fixed"))


def headline_row(rows):
    """The first row of the most default-like scenario."""
    best = rows[0]
    for r in rows:
        if default_likeness(r) > default_likeness(best):
            best = r
    return best


def cells(rows):
    """{(scenario, transport, poll interval text): [rows]} in file order."""
    out = {}
    for r in rows:
        out.setdefault((scenario(r), r["transport"], r.get("poll_interval_ms", "")), []).append(r)
    return out


def near_headline_interval(cell_rows_by_interval):
    """Of {interval text: rows} of one polling transport, the interval nearest 1000 ms."""
    return min(cell_rows_by_interval,
               key=lambda i: (abs(math.log(float(i) / HEADLINE_INTERVAL_MS)), float(i)))


def headline_cells(rows, *, vary=None):
    """{transport: {x: [rows]}}: the headline scenario's cells, one per transport (a polling
    transport at the interval nearest 1000 ms), keyed by the value of column `vary`, which may
    differ (the sweep dimension); every other scenario column as in the headline."""
    head = headline_row(rows)
    fixed = scenario(head, without=(vary,) if vary else ())
    by_transport = {}
    for r in rows:
        if scenario(r, without=(vary,) if vary else ()) != fixed:
            continue
        x = r.get(vary, "") if vary else ""
        by_transport.setdefault(r["transport"], {}).setdefault(
            r.get("poll_interval_ms", ""), {}).setdefault(x, []).append(r)
    out = {}
    for transport, by_interval in by_transport.items():
        interval = "" if "" in by_interval else near_headline_interval(by_interval)
        out[transport] = by_interval[interval]
    return out, head


def describe(row, *, without=()):
    """Words for a scenario, in its workload's units (as the report's headings)."""
    workload = row.get("workload", "?")
    rate = row.get("event_rate_hz")
    rate_words = {"chat": f"{rate} messages/s", "game": f"{rate} Hz tick", "idle": "no events"}
    parts = {
        "workload": workload,
        "clients": f"{row.get('clients')} clients",
        "event_rate_hz": rate_words.get(workload, f"{rate} events/s"),
        "payload_bytes": f"{row.get('payload_bytes')} B" if workload != "idle" else "",
    }
    return ", ".join(v for k, v in parts.items() if k not in without and v)


def skip(script, reason):
    """A figure whose sweep dimension is not in the CSV: one line, exit 0, no image."""
    print(f"{script}: {reason}: no plot")
    sys.exit(0)


def plain_log_ticks(axis, values):
    """Log axis ticked at the data's own values, written as plain numbers (250, not 2.5x10^2)."""
    axis.set_major_locator(matplotlib.ticker.FixedLocator(sorted(values)))
    axis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}"))
    axis.set_minor_formatter(matplotlib.ticker.NullFormatter())


def plain_log_labels(axis):
    """Log axis labelled with plain numbers (200, 300, not 2x10^2), minor ticks included."""
    plain = matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}")
    axis.set_major_formatter(plain)
    axis.set_minor_formatter(plain)


def swept_headline_cells(name, vary, what, option):
    """Reads RESULTS_DIR (the command line's) and returns (run_dir, cells, head, values): the
    headline scenario's cells keyed by column `vary` (headline_cells) and that column's values.
    Fewer than two values: says so in one line and exits 0."""
    run_dir = main_args(name)
    cells, head = headline_cells(load(run_dir, name), vary=vary)
    values = {float(x) for by_x in cells.values() for x in by_x}
    if len(values) < 2:
        skip(name, f"the CSV has fewer than two {what} (run {option} A,B,...)")
    return run_dir, cells, head, values


def finish(fig, ax, run_dir, name, **legend):
    """Grid, legend, and the figure saved as PNG and SVG."""
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(**{"fontsize": 8, **legend})
    save(fig, run_dir, name)


def save(fig, run_dir, name):
    out = os.path.join(run_dir, "plots")
    os.makedirs(out, exist_ok=True)
    fig.tight_layout()
    for ext in ("png", "svg"):
        metadata = {"Date": None} if ext == "svg" else None
        fig.savefig(os.path.join(out, f"{name}.{ext}"), metadata=metadata)
    plt.close(fig)
    print(os.path.join(out, f"{name}.png"))


def main_args(script):
    if len(sys.argv) != 2:
        print(f"usage: {script}.py RESULTS_DIR", file=sys.stderr)
        sys.exit(2)
    return sys.argv[1]


TRANSPORTS = ("poll", "poll-close", "longpoll", "sse", "ws", "ws-deflate", "tcp")


def color(transport):
    """One colour per transport in every figure."""
    i = TRANSPORTS.index(transport) if transport in TRANSPORTS else len(TRANSPORTS)
    return f"C{i}"


# Line styles and markers by transport, so that overlapping lines (poll and poll-close often
# coincide) stay distinguishable in colour and in black and white.
LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)), (0, (1, 1)))
MARKERS = ("o", "s", "^", "D", "v", "P", "X")


def style(transport):
    """colour, linestyle and marker of a transport's line."""
    i = TRANSPORTS.index(transport) if transport in TRANSPORTS else len(TRANSPORTS) - 1
    return {"color": color(transport), "linestyle": LINESTYLES[i % len(LINESTYLES)],
            "marker": MARKERS[i % len(MARKERS)]}


def load_histograms(run_dir):
    """[(cell columns, [(lower_ns, upper_ns, count, cumulative_fraction)], stats)] of
    RUN_DIR/histograms/*.csv (written by `pushbench run`; results/SCHEMA.md), by file name.
    Empty when the run has none (made before them)."""
    import glob
    import json
    out = []
    for path in sorted(glob.glob(os.path.join(run_dir, "histograms", "*.csv"))):
        cell, stats, buckets = {}, {}, []
        with open(path, newline="") as f:
            lines = [line.rstrip("\r\n") for line in f]
        for line in lines:
            if line.startswith("# cell: "):
                cell = json.loads(line[len("# cell: "):])
            elif line.startswith("# count="):
                stats = dict(kv.split("=", 1) for kv in line[2:].split())
        body = [line for line in lines if line and not line.startswith("#")]
        for rec in csv.DictReader(body):
            buckets.append((int(rec["lower_ns"]), int(rec["upper_ns"]), int(rec["count"]),
                            float(rec["cumulative_fraction"])))
        out.append((cell, buckets, stats))
    return out


def histogram_of(histograms, row):
    """The (buckets, stats) of the histogram file measured under `row`'s cell, or None."""
    for cell, buckets, stats in histograms:
        if cell and all(row.get(k, "") == v for k, v in cell.items()):
            return buckets, stats
    return None
