#!/usr/bin/env bash
# The CI regression gate: runs the gate's smoke scenario (scripts/gate-scenario.sh, ~25 s) with
# the Release build and compares it with results/baseline/ on the machine-independent metrics
# (bytes, requests and connections per notification, empty responses, delivery, errors).
# Exit 0 ok, 1 regression (with a table of what moved), 2 bad input. Extra arguments go to
# `pushbench compare` (e.g. --only all to see the speed metrics too).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/gate-scenario.sh
build=${PUSHBENCH_BUILD_DIR:-build}
out=$build/gate-smoke   # the last gate run, kept for inspection (build*/ is git-ignored)
rm -rf "$out"
echo "gate: pushbench run ${gate_run_args[*]} --out $out"
"$build/bench/pushbench" run "${gate_run_args[@]}" --out "$out"
echo "gate: pushbench compare results/baseline $out --only machine-independent $*"
exec "$build/bench/pushbench" compare results/baseline "$out" --only machine-independent "$@"
