#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz; the fuzz preset: clang-14, ASan+UBSan, build/fuzz)
# and runs each one for a bounded time with its seed corpus. A crash, a sanitizer report, a
# failed invariant, a timeout or running out of memory fails the script; libFuzzer leaves the
# input in build/fuzz/artifacts/. See docs/reliability.md, "Sanitizers and fuzzing".
#
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET [TARGET...]]   (default: 60 s, every target)
# Reproduce one input:  build/fuzz/bin/<target> <file>
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
mkdir -p build/fuzz/artifacts build/fuzz/logs
status=0
while IFS='|' read -r name max_len dict seeds; do
  [ -n "$name" ] || continue
  if [ $# -gt 0 ] && [[ " $* " != *" $name "* ]]; then continue; fi
  corpus=build/fuzz/corpus/$name # grows across runs; the seeds stay as they are
  mkdir -p "$corpus"
  IFS=';' read -ra seed_dirs <<< "$seeds"
  args=(-max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048
        -print_final_stats=1 -artifact_prefix="build/fuzz/artifacts/$name-")
  [ -z "$dict" ] || args+=(-dict="$dict")
  log=build/fuzz/logs/$name.log
  echo "fuzz: $name for ${seconds}s (log: $log)"
  start=$(date +%s)
  if build/fuzz/bin/"$name" "${args[@]}" "$corpus" "${seed_dirs[@]}" > "$log" 2>&1; then
    echo "fuzz: $name ok in $(( $(date +%s) - start ))s:" \
      "$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}') runs," \
      "$(grep -E '^#[0-9]+.*(DONE|cov:)' "$log" | tail -1 | grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9/a-zA-Z]+')"
  else
    status=1
    echo "fuzz: $name FAILED (artifacts in build/fuzz/artifacts/):"
    grep -E 'ERROR|FUZZ_CHECK|SUMMARY|Test unit written|runtime error' "$log" | head -20 || true
    tail -40 "$log"
  fi
done < build/fuzz/fuzzers.txt
exit $status
