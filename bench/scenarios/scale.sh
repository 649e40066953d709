#!/usr/bin/env bash
# Scale: 100,000 idle clients per transport on this one machine (issue 15). `pushbench run`
# shards them (bench/run/shard_plan.h): clients on libcurl (sse, and poll and longpoll on the
# curl engine) in 50 processes of 2,000 (libcurl 7.88 looks for a reusable connection among every
# connection of its process), the others in 7 of <= 16,000, each from its own source address
# 127.0.2.k (ws: the kernel's), and 7 pushbench-server processes on 127.0.1.s, all servers on
# CPU 0 and all clients on CPU 1, one idle schedule. Answers: does each transport hold 100,000
# connections, what does one idle connection cost the server in memory, and how long do they
# take to connect?
#
#   bench/scenarios/scale.sh [TRANSPORT...]      (default: ws sse longpoll tcp poll)
#
# Env: CLIENTS (100000), WARMUP (60 s: 100,000 clients connect in 5-20 s), DURATION (30 s
#      window), POLL_MS (60000: poll polls once a minute), HTTP_ENGINE (lean: poll and
#      longpoll's client; with curl, 100,000 clients polling once a minute made client
#      processes give up after connection errors, not understood yet), DRAIN (2 s: idle has
#      nothing in flight; the default would be two poll intervals, 120 s), BUILD (build), OUT
#      (results/runs/scale-<UTC time>).
# Measured: see the figures in docs/method.md "Shards" (100,000 of each, as printed).
# Run it on a quiet machine: it needs both cores and ~3 GB of memory.
#
# Per transport one line: the shards, the connect time (first client process starting to the
# last one's clients all connected) and rate, server RSS per connection (its growth while the
# clients connected / clients) and in all, delivery and errors from the row, its flags.
set -euo pipefail
cd "$(dirname "$0")/../.."
clients=${CLIENTS:-100000}
warmup=${WARMUP:-60}
duration=${DURATION:-30}
poll_ms=${POLL_MS:-60000}
http_engine=${HTTP_ENGINE:-lean}
drain=${DRAIN:-2}
build=${BUILD:-build}
out=${OUT:-results/runs/scale-$(date -u +%Y%m%dT%H%M%SZ)}
transports=("${@:-ws sse longpoll tcp poll}")
read -r -a transports <<<"${transports[*]}"
mkdir -p "$out"

printf '%-9s %8s %6s %6s %8s %10s %10s %12s %10s %10s  %s\n' transport clients c_proc s_proc \
  src_addr connect_s connect/s "srv KiB/conn" "srv MiB" "errors" "flags (or why it stopped)"
for transport in "${transports[@]}"; do
  dir="$out/$transport"
  if ! "$build/bench/pushbench" run --transports "$transport" --workload idle \
    --clients "$clients" --poll-interval "$poll_ms" --http-engine "$http_engine" \
    --warmup "$warmup" --duration "$duration" \
    --drain "$drain" --no-plots --out "$dir" >"$dir.log" 2>&1; then
    printf '%-9s %8s  failed: %s\n' "$transport" "$clients" \
      "$(grep -v '^\s*$' "$dir.log" | tail -1)"
    continue
  fi
  /usr/bin/python3 - "$dir" "$transport" <<'EOF'
import csv, json, sys
d, t = sys.argv[1], sys.argv[2]
row = next(csv.DictReader(open(f"{d}/results.csv")))
cell = json.load(open(f"{d}/meta.json"))["cells"][0]
client = json.load(open(f"{d}/raw/{t}-r1.client.json"))
shards = cell["shards"]
connect_s = (client["ready_mono_ns"] - client["started_mono_ns"]) / 1e9
errors = sum(client["errors"].values())
print(f"{t:<9} {row['clients']:>8} {shards['client_procs']:>6} {shards['server_procs']:>6} "
      f"{shards['source_addresses']:>8} {connect_s:>10.1f} {int(row['clients']) / connect_s:>10.0f} "
      f"{float(row['server_rss_per_client_kb']):>12.2f} {int(row['server_rss_kb']) / 1024:>10.1f} "
      f"{errors:>10}  {row['flags'] or '-'}")
EOF
done
echo "idle workload; ${warmup} s warm-up, ${duration} s window; poll: one poll per ${poll_ms} ms; results in $out"
