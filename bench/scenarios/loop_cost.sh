#!/usr/bin/env bash
# The event-loop cost scenario (docs/method.md), 1,000 clients by default:
#   - server CPU per poll request, every client polling once a second on its own keep-alive
#     connection (a 1 event/s broadcast, so most polls find one event or none);
#   - server CPU per WebSocket notification, a 1 event/s broadcast to the same clients;
#   - server RSS per WebSocket connection, right after all clients connected (before events).
# Usage: bench/scenarios/loop_cost.sh [LOOP...]   (default: libev; also libuv, poll)
# Env: CLIENTS (1000), DURATION (20 s), REPEAT (3), BUILD (build), OUT (results/runs/loop-cost-*)
set -euo pipefail
cd "$(dirname "$0")/../.."
clients=${CLIENTS:-1000}
duration=${DURATION:-20}
repeat=${REPEAT:-3}
build=${BUILD:-build}
loops=("${@:-libev}")
out_root=${OUT:-results/runs/loop-cost-$(date -u +%Y%m%dT%H%M%SZ)}

# Median of column $2 over the rows of transport $3 in CSV $1.
median() {
  awk -F, -v col="$2" -v tr="$3" '
    NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
    $2 == tr && $c != "" { v[n++] = $c }
    END { if (!n) { print "-"; exit }
          for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
          print (n % 2) ? v[int(n / 2)] : (v[n / 2 - 1] + v[n / 2]) / 2 }' "$1"
}

printf '%-6s  %22s  %24s  %22s  %s\n' loop "srv us/poll request" "srv us/ws notification" "srv KiB/ws connection" "results"
for loop in "${loops[@]}"; do
  dir="$out_root/$loop"
  mkdir -p "$out_root"
  "$build/bench/pushbench" run --transports poll,ws --clients "$clients" --rate 1 \
    --poll-interval 1000 --warmup 3 --duration "$duration" --repeat "$repeat" --loop "$loop" \
    --out "$dir" >"$dir.log" 2>&1 || { echo "loop_cost: $loop run failed, see $dir.log" >&2; exit 1; }
  printf '%-6s  %22s  %24s  %22s  %s\n' "$loop" \
    "$(median "$dir/results.csv" server_cpu_us_per_request poll)" \
    "$(median "$dir/results.csv" server_cpu_us_per_notification ws)" \
    "$(median "$dir/results.csv" server_rss_per_client_kb ws)" "$dir/results.csv"
done
echo "medians of $repeat repetitions; $clients clients; ${duration} s windows"
