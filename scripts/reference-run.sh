#!/usr/bin/env bash
# Regenerates the reference run, results/reference/: all seven transports on the broadcast and
# chat workloads at 1 and 10 events (chat: messages) per second, polling at 250, 1000 and
# 5000 ms (1,000 clients, 3 s warm-up, 10 s window per run; 44 runs, about 15 minutes on the
# 2-core machine), ending with its report: report.md (the article's table, the Kaazing table —
# its 1,000-client column measured by the 1 event/s broadcast — the polling-interval sweeps) and
# plots/.
# Sizes can be changed for a quicker look (the result is then no reference):
#   REFERENCE_OUT=/tmp/ref REFERENCE_CLIENTS=50 REFERENCE_DURATION=3 REFERENCE_WARMUP=1 \
#     bash scripts/reference-run.sh
# REFERENCE_WORKLOADS (default broadcast,chat) picks the workloads; extra arguments go to
# `pushbench run` (e.g. --repeat 3).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
build=${PUSHBENCH_BUILD_DIR:-build}
out=${REFERENCE_OUT:-results/reference}
rm -rf "$out"  # a fresh directory: no raw file or plot of an earlier matrix stays behind
"$build/bench/pushbench" run --transports all \
  --workload "${REFERENCE_WORKLOADS:-broadcast,chat}" \
  --rate "${REFERENCE_RATES:-1,10}" \
  --poll-interval 250,1000,5000 \
  --clients "${REFERENCE_CLIENTS:-1000}" \
  --warmup "${REFERENCE_WARMUP:-3}" --duration "${REFERENCE_DURATION:-10}" \
  --seed 1 --out "$out" "$@"
echo "reference-run: $out/report.md"
