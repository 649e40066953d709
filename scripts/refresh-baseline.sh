#!/usr/bin/env bash
# Refreshes the regression gate's baseline, results/baseline/: builds (Release), runs the gate's
# smoke scenario (results.csv, meta.json, raw/) and the micro benchmarks (micro.json), checks
# that the new files compare cleanly, then replaces the old ones. About 2 minutes; run it on an
# otherwise idle machine and commit the result with the change that moved the numbers.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/gate-scenario.sh
build=${PUSHBENCH_BUILD_DIR:-build}
new=$(mktemp -d "$build/baseline.XXXXXX")
trap 'rm -rf "$new"' EXIT
"$build/bench/pushbench" run "${gate_run_args[@]}" --out "$new"
"$build/bench/micro/pushbench_micro" "${gate_micro_args[@]}" --benchmark_display_aggregates_only=true \
  --benchmark_out="$new/micro.json"
"$build/bench/pushbench" compare "$new" "$new" >/dev/null
"$build/bench/pushbench" compare "$new/micro.json" "$new/micro.json" >/dev/null
mkdir -p results/baseline
rm -rf results/baseline/raw
for f in results.csv meta.json micro.json raw; do
  mv "$new/$f" "results/baseline/$f"
done
echo "refresh-baseline: results/baseline/ now holds this build's smoke run and micro benchmarks"
