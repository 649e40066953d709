#!/usr/bin/env bash
# The verdict sweep (issue 17): event rate x poll interval for poll, longpoll, sse and ws, ending
# with the run's report, whose plots/verdict.png says which transport wins on bytes, server CPU
# and latency p50 per notification in each region, and where polling crosses WebSocket.
#   bench/scenarios/verdict.sh
# 4 rates x (3 poll intervals + longpoll, sse, ws) = 24 runs of 2 s warm-up + 10 s window, about
# 6½ minutes (6 min 37 s with the report on the 2-core VM). The rates span a poll finding nothing
# most of the time (0.2/s: a 1 s poll is empty 4 times in 5) to every poll carrying many events
# (20/s: 100 in a 5 s poll), so each interval's crossover with ws falls inside the grid or is
# shown not to.
# Env: RATES (0.2,1,5,20), INTERVALS (250,1000,5000 ms), CLIENTS (100), WARMUP (2 s),
#      DURATION (10 s window), BUILD (build), OUT (results/runs/verdict-<UTC time>).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD:-build}
out=${OUT:-results/runs/verdict-$(date -u +%Y%m%dT%H%M%SZ)}
pushbench="$build/bench/pushbench"
[[ -x $pushbench ]] || { echo "verdict.sh: $pushbench is not built (BUILD=$build)" >&2; exit 2; }
# `pushbench run` ends with its report (report.md and plots/, verdict.png among them).
"$pushbench" run --transports poll,longpoll,sse,ws --rate "${RATES:-0.2,1,5,20}" \
  --poll-interval "${INTERVALS:-250,1000,5000}" --clients "${CLIENTS:-100}" \
  --warmup "${WARMUP:-2}" --duration "${DURATION:-10}" --out "$out"
echo "verdict.sh: $out/plots/verdict.png" >&2
