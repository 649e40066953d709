#!/usr/bin/env bash
# Smoke: a few seconds of the real thing, end to end, as a user runs it: `pushbench run` of all
# transports, then the CSV checked against results/SCHEMA.md and the plot rendered from it.
# Usage: smoke.sh PUSHBENCH_BINARY SOURCE_DIR
set -euo pipefail
pushbench=$1
src=$2
out=$(mktemp -d /tmp/pushbench-smoke.XXXXXX)
trap 'rm -rf "$out"' EXIT
fail() { echo "smoke: $*" >&2; exit 1; }

"$pushbench" run --transports poll,poll-close,ws --clients 20 --rate 10 --poll-interval 200 \
  --warmup 1 --duration 2 --drain 1 --out "$out" || fail "pushbench run exited with $?"
csv=$out/results.csv
[ -s "$out/meta.json" ] || fail "no meta.json"
rows=$(($(wc -l <"$csv") - 1))
[ "$rows" -eq 3 ] || fail "expected 3 rows, got $rows"

# Every header column is documented in SCHEMA.md (first cell of a table row: | `name` |).
header=$(head -1 "$csv" | tr -d '\r')
IFS=, read -ra columns <<<"$header"
for c in "${columns[@]}"; do
  grep -q "^| \`$c\` |" "$src/results/SCHEMA.md" || fail "column $c is not in results/SCHEMA.md"
done

# Accounting balances and nothing is lost on loopback.
awk -F, '
  NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
  {
    e = $col["notifications_expected"]; d = $col["notifications_delivered"]; l = $col["notifications_lost"]
    if (d + l != e) { print "row " NR ": delivered + lost != expected"; bad = 1 }
    if (e <= 0 || l != 0) { print "row " NR ": expected " e ", lost " l; bad = 1 }
  }
  END { exit bad }' "$csv" || fail "accounting"

/usr/bin/python3 "$src/plots/latency_by_transport.py" "$out" >/dev/null || fail "plot failed"
[ -s "$out/plots/latency_by_transport.png" ] || fail "no plot"
echo "smoke: ok ($rows rows)"
