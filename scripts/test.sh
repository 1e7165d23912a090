#!/usr/bin/env bash
# Builds Tweetscope with warnings as errors and runs the whole test suite (what CI runs).
# GUI tests use the offscreen platform; keychain tests get a throwaway secret service
# and a temporary HOME, so nothing touches the real keyring or settings.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset ci >/dev/null
cmake --build --preset ci
export QT_QPA_PLATFORM=offscreen
test_home=$(mktemp -d)
trap 'rm -rf "$test_home"' EXIT
HOME="$test_home" XDG_DATA_HOME="$test_home/.local/share" XDG_CONFIG_HOME="$test_home/.config" \
  dbus-run-session -- sh -c \
  'echo -n throwaway | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec ctest --preset ci -j2 "$@"' \
  sh "$@"
