#!/usr/bin/env bash
# Installs what Tweetscope needs, builds it, and starts the desktop app on the built-in
# local archive (the sample archive is generated on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset dev >/dev/null
cmake --build --preset dev
exec build/dev/bin/tweetscope "$@"
