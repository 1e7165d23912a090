#!/usr/bin/env bash
# Installs what Tweetscope needs to build and run (not the test tools), builds the three
# executables only (no tests, no benchmarks), says where they are, and starts the desktop app
# on the built-in local archive (the sample archive is generated on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --app
cmake --preset dev >/dev/null
cmake --build --preset dev --target tweetscope tweetscope-cli tweetscope-archive
bin="$PWD/build/dev/bin"
echo "run: built $bin/tweetscope, $bin/tweetscope-cli and $bin/tweetscope-archive" >&2
echo "run: for the command-line tools in this shell: export PATH=\"$bin:\$PATH\"" >&2
exec "$bin/tweetscope" "$@"
