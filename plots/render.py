#!/usr/bin/python3
"""Runs several plot scripts of this folder in one Python process.

Usage: /usr/bin/python3 plots/render.py RESULTS_DIR NAME...
Each NAME is a script of this folder (NAME.py), run as if started alone (`NAME.py RESULTS_DIR`):
same argv, same exit status. Importing matplotlib costs ~0.6 s of CPU a process; one process for
every figure is why this driver exists (`pushbench report` uses it). Prints one JSON line per
script, in order: {"name": NAME, "status": EXIT_CODE, "output": WHAT_IT_PRINTED}.
"""
import contextlib
import io
import json
import os
import runpy
import sys
import traceback


def run_one(folder: str, name: str, run_dir: str) -> dict:
    script = os.path.join(folder, f"{name}.py")
    output = io.StringIO()
    status = 0
    sys.argv = [script, run_dir]
    with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
        try:
            runpy.run_path(script, run_name="__main__")
        except SystemExit as e:
            if isinstance(e.code, int):
                status = e.code
            elif e.code is not None:
                print(e.code, file=sys.stderr)
                status = 1
        except Exception:  # one broken script must not cost the others their figure
            traceback.print_exc()
            status = 1
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    return {"name": name, "status": status, "output": output.getvalue()}


def main() -> int:
    if len(sys.argv) < 3:
        print("usage: render.py RESULTS_DIR NAME...", file=sys.stderr)
        return 2
    folder = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, folder)
    run_dir, names = sys.argv[1], sys.argv[2:]
    results = [run_one(folder, name, run_dir) for name in names]
    for r in results:
        print(json.dumps(r), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
