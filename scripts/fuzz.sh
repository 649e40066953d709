#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, CMake preset `fuzz`, build-fuzz/) and runs each, starting
# from its committed corpus fuzz/corpus/TARGET/ (inputs it finds go to build-fuzz/fuzz-corpus/,
# never into the repository), with the dictionary fuzz/TARGET.dict when there is one:
#   scripts/fuzz.sh --smoke             45 s of fuzzing split between the targets, at most 5 s
#                                       each (4 s for 11): about a minute (CI: scripts/test.sh)
#   scripts/fuzz.sh --seconds S         S seconds each
#   scripts/fuzz.sh --runs N            N executions each (e.g. --runs 1000000)
# Further arguments name targets (default: every fuzz/*_fuzz.cc). Prints target, executions,
# time, corpus and result; exits 1 if a target failed (crash, sanitizer report, broken
# invariant). A failing input is saved in build-fuzz/fuzz-artifacts/, the log in
# build-fuzz/fuzz-logs/; reproduce with build-fuzz/fuzz/TARGET FILE.
set -euo pipefail
cd "$(dirname "$0")/.."

limit=()
case "${1:-}" in
  --smoke) shift ;;
  --seconds) limit=(-max_total_time="$2"); shift 2 ;;
  --runs) limit=(-runs="$2"); shift 2 ;;
  *) echo "usage: scripts/fuzz.sh --smoke | --seconds S | --runs N [TARGET...]" >&2; exit 2 ;;
esac
targets=("$@")
if ((${#targets[@]} == 0)); then
  for f in fuzz/*_fuzz.cc; do
    targets+=("$(basename "$f" .cc)")
  done
fi

if ((${#limit[@]} == 0)); then  # --smoke: 45 s of fuzzing in all, at most 5 s a target
  per=$((45 / ${#targets[@]}))
  limit=(-max_total_time=$((per < 1 ? 1 : per > 5 ? 5 : per)))
fi

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target fuzz  # the fuzz targets and what they link, nothing else
out=build-fuzz
mkdir -p "$out/fuzz-artifacts" "$out/fuzz-logs"

printf '%-22s %12s %9s %16s  %s\n' target executions time corpus result
failed=0
for t in "${targets[@]}"; do
  corpus="$out/fuzz-corpus/$t"
  log="$out/fuzz-logs/$t.log"
  mkdir -p "$corpus"
  start=$EPOCHREALTIME
  dict=()
  if [ -f "fuzz/$t.dict" ]; then
    dict=(-dict="fuzz/$t.dict")
  fi
  status=0
  "$out/fuzz/$t" "${limit[@]}" "${dict[@]}" -print_final_stats=1 -timeout=10 \
    -artifact_prefix="$out/fuzz-artifacts/$t-" "$corpus" "fuzz/corpus/$t" >"$log" 2>&1 ||
    status=$?
  seconds=$(awk "BEGIN { print $EPOCHREALTIME - $start }")
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  corp=$(grep -o 'corp: [0-9]*/[0-9]*[a-zA-Z]*' "$log" | tail -1 | cut -d' ' -f2 || true)
  result=ok
  if ((status != 0)); then
    failed=1
    result="FAILED (exit $status) $(grep -o 'Test unit written to .*' "$log" | tail -1 | cut -d' ' -f5 || true)"
  fi
  printf '%-22s %12s %8.1fs %16s  %s\n' "$t" "${execs:-?}" "$seconds" "${corp:-?}" "$result"
  if ((status != 0)); then
    pattern='invariant failed|runtime error|ERROR|terminate'
    if grep -qE "$pattern" "$log"; then grep -E "$pattern" "$log" | head -5; else tail -3 "$log"; fi |
      sed 's/^/    /'
  fi
done
exit "$failed"
