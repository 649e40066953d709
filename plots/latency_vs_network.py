#!/usr/bin/python3
"""p50 and p99 notification latency per transport under each network condition, beside theory.

Usage: /usr/bin/python3 plots/latency_vs_network.py RESULTS_DIR
Writes RESULTS_DIR/plots/latency_vs_network.{png,svg}. Reads only results.csv; needs rows with
network columns (a run with --net, --rtt, ... or --netns), else prints why and exits 0. One group
of bars per condition (net_* columns, and TLS on or off: a TLS run is never pooled with a
plaintext one), per transport p50 (solid) and p99 (light); the black tick
is the theory's p50 (bench/report/network_theory.h, whose formulas theory_p50 repeats: the
network's part alone).
"""
import sys

import results_csv as rc

NAME = "latency_vs_network"
NET = ("net_profile", "net_rtt_ms", "net_jitter_ms", "net_loss_pct", "net_down_mbit",
       "net_up_mbit")
CONDITION = NET + ("tls",)


def theory_p50(transport, rtt_ms, interval_ms):
    """As latency_theory() in bench/report/network_theory.cc: None when it has none."""
    one_way = rtt_ms / 2
    if transport in ("sse", "ws", "ws-deflate", "tcp", "longpoll"):
        return one_way
    if transport in ("poll", "poll-close") and interval_ms:
        return interval_ms / 2 + one_way
    return None


def label(row):
    words = f"{row['net_profile']}\nrtt {row['net_rtt_ms']} ms"
    if rc.num(row, "net_jitter_ms"):
        words += f" ± {row['net_jitter_ms']}"
    if rc.num(row, "net_loss_pct"):
        words += f", loss {row['net_loss_pct']} %"
    if rc.num(row, "net_down_mbit"):
        words += f"\n{row['net_down_mbit']} / {row.get('net_up_mbit') or '-'} Mbit/s"
    if row.get("tls") == "on":
        words += "\nTLS"
    return words


def main() -> int:
    run_dir = rc.main_args(NAME)
    rows = [r for r in rc.load(run_dir, NAME) if r.get("net_profile")]
    if not rows:
        rc.skip(NAME, "no row has network conditions (run with --net or --netns)")
    head = rc.headline_row(rows)
    # The headline scenario under every condition present.
    conditions = {}
    for r in rows:
        # The warm-up is left out: it changes when the window opens, not what it measures (mobile
        # needs a longer one for its handshakes to finish over 1 % loss).
        if rc.scenario(r, without=NET + ("warmup_s",)) == rc.scenario(head,
                                                                     without=NET + ("warmup_s",)):
            conditions.setdefault(tuple(r.get(c, "") for c in CONDITION), []).append(r)
    transports = [t for t in rc.TRANSPORTS
                  if any(r["transport"] == t for rs in conditions.values() for r in rs)]
    fig, ax = rc.plt.subplots(figsize=(max(8, 2.2 * len(conditions) + 2), 4.5))
    width = 0.8 / max(1, len(transports))
    theory_labelled = False
    for g, (condition, group) in enumerate(conditions.items()):
        for i, t in enumerate(transports):
            by_interval = {}
            for r in group:
                if r["transport"] == t:
                    by_interval.setdefault(r.get("poll_interval_ms", ""), []).append(r)
            if not by_interval:
                continue
            interval = "" if "" in by_interval else rc.near_headline_interval(by_interval)
            cell = by_interval[interval]
            x = g + (i - (len(transports) - 1) / 2) * width
            p50, p99 = rc.median(cell, "latency_p50_us"), rc.median(cell, "latency_p99_us")
            legend = g == 0
            if p99 is not None:
                ax.bar(x, p99 / 1e3, width=width, color=rc.color(t), alpha=0.35,
                       label=f"{t} p99" if legend else None)
            if p50 is not None:
                ax.bar(x, p50 / 1e3, width=width, color=rc.color(t),
                       label=f"{t} p50" if legend else None)
            theory = theory_p50(t, rc.num(cell[0], "net_rtt_ms") or 0,
                                rc.num(cell[0], "poll_interval_ms"))
            if theory:
                ax.plot([x - width / 2, x + width / 2], [theory, theory], color="black",
                        linewidth=2,
                        label=None if theory_labelled else "theory p50 (network part)")
                theory_labelled = True
    ax.set_xticks(range(len(conditions)), [label(rs[0]) for rs in conditions.values()])
    ax.set_yscale("log")
    ax.set_ylabel("notification latency (ms, log scale)")
    ax.set_title(f"Latency vs network: {rc.describe(head)}", fontsize=10)
    rc.finish(fig, ax, run_dir, NAME, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
