#!/usr/bin/env bash
# h2load beside pushbench (issue 14): GET /poll over HTTP/2 (TLS 1.3, ALPN h2) at the same load,
# measured by two clients that share no code: pushbench's poll-h2 (libcurl) and nghttp2's h2load.
# The idle workload makes every poll a 204, so both ask for the same response. Prints, per
# client: requests, request rate, response header block bytes per response (HPACK, frame header
# excluded) and all HTTP/2 bytes received per request (h2load: frames, no TLS; pushbench: the
# kernel's, TLS records included), and the server's own count of the header bytes it wrote.
# Usage: bench/scenarios/h2load.sh   (needs h2load: Debian nghttp2-client)
# Env: CLIENTS (1000), DURATION (15 s), BUILD (build), OUT (results/runs/h2load-*)
set -euo pipefail
cd "$(dirname "$0")/../.."
clients=${CLIENTS:-1000}
duration=${DURATION:-15}
build=${BUILD:-build}
out=${OUT:-results/runs/h2load-$(date -u +%Y%m%dT%H%M%SZ)}
command -v h2load >/dev/null || { echo "h2load: not installed (apt-get install nghttp2-client)" >&2; exit 1; }
mkdir -p "$out"

# Column $2 of the (only) row of CSV $1.
column() {
  awk -F, -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
                       NR == 2 { print $c }' "$1"
}

# 1. pushbench: every client polls once a second on its own HTTP/2 connection.
"$build/bench/pushbench" run --tls --transports poll-h2 --workload idle --clients "$clients" \
  --duration "$duration" --no-plots --out "$out/pushbench" >"$out/pushbench.log" 2>&1 ||
  { echo "h2load: the pushbench run failed, see $out/pushbench.log" >&2; exit 1; }
csv="$out/pushbench/results.csv"
pb_requests=$(column "$csv" requests_total)
pb_rate=$(awk -v n="$pb_requests" -v d="$duration" 'BEGIN { printf "%.0f", n / d }')
pb_header=$(column "$csv" h2_response_header_bytes)
pb_down=$(awk -v b="$(column "$csv" app_bytes_down)" -v n="$pb_requests" 'BEGIN { printf "%.1f", b / n }')

# 2. h2load: as many clients, one connection each, the same number of requests, against a server
# of its own with the run's certificate. h2load sends each request as soon as the last is answered.
raw="$out/pushbench/raw"
"$build/servers/pushbench-server" --port 0 --workload idle --clients "$clients" --duration 0 --h2 \
  --tls-cert "$raw/tls-cert.pem" --tls-key "$raw/tls-key.pem" --stats "$out/h2load.server.json" \
  >"$out/h2load.server.ready" 2>"$out/h2load.server.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  grep -q '"port"' "$out/h2load.server.ready" 2>/dev/null && break
  sleep 0.1
done
port=$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' "$out/h2load.server.ready")
h2load -n "$pb_requests" -c "$clients" -m 1 "https://127.0.0.1:$port/poll?client=0&after=-1" \
  >"$out/h2load.txt" 2>&1
kill -TERM "$server"
wait "$server" || true
trap - EXIT
h2_requests=$(sed -n 's/^requests: \([0-9]*\) total.*/\1/p' "$out/h2load.txt")
h2_rate=$(sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p' "$out/h2load.txt")
h2_total=$(sed -n 's/^traffic: .*(\([0-9]*\)) total.*/\1/p' "$out/h2load.txt")
h2_head=$(sed -n 's/^traffic: .*(\([0-9]*\)) headers.*/\1/p' "$out/h2load.txt")
srv_head=$(python3 -c "import json; h = json.load(open('$out/h2load.server.json'))['h2']; print(f\"{h['header_block_bytes'] / h['headers_frames']:.1f}\")")

printf '%-10s %10s %10s %22s %22s\n' client requests "req/s" "header B per response" "B down per request"
printf '%-10s %10s %10s %22s %22s\n' pushbench "$pb_requests" "$pb_rate" "$pb_header" "$pb_down (TLS incl.)"
printf '%-10s %10s %10s %22s %22s\n' h2load "$h2_requests" "${h2_rate%.*}" \
  "$(awk -v h="$h2_head" -v n="$h2_requests" 'BEGIN { printf "%.1f", h / n }')" \
  "$(awk -v t="$h2_total" -v n="$h2_requests" 'BEGIN { printf "%.1f", t / n }') (frames)"
echo "server's count for h2load's responses: $srv_head B per response; $clients clients; $out"
