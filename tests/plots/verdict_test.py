#!/usr/bin/python3
"""plots/verdict.py on synthetic results.csv files (no run): draws a 2 x 2 sweep, puts poll's
crossover with ws where the numbers put it, and skips a CSV without the sweep in one line.
Usage: verdict_test.py SOURCE_DIR   (exit 0: passed; 1: a check failed, said on stderr)
"""
import contextlib
import csv
import io
import math
import os
import runpy
import sys
import tempfile

HEADER = ("workload", "arrival", "clients", "event_rate_hz", "payload_bytes", "transport",
          "poll_interval_ms", "app_bytes_per_notification", "server_cpu_us_per_notification",
          "latency_p50_us")


def write_csv(folder, rows):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "results.csv"), "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        for transport, interval, rate, app_bytes, cpu_us, p50_us in rows:
            out.writerow(("broadcast", "fixed", 100, rate, 256, transport, interval, app_bytes,
                          cpu_us, p50_us))


def sweep_rows():
    """Poll's bytes are 1000 / rate per notification at 250 ms (ws: 260 B at every rate), so
    they cross ws's at 1000 / 260 = 3.846 events/s; at 1000 ms they stay above."""
    rows = []
    for rate in (1, 10):
        rows.append(("poll", 250, rate, 1000 / rate, 20, 125e3))
        rows.append(("poll", 1000, rate, 4000 / rate, 10, 500e3))
        rows += [("longpoll", "", rate, 410, 22, 2e3), ("sse", "", rate, 270, 12, 1.2e3),
                 ("ws", "", rate, 260, 12.5, 1.1e3)]
    return rows


def run(script, run_dir):
    """(exit status, stdout, stderr) of the script run in this process as `script run_dir`, as
    plots/render.py runs it for the report (one matplotlib import for every check)."""
    out, err, status = io.StringIO(), io.StringIO(), 0
    sys.argv = [script, run_dir]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            runpy.run_path(script, run_name="__main__")
        except SystemExit as e:
            status = e.code if isinstance(e.code, int) else 1
    return status, out.getvalue(), err.getvalue()


def check(condition, what):
    if not condition:
        print(f"verdict_test: {what}", file=sys.stderr)
        sys.exit(1)


def main() -> int:
    src = sys.argv[1]
    sys.path.insert(0, os.path.join(src, "plots"))
    script = os.path.join(src, "plots", "verdict.py")
    with tempfile.TemporaryDirectory(prefix="pushbench-verdict-") as tmp:
        sweep = os.path.join(tmp, "sweep")
        write_csv(sweep, sweep_rows())
        status, _, err = run(script, sweep)
        check(status == 0, f"exit {status} on a sweep: {err}")
        for ext in ("png", "svg"):
            path = os.path.join(sweep, "plots", f"verdict.{ext}")
            check(os.path.getsize(path) > 1000 if os.path.exists(path) else False, f"no {path}")

        flat = os.path.join(tmp, "flat")  # one rate: no sweep of rates
        write_csv(flat, [r for r in sweep_rows() if r[2] == 1])
        status, out, err = run(script, flat)
        lines = out.splitlines()
        check(status == 0 and len(lines) == 1 and lines[0].startswith("verdict: ")
              and lines[0].endswith(": no plot") and not err,
              f"not one 'no plot' line on one rate: {status} {out!r} {err!r}")
        check(not os.path.exists(os.path.join(flat, "plots", "verdict.png")), "a png on one rate")

    import verdict  # noqa: E402  (the same module, for its crossover arithmetic)
    found = verdict.crossings([1, 10], [1000, 100], [260, 260])
    check(len(found) == 1 and math.isclose(found[0][0], 1000 / 260, rel_tol=1e-9)
          and found[0][1], f"crossing of 1000/r with 260: {found}")
    check(verdict.crossings([1, 10], [4000, 400], [260, 260]) == [], "a crossing above ws")
    print("verdict_test: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
