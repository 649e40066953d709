#!/usr/bin/python3
"""The verdict: which transport wins where, over a sweep of event rate x poll interval.

Usage: /usr/bin/python3 plots/verdict.py RESULTS_DIR
Writes RESULTS_DIR/plots/verdict.{png,svg}. Reads only results.csv; needs a run with two or more
event rates (--rate A,B,...) and two or more poll intervals (--poll-interval A,B,...) with poll,
else prints why and exits 0.

Three maps, one per criterion (app bytes, server CPU and latency p50 per notification, lowest
wins): event rate across, poll interval up. Each cell is poll at that interval against longpoll,
sse and ws at that rate (they do not poll, so they are the same in every row of a column),
coloured by the winner, with its figure and the runner-up's margin. A black mark in a row is
where poll's figure crosses ws's, interpolated on log-log between the two rates around it;
the lines under each map list those crossovers (or says there is none in the swept range).
Only the headline scenario (results_csv.headline_row) apart from its event rate is drawn; the
title's second line says how many repetitions each cell has and how many rows carry which flags.
"""
import math
import sys

import matplotlib.patches

import results_csv as rc

NAME = "verdict"
# The browser's choices (poll-close, ws-deflate and tcp are variations or a floor, not rivals).
CONTENDERS = ("poll", "longpoll", "sse", "ws")
# (title, column, scale to the shown unit, unit, value format).
CRITERIA = (
    ("Bytes per notification (app: TCP payload both ways)", "app_bytes_per_notification", 1,
     "B", "{:.0f}"),
    ("Server CPU per notification", "server_cpu_us_per_notification", 1, "µs", "{:.3g}"),
    ("Latency p50 (planned publish to client read)", "latency_p50_us", 1e-3, "ms", "{:.3g}"),
)


def figures(rows):
    """{(transport, interval or None, rate): [rows]} of the headline scenario apart from rate."""
    fixed = rc.scenario(rc.headline_row(rows), without=("event_rate_hz",))
    out = {}
    for r in rows:
        if r["transport"] in CONTENDERS and rc.scenario(r, without=("event_rate_hz",)) == fixed:
            interval = float(r["poll_interval_ms"]) if r.get("poll_interval_ms") else None
            out.setdefault((r["transport"], interval, float(r["event_rate_hz"])), []).append(r)
    return out


def trust(cells):
    """One line: lowest wins, repetitions per cell, and how many drawn rows carry which flags
    (results/SCHEMA.md: foreign_load means other processes used the measured cores)."""
    drawn = [r for rows in cells.values() for r in rows]
    reps = sorted({len(rows) for rows in cells.values()})
    reps_text = (("1 repetition per cell" if reps == [1] else f"{reps[0]} repetitions per cell "
                  "(their median)") if len(reps) == 1
                 else f"{reps[0]} to {reps[-1]} repetitions per cell (their median)")
    flagged = {}
    for r in drawn:
        for flag in filter(None, r.get("flags", "").split(";")):
            flagged[flag] = flagged.get(flag, 0) + 1
    flags = "; ".join(f"{f}: {n} of {len(drawn)} rows" for f, n in sorted(flagged.items()))
    return (f"lowest wins; {reps_text}; "
            + (f"flagged {flags} (CPU and latency may include contention)" if flags
               else "no row flagged"))


def crossings(rates, poll, ws):
    """[(rate, poll_below_after)]: where log(poll / ws) changes sign between adjacent rates,
    interpolated linearly in log rate; poll_below_after is True when poll is lower above it."""
    out = []
    points = [(math.log(r), math.log(p / w)) for r, p, w in zip(rates, poll, ws)
              if p and w and p > 0 and w > 0]
    for (x0, d0), (x1, d1) in zip(points, points[1:]):
        if d0 != 0 and (d1 == 0 or (d0 > 0) != (d1 > 0)):
            t = d0 / (d0 - d1)
            out.append((math.exp(x0 + t * (x1 - x0)), d0 > 0))
    return out


def column_position(rates, rate):
    """x of a rate on the map, whose columns are the swept rates at 0, 1, 2, ... (log between)."""
    logs = [math.log(r) for r in rates]
    x = math.log(rate)
    for i in range(len(logs) - 1):
        if logs[i] <= x <= logs[i + 1]:
            return i + (x - logs[i]) / (logs[i + 1] - logs[i])
    return 0 if x < logs[0] else len(logs) - 1


def draw(ax, cells, rates, intervals, criterion):
    title, column, scale, unit, fmt = criterion

    def value(transport, interval, rate):
        v = rc.median(cells.get((transport, interval, rate), []), column)
        return v * scale if v is not None else None

    for yi, interval in enumerate(intervals):
        for xi, rate in enumerate(rates):
            entries = [(value("poll", interval, rate), "poll")]
            entries += [(value(t, None, rate), t) for t in CONTENDERS if t != "poll"]
            entries = sorted((v, t) for v, t in entries if v is not None)
            if not entries:
                ax.text(xi, yi, "no data", ha="center", va="center", fontsize=7)
                continue
            best, winner = entries[0]
            ax.add_patch(matplotlib.patches.Rectangle((xi - 0.5, yi - 0.5), 1, 1,
                                                      color=rc.color(winner), alpha=0.35, lw=0))
            lines = [winner, f"{fmt.format(best)} {unit}"]
            if len(entries) > 1:
                second, runner_up = entries[1]
                ratio = second / best if best > 0 else math.inf
                lines.append(f"next {runner_up} +{100 * (ratio - 1):.0f} %" if ratio < 2
                             else f"next {runner_up} {ratio:.3g}x")
            ax.text(xi, yi + 0.08, lines[0], ha="center", va="center", fontsize=9,
                    fontweight="bold")
            ax.text(xi, yi - 0.12, "\n".join(lines[1:]), ha="center", va="center",
                    fontsize=7, linespacing=1.1)
    notes = []
    for yi, interval in enumerate(intervals):
        found = crossings(rates, [value("poll", interval, r) for r in rates],
                          [value("ws", None, r) for r in rates])
        for rate, below_after in found:
            x = column_position(rates, rate)
            # In the row's top and bottom bands only: the cell's text stays readable.
            for y0, y1 in ((yi + 0.28, yi + 0.5), (yi - 0.5, yi - 0.28)):
                ax.plot([x, x], [y0, y1], color="black", lw=2, zorder=3)
            ax.text(x, yi + 0.39, f"{rate:.2g}/s", ha="center", va="center", fontsize=7,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "black",
                          "lw": 0.5})
            notes.append(f"{interval:g} ms: at {rate:.2g}/s, poll "
                         f"{'lower' if below_after else 'higher'} above it")
        if not found:
            pairs = [(value("poll", interval, r), value("ws", None, r)) for r in rates]
            lower = {p < w for p, w in pairs if p is not None and w is not None}
            side = {frozenset({True}): "poll lower at every rate",
                    frozenset({False}): "poll higher at every rate"}.get(frozenset(lower),
                                                                         "no poll and ws pair")
            notes.append(f"{interval:g} ms: none, {side}")
    for yi in range(len(intervals) - 1):
        ax.axhline(yi + 0.5, color="white", lw=1.5, zorder=1.5)
    for xi in range(len(rates) - 1):
        ax.axvline(xi + 0.5, color="white", lw=1.5, zorder=1.5)
    ax.set_xlim(-0.5, len(rates) - 0.5)
    ax.set_ylim(-0.5, len(intervals) - 0.5)
    ax.set_xticks(range(len(rates)), [f"{r:g}" for r in rates])
    ax.set_yticks(range(len(intervals)), [f"{i:g}" for i in intervals])
    ax.set_xlabel("\n".join(["event rate (events/s)", "",
                             "where poll crosses ws (black marks), by poll interval:", *notes]),
                  fontsize=8)
    ax.set_title(title, fontsize=9)


def main() -> int:
    run_dir = rc.main_args(NAME)
    rows = rc.load(run_dir, NAME)
    cells = figures(rows)
    rates = sorted({rate for _, _, rate in cells})
    intervals = sorted({i for t, i, _ in cells if t == "poll" and i is not None})
    if len(rates) < 2 or len(intervals) < 2:
        rc.skip(NAME, "the CSV has fewer than two event rates or two poll intervals with poll "
                      "(run --rate A,B,... --poll-interval A,B,... with poll)")
    fig, axes = rc.plt.subplots(1, len(CRITERIA), figsize=(5.2 * len(CRITERIA), 5.4))
    for ax, criterion in zip(axes, CRITERIA):
        draw(ax, cells, rates, intervals, criterion)
    axes[0].set_ylabel("poll interval (ms)")
    present = [t for t in CONTENDERS if any(k[0] == t for k in cells)]
    fig.legend(handles=[matplotlib.patches.Patch(color=rc.color(t), alpha=0.35, label=t)
                        for t in present], title="winner (lowest)", loc="upper right",
               fontsize=8, title_fontsize=8, ncol=len(present))
    head = rc.headline_row(rows)
    fig.suptitle(f"Which transport wins where: {rc.describe(head, without=('event_rate_hz',))}"
                 f"; poll at each interval vs longpoll, sse, ws\n{trust(cells)}", fontsize=10,
                 x=0.01, ha="left", linespacing=1.5)
    rc.save(fig, run_dir, NAME)
    return 0


if __name__ == "__main__":
    sys.exit(main())
