#!/usr/bin/env bash
# Smoke: a few seconds of the real thing, end to end, as a user runs it: `pushbench run` of poll,
# poll-close and ws with a two-interval poll sweep, then the CSV checked against results/SCHEMA.md,
# and the report (both tables, the sweep) and its plots that the run ends with.
# Usage: smoke.sh PUSHBENCH_BINARY SOURCE_DIR
set -euo pipefail
pushbench=$1
src=$2
out=$(mktemp -d /tmp/pushbench-smoke.XXXXXX)
trap 'rm -rf "$out"' EXIT
fail() { echo "smoke: $*" >&2; exit 1; }

"$pushbench" run --transports poll,poll-close,ws --clients 20 --rate 10 --poll-interval 200,500 \
  --warmup 1 --duration 2 --drain 1 --out "$out" >"$out/run.txt" ||
  fail "pushbench run exited with $?"
csv=$out/results.csv
[ -s "$out/meta.json" ] || fail "no meta.json"
# The interval multiplies the polling transports only: poll x 2, poll-close x 2, ws x 1.
rows=$(($(wc -l <"$csv") - 1))
[ "$rows" -eq 5 ] || fail "expected 5 rows, got $rows"
awk -F, '
  NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
  { n[$col["transport"] "@" $col["poll_interval_ms"]]++ }
  END {
    split("poll@200 poll@500 poll-close@200 poll-close@500 ws@", want, " ")
    for (w in want) if (n[want[w]] != 1) { print "no single row for " want[w]; bad = 1 }
    exit bad
  }' "$csv" || fail "sweep cells"
clients=$(find "$out/raw" -name '*.client.json' | wc -l)
[ "$clients" -eq 5 ] || fail "expected 5 distinct raw client files, got $clients"

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

# The run ended with its report: both tables, the sweep, the plots (and a skip note for a sweep
# dimension the run did not vary).
report=$out/report.md
for part in "## The article's table, measured" "## The Kaazing table, measured" \
            "## Polling-interval sweep" "| Connection |" "| poll | headers only |" \
            "![latency_vs_poll_interval](plots/latency_vs_poll_interval.png)" \
            "- cpu_vs_clients: "; do
  grep -qF -- "$part" "$report" || fail "report.md lacks '$part'"
done
grep -qF "The Kaazing table, measured" "$out/run.txt" || fail "the run did not print the report"
for plot in latency_cdf latency_by_transport latency_vs_poll_interval; do
  [ -s "$out/plots/$plot.png" ] && [ -s "$out/plots/$plot.svg" ] || fail "no $plot plot"
done
# `pushbench report` on its own regenerates it.
rm "$report"
"$pushbench" report "$out" --no-plots >/dev/null || fail "pushbench report exited with $?"
[ -s "$report" ] || fail "pushbench report wrote no report.md"
echo "smoke: ok ($rows rows, report and plots)"
