#!/usr/bin/env bash
# Builds the asan preset (Debug, ASan+UBSan, build/asan) and runs the whole test suite under
# it, the way scripts/test.sh runs it (scripts/isolated-ctest.sh). Any sanitizer report fails
# the test that triggered it. See docs/reliability.md, "Sanitizers and fuzzing".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
start=$SECONDS
cmake --preset asan >/dev/null
cmake --build --preset asan
echo "sanitize: asan build took $((SECONDS - start)) s"
export ASAN_OPTIONS=detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
start=$SECONDS
status=0
bash scripts/isolated-ctest.sh asan "$@" || status=$?
echo "sanitize: asan suite took $((SECONDS - start)) s"
exit $status
