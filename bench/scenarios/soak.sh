#!/usr/bin/env bash
# Soak: many held connections for a long time, events flowing, a share of the clients dropping
# their connection and reconnecting every second. Answers: does the server's memory drift, do
# its file descriptors come back to where they were, is anything lost across reconnects?
#
#   bench/scenarios/soak.sh [TRANSPORT...]      (default: sse longpoll)
#
# Env: CLIENTS (10000), DURATION (600 s window), WARMUP (20 s), RATE (1 event/s broadcast),
#      CHURN (1 % of the clients per second), SAMPLE (30 s), BUILD (build),
#      OUT (results/runs/soak-<UTC time>)
# Only transports that resume by contract can churn without loss: sse (Last-Event-ID) and
# longpoll (after=SEQ). Server on CPU 0, clients on CPU 1, as in `pushbench run`.
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
warmup=${WARMUP:-20}
rate=${RATE:-1}
churn=${CHURN:-1}
sample=${SAMPLE:-30}
build=${BUILD:-build}
out=${OUT:-results/runs/soak-$(date -u +%Y%m%dT%H%M%SZ)}
transports=("${@:-sse longpoll}")
read -r -a transports <<<"${transports[*]}"
mkdir -p "$out"

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
fds() { ls "/proc/$1/fd" | wc -l; }
# json_field FILE a.b: the value at that dotted path, or ? when absent.
json_field() {
  /usr/bin/python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    d = d.get(k, "?") if isinstance(d, dict) else "?"
print(d)' "$1" "$2"
}

for transport in "${transports[@]}"; do
  # Time zero on CLOCK_MONOTONIC; the warm-up leaves the clients time to connect (~1,000/s).
  epoch=$(/usr/bin/python3 -c 'import time; print(time.clock_gettime_ns(time.CLOCK_MONOTONIC) + 2_000_000_000)')
  common=(--workload broadcast --clients "$clients" --rate "$rate" --payload 256 --seed 1
          --epoch-mono-ns "$epoch")
  taskset -c 0 "$build/servers/pushbench-server" --port 0 --duration $((warmup + duration)) \
    --window-start "$warmup" --stats "$out/$transport.server.json" "${common[@]}" \
    >"$out/$transport.server.out" 2>"$out/$transport.server.log" &
  server=$!
  for _ in $(seq 100); do
    grep -q ready "$out/$transport.server.out" 2>/dev/null && break
    sleep 0.1
  done
  port=$(/usr/bin/python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["port"])' "$out/$transport.server.out")
  fds_before=$(fds "$server")
  taskset -c 1 "$build/clients/pushbench-client" --transport "$transport" --port "$port" \
    --warmup "$warmup" --duration "$duration" --churn "$churn" \
    --result "$out/$transport.client.json" "${common[@]}" \
    >"$out/$transport.client.out" 2>"$out/$transport.client.log" &
  client=$!

  now_s() { /usr/bin/python3 -c 'import time; print(time.clock_gettime_ns(time.CLOCK_MONOTONIC))'; }
  sleep_until() { local left=$((($1 - $(now_s)) / 1000000)); ((left > 0)) && sleep "$(awk -v ms=$left 'BEGIN { print ms / 1000 }')"; true; }
  window_start=$((epoch + warmup * 1000000000))
  window_end=$((window_start + duration * 1000000000))
  sleep_until "$window_start"
  rss_start=$(rss_kb "$server")
  fds_connected=$(fds "$server")
  echo "soak $transport: $clients clients, $rate event/s broadcast, $churn % reconnecting per second, ${duration} s window"
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
  kill -TERM "$client"
  wait "$client" || { echo "soak: pushbench-client failed: $(tail -1 "$out/$transport.client.log")" >&2; kill "$server"; exit 1; }
  # The clients are gone: the server must close every connection it held for them.
  for _ in $(seq 50); do
    (($(fds "$server") <= fds_before)) && break
    sleep 0.2
  done
  fds_after=$(fds "$server")
  kill -TERM "$server"
  wait "$server" || true
  r="$out/$transport.client.json"
  awk -v t="$transport" -v a="$rss_start" -v b="$rss_end" -v f0="$fds_before" -v f1="$fds_connected" \
      -v f2="$fds_after" -v expd="$(json_field "$r" delivery.expected)" -v del="$(json_field "$r" delivery.delivered)" \
      -v lost="$(json_field "$r" delivery.lost)" -v dup="$(json_field "$r" delivery.duplicated)" \
      -v ch="$(json_field "$r" churn_reconnects)" 'BEGIN {
    printf "%s: RSS %d -> %d KiB (drift %+.2f %%); fds %d before clients, %d connected, %d after; delivered %s of %s, lost %s, duplicated %s; %s churn reconnects\n",
      t, a, b, (b / a - 1) * 100, f0, f1, f2, del, expd, lost, dup, ch }' | tee -a "$out/summary.txt"
done
echo "soak: raw files in $out"
