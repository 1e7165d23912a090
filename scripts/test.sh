#!/usr/bin/env bash
# Builds Tweetscope with warnings as errors and runs the whole test suite (what CI runs).
# The tests run through scripts/isolated-ctest.sh (offscreen GUI, throwaway HOME and keyring).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset ci >/dev/null
cmake --build --preset ci
bash scripts/isolated-ctest.sh ci "$@"
