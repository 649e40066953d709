#!/usr/bin/env bash
# WebSocket push beside the raw-TCP floor at scale (issue 15 item 7): N clients each receive a
# broadcast of 1 event/s (every event to every client), ws and tcp in turn through `pushbench
# run` (shards as it plans them: one server and one client process per 16,000 clients, servers on
# CPU 0, clients on CPU 1). Prints, per N and transport, delivery, latency p50/p99/p99.9 and
# the ratios to tcp, the server's and clients' CPU per notification and the flags; the goal is
# ws p99 <= 1.2 x tcp p99. Run it on a quiet machine (it needs both cores; 50,000 clients use
# ~1 GB).
#
#   bench/scenarios/push_scale.sh [N...]        (default: 50000)
#
# Env: RATE (1 event/s), WARMUP (30 s: connecting 50,000 ws clients takes ~10 s), DURATION
#      (30 s window), BUILD (build), OUT (results/runs/push-scale-<UTC time>)
set -euo pipefail
cd "$(dirname "$0")/../.."
counts=("${@:-50000}")
read -r -a counts <<<"${counts[*]}"
rate=${RATE:-1}
warmup=${WARMUP:-30}
duration=${DURATION:-30}
build=${BUILD:-build}
out=${OUT:-results/runs/push-scale-$(date -u +%Y%m%dT%H%M%SZ)}
[[ -x $build/bench/pushbench ]] || { echo "push_scale: build pushbench first ($build/bench/pushbench)" >&2; exit 2; }
if pgrep -x cc1plus >/dev/null; then
  echo "push_scale: warning: the machine is not quiet (a compiler is running)" >&2
fi
mkdir -p "$out"

for n in "${counts[@]}"; do
  dir="$out/$n"
  if ! "$build/bench/pushbench" run --transports tcp,ws --workload broadcast --rate "$rate" \
    --clients "$n" --warmup "$warmup" --duration "$duration" --drain 2 --no-plots \
    --out "$dir" >"$dir.log" 2>&1; then
    echo "push_scale: the run at $n clients failed: $(grep -v '^\s*$' "$dir.log" | tail -1)" >&2
    continue
  fi
done
/usr/bin/python3 - "$out" "${counts[@]}" <<'PY'
import csv, sys
out, counts = sys.argv[1], sys.argv[2:]
print(f"{'clients':>8} {'transport':<9} {'expected':>9} {'lost':>6} {'p50 ms':>8} {'p99 ms':>8} "
      f"{'p99.9 ms':>9} {'p50/tcp':>8} {'p99/tcp':>8} {'srv us/n':>9} {'cli us/n':>9}  flags")
for n in counts:
    try:
        rows = {r["transport"]: r for r in csv.DictReader(open(f"{out}/{n}/results.csv"))}
    except OSError:
        continue
    tcp = rows.get("tcp")
    for t in ("tcp", "ws"):
        r = rows.get(t)
        if r is None:
            continue
        ms = lambda k: float(r[k]) / 1000
        ratio = lambda k: (f"{float(r[k]) / float(tcp[k]):.2f}" if tcp and float(tcp[k]) > 0 else "-")
        print(f"{n:>8} {t:<9} {r['notifications_expected']:>9} {r['notifications_lost']:>6} "
              f"{ms('latency_p50_us'):>8.2f} {ms('latency_p99_us'):>8.2f} {ms('latency_p999_us'):>9.2f} "
              f"{ratio('latency_p50_us'):>8} {ratio('latency_p99_us'):>8} "
              f"{float(r['server_cpu_us_per_notification']):>9.2f} "
              f"{float(r['client_cpu_us_per_notification']):>9.2f}  {r['flags'] or '-'}")
PY
echo "broadcast, ${rate} event/s to every client, ${warmup} s warm-up, ${duration} s window; results in $out"
