#!/usr/bin/env bash
# Soak: many held connections for a long time, events flowing, a share of the clients dropping
# their connection and reconnecting every second. Answers: does the server's memory drift, do
# its file descriptors come back to where they were, is anything lost across reconnects?
#
#   bench/scenarios/soak.sh [TRANSPORT...]      (default: sse longpoll)
#
# Env: CLIENTS (10000), DURATION (600 s window), WARMUP (90 s), RATE (1 event/s broadcast),
#      CHURN (1 % of the clients per second), SAMPLE (30 s), BUILD (build),
#      CLIENT_PROCS (client processes, default one per 2,000 clients), OUT (results/runs/soak-<UTC time>)
# Only transports that resume by contract can churn without loss: sse (Last-Event-ID) and
# longpoll (after=SEQ). Server on CPU 0, clients on CPU 1, as in `pushbench run`.
# The warm-up lets every bounded per-client buffer fill before the first RSS sample, so drift
# means growth, not filling: an SSE stream keeps its last 64 events for a resume (64 s at 1
# event/s, ~1 KiB per client); clients connect at ~1,000/s. With WARMUP=20 an SSE soak showed
# +25 % that was this history filling (flat after it).
# The clients are split over CLIENT_PROCS processes (all on CPU 1): libcurl 7.88 looks for a
# reusable connection among every connection to the same host, so one process of 10,000 long
# pollers spent ~550 µs of CPU per request, saturated its core and lagged 4.8 s (p50) behind the
# schedule (2,000 clients in one process: p50 48 ms). Five processes of 2,000 on that one core
# still lagged (long poll p50 1.3 s in the 10,000-client soak) but lost nothing.
#
# Per transport it prints the server's RSS and open fds at each sample, then one line:
#   RSS drift = RSS at the window's end / RSS at its start - 1 (the goal is < 5 %);
#   fds: before any client, with every client connected, after the clients left (should be back
#   to the first); delivered / expected / lost / duplicated from the client's result;
#   reconnects done by --churn.
set -euo pipefail
cd "$(dirname "$0")/../.."
clients=${CLIENTS:-10000}
duration=${DURATION:-600}
warmup=${WARMUP:-90}
rate=${RATE:-1}
churn=${CHURN:-1}
sample=${SAMPLE:-30}
build=${BUILD:-build}
out=${OUT:-results/runs/soak-$(date -u +%Y%m%dT%H%M%SZ)}
client_procs=${CLIENT_PROCS:-$(((clients + 1999) / 2000))}
transports=("${@:-sse longpoll}")
read -r -a transports <<<"${transports[*]}"
mkdir -p "$out"

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
fds() { ls "/proc/$1/fd" | wc -l; }
# sum_field FIELD FILE...: the dotted path's value summed over the client shards' results.
sum_field() {
  local field=$1
  shift
  /usr/bin/python3 -c 'import json, sys
total = 0
for f in sys.argv[2:]:
    d = json.load(open(f))
    for k in sys.argv[1].split("."):
        d = d[k]
    total += d
print(total)' "$field" "$@"
}

for transport in "${transports[@]}"; do
  # Time zero on CLOCK_MONOTONIC; the warm-up leaves the clients time to connect (~1,000/s).
  epoch=$(/usr/bin/python3 -c 'import time; print(time.clock_gettime_ns(time.CLOCK_MONOTONIC) + 2_000_000_000)')
  common=(--workload broadcast --clients "$clients" --rate "$rate" --payload 256 --seed 1
          --epoch-mono-ns "$epoch")
  taskset -c 0 "$build/servers/pushbench-server" --port 0 --warmup "$warmup" \
    --duration "$duration" --stats "$out/$transport.server.json" "${common[@]}" \
    >"$out/$transport.server.out" 2>"$out/$transport.server.log" &
  server=$!
  for _ in $(seq 100); do
    grep -q ready "$out/$transport.server.out" 2>/dev/null && break
    sleep 0.1
  done
  port=$(/usr/bin/python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["port"])' "$out/$transport.server.out")
  fds_before=$(fds "$server")
  client_pids=()
  per=$(((clients + client_procs - 1) / client_procs))
  for ((shard = 0; shard < client_procs; shard++)); do
    first=$((shard * per))
    count=$((clients - first < per ? clients - first : per))
    ((count > 0)) || break
    taskset -c 1 "$build/clients/pushbench-client" --transport "$transport" --port "$port" \
      --warmup "$warmup" --duration "$duration" --churn "$churn" \
      --first-client "$first" --count "$count" \
      --result "$out/$transport.client.$shard.json" "${common[@]}" \
      >"$out/$transport.client.$shard.out" 2>"$out/$transport.client.$shard.log" &
    client_pids+=($!)
  done

  now_s() { /usr/bin/python3 -c 'import time; print(time.clock_gettime_ns(time.CLOCK_MONOTONIC))'; }
  sleep_until() { local left=$((($1 - $(now_s)) / 1000000)); ((left > 0)) && sleep "$(awk -v ms=$left 'BEGIN { print ms / 1000 }')"; true; }
  window_start=$((epoch + warmup * 1000000000))
  window_end=$((window_start + duration * 1000000000))
  sleep_until "$window_start"
  rss_start=$(rss_kb "$server")
  fds_connected=$(fds "$server")
  echo "soak $transport: $clients clients in ${#client_pids[@]} processes, $rate event/s broadcast, $churn % reconnecting per second, ${duration} s window"
  printf '  %6s  %12s  %8s\n' "t s" "server RSS KiB" "fds"
  t=0
  while ((t < duration)); do
    printf '  %6d  %14d  %8d\n' "$t" "$(rss_kb "$server")" "$(fds "$server")"
    sleep_until $((window_start + (t + sample) * 1000000000))
    t=$((t + sample))
  done
  sleep_until "$window_end"
  rss_end=$(rss_kb "$server")
  printf '  %6d  %14d  %8d\n' "$duration" "$rss_end" "$(fds "$server")"
  sleep 3  # the drain: events planned inside the window still in flight
  kill -TERM "${client_pids[@]}"
  for ((shard = 0; shard < ${#client_pids[@]}; shard++)); do
    wait "${client_pids[$shard]}" || {
      echo "soak: pushbench-client $shard failed: $(tail -1 "$out/$transport.client.$shard.log")" >&2
      kill "$server"
      exit 1
    }
  done
  # The clients are gone: the server must close every connection it held for them.
  for _ in $(seq 50); do
    (($(fds "$server") <= fds_before)) && break
    sleep 0.2
  done
  fds_after=$(fds "$server")
  kill -TERM "$server"
  wait "$server" || true
  r=("$out/$transport".client.*.json)
  awk -v t="$transport" -v a="$rss_start" -v b="$rss_end" -v f0="$fds_before" -v f1="$fds_connected" \
      -v f2="$fds_after" -v expd="$(sum_field delivery.expected "${r[@]}")" \
      -v del="$(sum_field delivery.delivered "${r[@]}")" -v lost="$(sum_field delivery.lost "${r[@]}")" \
      -v dup="$(sum_field delivery.duplicated "${r[@]}")" -v ch="$(sum_field churn_reconnects "${r[@]}")" 'BEGIN {
    printf "%s: RSS %d -> %d KiB (drift %+.2f %%); fds %d before clients, %d connected, %d after; delivered %s of %s, lost %s, duplicated %s; %s churn reconnects\n",
      t, a, b, (b / a - 1) * 100, f0, f1, f2, del, expd, lost, dup, ch }' | tee -a "$out/summary.txt"
done
echo "soak: raw files in $out"
