#!/usr/bin/env bash
# pushbench-server beside nginx on the cheapest poll there is (issue 15 item 4): server CPU per
# keep-alive poll request answered 204, the same client against both. nginx 1.22 (Debian's) with
# a pinned config written below (one worker, `return 204` on /poll, keep-alive 60 s without a
# request limit, no access log: the floor of an HTTP server's work per request) and
# pushbench-server with the idle workload (no events: every poll is answered 204 after its query
# is parsed and the client's mailbox looked up). Each server in turn runs on CPU 0 (nginx: master
# and worker), the client on CPU 1: pushbench-client --http-engine lean (epoll + http-parser, the
# same bytes per request as libcurl's), N keep-alive pollers each polling every N / RATE s, so
# every N offers the same RATE requests/s. Over the client's measured window (WARMUP s after
# its time zero, WINDOW s long): the server's on-CPU time (/proc/PID/task/*/schedstat of every
# server process, sampled at the window's edges) and the requests the client completed in it
# (its result JSON), and their ratio, for each server and N, then pushbench / nginx.
# Goal: pushbench-server <= 1.1 x nginx at 1,000 and 10,000 pollers. Run it on a quiet machine.
# lws-round is pushbench-server with --keepalive-rearm off: lws 4.1.6's own POLLOUT round (two
# epoll_ctl and a loop pass) after every keep-alive request, which the server otherwise skips.
# Measured (2-core VM, quiet; round 3 of 3, rounds 1-2 gave 1.51/1.33 and 0.61/0.69):
#   round   pollers server       requests      req/s  CPU µs/req    x nginx
#   3          1000 nginx           99999      10000        10.54       1.00
#   3          1000 pushbench       99997      10000        13.97       1.33
#   3          1000 lws-round       99998      10000        14.70       1.39
#   3         10000 nginx          100001      10000        25.40       1.00
#   3         10000 pushbench      100001      10000        17.29       0.68
#   3         10000 lws-round      100001      10000        18.94       0.75
# What stays above nginx at 1,000 is libwebsockets' user-space work per request (perf:
# docs/method.md, "The server beside nginx").
# Usage: bench/scenarios/server_vs_nginx.sh [N...]   (default: 1000 10000; needs nginx)
# Env: RATE (10000 requests/s), WARMUP (3 s), WINDOW (10 s), ROUNDS (2: the servers' order
#      alternates), BUILD (build), OUT (results/runs/server-vs-nginx-<UTC time>)
set -euo pipefail
cd "$(dirname "$0")/../.."
counts=("${@:-1000 10000}")
read -r -a counts <<<"${counts[*]}"
rate=${RATE:-10000}
warmup=${WARMUP:-3}
window=${WINDOW:-10}
rounds=${ROUNDS:-2}
build=${BUILD:-build}
out=${OUT:-results/runs/server-vs-nginx-$(date -u +%Y%m%dT%H%M%SZ)}
server_bin="$build/servers/pushbench-server"
client_bin="$build/clients/pushbench-client"
source bench/scenarios/nginx_204.sh
[[ -x $nginx_bin ]] || { echo "server_vs_nginx: nginx is not installed (apt-get install nginx)" >&2; exit 2; }
for b in "$server_bin" "$client_bin"; do
  [[ -x $b ]] || { echo "server_vs_nginx: build pushbench first ($b)" >&2; exit 2; }
done
if pgrep -x cc1plus >/dev/null; then
  echo "server_vs_nginx: warning: the machine is not quiet (a compiler is running)" >&2
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)

server_pids=()
client=
cleanup() {
  [[ -n $client ]] && kill "$client" 2>/dev/null || true
  ((${#server_pids[@]})) && kill "${server_pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
mono_ns() { python3 -c 'import time; print(time.monotonic_ns())'; }
# Sleeps until CLOCK_MONOTONIC reaches $1 ns.
sleep_until() { python3 -c "import time; time.sleep(max(0, ($1 - time.monotonic_ns()) / 1e9))"; }
# On-CPU ns of every thread of the processes given.
cpu_ns() {
  local p
  for p in "$@"; do cat /proc/"$p"/task/*/schedstat 2>/dev/null; done |
    awk '{ s += $1 } END { printf "%.0f\n", s }'
}
wait_port() {
  for _ in $(seq 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "server_vs_nginx: nothing listens on port $1" >&2
  return 1
}

# Starts nginx (return 204 on /poll) on CPU 0 for N clients at port $2; sets server_pids.
start_nginx() {
  local n=$1 port=$2 dir="$out/nginx-$1"
  nginx_204_conf "$dir" "$port" "$n"
  taskset -c 0 "$nginx_bin" -p "$dir/" -c "$dir/nginx.conf" -g 'daemon off;' 2>"$dir/stderr.log" &
  local master=$!
  wait_port "$port"
  server_pids=("$master" $(pgrep -P "$master"))
}

# Starts pushbench-server (idle workload) on CPU 0 for N clients at port $2, time zero $3, named
# $4 (pushbench, or lws-round: with --keepalive-rearm off).
start_pushbench() {
  local n=$1 port=$2 epoch=$3 name=$4 rearm=on
  [[ $name == lws-round ]] && rearm=off
  taskset -c 0 "$server_bin" --port "$port" --workload idle --clients "$n" \
    --epoch-mono-ns "$epoch" --warmup "$warmup" --duration "$window" --keepalive-rearm "$rearm" \
    --stats "$out/$name-$n.server.json" >"$out/$name-$n.server.log" 2>&1 &
  server_pids=($!)
  wait_port "$port"
}

# One server against N pollers: prints "requests cpu_ns".
measure() {
  local server=$1 n=$2 port epoch interval_ms
  port=$(free_port)
  interval_ms=$(awk -v n="$n" -v r="$rate" 'BEGIN { printf "%.3f", n * 1000 / r }')
  # Time zero leaves the server a second to come up; connecting is part of the warm-up.
  epoch=$(($(mono_ns) + 1000000000))
  if [[ $server == nginx ]]; then start_nginx "$n" "$port"; else start_pushbench "$n" "$port" "$epoch" "$server"; fi
  taskset -c 1 "$client_bin" --transport poll --http-engine lean --port "$port" \
    --epoch-mono-ns "$epoch" --workload idle --clients "$n" --poll-interval "$interval_ms" \
    --warmup "$warmup" --duration "$window" --result "$out/$server-$n.client.json" \
    >"$out/$server-$n.client.log" 2>&1 &
  client=$!
  sleep_until $((epoch + warmup * 1000000000))
  local c0 c1
  c0=$(cpu_ns "${server_pids[@]}")
  sleep_until $((epoch + (warmup + window) * 1000000000))
  c1=$(cpu_ns "${server_pids[@]}")
  # Both run until told to stop; the client writes its result then (its window has ended).
  kill -TERM "$client" 2>/dev/null || true
  wait "$client" || { echo "server_vs_nginx: the client failed against $server ($out/$server-$n.client.log)" >&2; exit 1; }
  client=
  kill "${server_pids[@]}" 2>/dev/null || true
  wait "${server_pids[@]}" 2>/dev/null || true
  server_pids=()
  local requests errors
  read -r requests errors < <(python3 -c "import json; j = json.load(open('$out/$server-$n.client.json')); print(j['requests'], sum(j['errors'].values()))")
  ((errors == 0)) || echo "server_vs_nginx: $server at $n clients: $errors client errors" >&2
  echo "$requests $((c1 - c0))"
}

printf '%-6s %8s %-10s %10s %10s %12s %10s\n' round pollers server requests "req/s" "CPU µs/req" "x nginx"
for round in $(seq "$rounds"); do
  for n in "${counts[@]}"; do
    declare -A us=() req_s=() reqs=()
    order=(nginx pushbench lws-round)
    ((round % 2 == 0)) && order=(lws-round pushbench nginx)
    for server in "${order[@]}"; do
      read -r requests cpu <<<"$(measure "$server" "$n")"
      us[$server]=$(awk -v c="$cpu" -v r="$requests" 'BEGIN { printf "%.3f", c / 1000 / r }')
      req_s[$server]=$(awk -v r="$requests" -v w="$window" 'BEGIN { printf "%.0f", r / w }')
      reqs[$server]=$requests
    done
    for server in nginx pushbench lws-round; do
      printf '%-6s %8d %-10s %10d %10s %12.2f %10.2f\n' "$round" "$n" "$server" "${reqs[$server]}" \
        "${req_s[$server]}" "${us[$server]}" "$(awk -v a="${us[$server]}" -v b="${us[nginx]}" 'BEGIN { print a / b }')"
    done
  done
done
echo "each server on CPU 0 (nginx: return 204; pushbench-server: idle workload, 204; lws-round: pushbench-server --keepalive-rearm off, lws 4.1.6's own POLLOUT round after each request), pushbench-client --http-engine lean on CPU 1, keep-alive pollers at $rate requests/s in all, ${window} s windows; $out"
