#!/usr/bin/env bash
# The lean HTTP engine beside wrk (issue 15): client CPU per poll request against the same nginx
# (`return 204` on /poll, one worker, a pinned config written below), for three clients side by
# side in one run: wrk (the floor: a C load generator on http-parser), pushbench-client
# --http-engine lean (epoll + http-parser) and pushbench-client --http-engine curl (libcurl multi,
# what a typical client costs). Each client in turn gets CONNS keep-alive connections; wrk keeps
# one request outstanding on each; pushbench's clients poll every INTERVAL_MS, which comes due
# again before each answer arrives, so each client asks again as soon as it is answered (a late
# poll): the same closed loop as wrk's. nginx runs on CPU 0, the client on CPU 1. For each
# client, over the same WINDOW seconds after a 2 s warm-up: requests nginx served (its
# stub_status counter), the client's CPU (/proc/PID/task/*/schedstat, on-CPU ns), and their ratio.
# Goal: lean <= 1.2 x wrk. Run it on a quiet machine (no compiler, no other benchmark).
# Usage: bench/scenarios/lean_vs_wrk.sh   (needs nginx and wrk: Debian packages)
# Env: CONNS (200), INTERVAL_MS (1), WINDOW (10 s), BUILD (build), OUT (results/runs/lean-vs-wrk-*)
set -euo pipefail
cd "$(dirname "$0")/../.."
conns=${CONNS:-200}
interval_ms=${INTERVAL_MS:-1}
window=${WINDOW:-10}
build=${BUILD:-build}
out=${OUT:-results/runs/lean-vs-wrk-$(date -u +%Y%m%dT%H%M%SZ)}
client_bin="$build/clients/pushbench-client"
for tool in nginx wrk taskset; do
  command -v "$tool" >/dev/null || [[ -x /usr/sbin/$tool ]] ||
    { echo "lean_vs_wrk: $tool not installed" >&2; exit 1; }
done
[[ -x $client_bin ]] || { echo "lean_vs_wrk: build pushbench first ($client_bin)" >&2; exit 1; }
if pgrep -x cc1plus >/dev/null; then
  echo "lean_vs_wrk: warning: the machine is not quiet (a compiler is running)" >&2
fi
mkdir -p "$out/nginx"
dir=$(cd "$out/nginx" && pwd)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
source bench/scenarios/nginx_204.sh
nginx_204_conf "$dir" "$port" "$conns"
taskset -c 0 "$nginx_bin" -p "$dir/" -c "$dir/nginx.conf" -g 'daemon off;' 2>"$dir/stderr.log" &
nginx=$!
client=
cleanup() {
  [[ -n $client ]] && kill "$client" 2>/dev/null || true
  kill "$nginx" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/status" >/dev/null 2>&1 && break
  sleep 0.1
done

# Requests nginx has served (stub_status' third number of its third line).
served() { curl -sf "http://127.0.0.1:$port/status" | awk 'NR == 3 { print $3 }'; }
# On-CPU ns of every thread of process $1.
cpu_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%.0f\n", s }'; }

# Measures the client started as "$@" (on CPU 1): prints "requests cpu_ns".
measure() {
  taskset -c 1 "$@" >"$out/$label.out" 2>"$out/$label.log" &
  client=$!
  sleep 2
  local r0 c0 r1 c1
  r0=$(served); c0=$(cpu_ns "$client")
  sleep "$window"
  r1=$(served); c1=$(cpu_ns "$client")
  kill -TERM "$client" 2>/dev/null || true
  wait "$client" 2>/dev/null || true
  client=
  echo "$((r1 - r0)) $((c1 - c0))"
}

declare -A result
label=wrk
result[wrk]=$(measure wrk -t1 -c "$conns" -d "$((window + 4))s" "http://127.0.0.1:$port/poll?client=0&after=-1")
for engine in lean curl; do
  label=$engine
  epoch=$(python3 -c 'import time; print(time.monotonic_ns())')
  result[$engine]=$(measure "$client_bin" --transport poll --http-engine "$engine" \
    --port "$port" --epoch-mono-ns "$epoch" --workload idle --clients "$conns" \
    --poll-interval "$interval_ms" --warmup 1 --duration "$((window + 4))" --give-up 60 \
    --result "$out/$engine.json")
done

read -r wrk_requests wrk_cpu <<<"${result[wrk]}"
wrk_us=$(awk -v c="$wrk_cpu" -v n="$wrk_requests" 'BEGIN { printf "%.2f", c / 1000 / n }')
printf '%-28s %12s %10s %14s %10s\n' client requests "req/s" "CPU µs/req" "x wrk"
for name in wrk lean curl; do
  read -r requests cpu <<<"${result[$name]}"
  case $name in
    wrk) what="wrk -t1 (http-parser)" ;;
    lean) what="pushbench --http-engine lean" ;;
    curl) what="pushbench --http-engine curl" ;;
  esac
  awk -v what="$what" -v n="$requests" -v c="$cpu" -v w="$window" -v base="$wrk_us" 'BEGIN {
    us = c / 1000 / n
    printf "%-28s %12d %10.0f %14.2f %10.2f\n", what, n, n / w, us, us / base }'
done
echo "$conns connections, nginx return 204 on CPU 0, each client on CPU 1, ${window} s each; $out"
