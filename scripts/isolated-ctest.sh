#!/usr/bin/env bash
# Runs `ctest --preset PRESET -j2 [ctest args...]` the way CI does, for scripts/test.sh and
# scripts/sanitize.sh: GUI tests on the offscreen platform; keychain tests get a throwaway
# secret service and a temporary HOME, so nothing touches the real keyring or settings.
set -euo pipefail
preset=$1
shift
export QT_QPA_PLATFORM=offscreen
test_home=$(mktemp -d)
trap 'rm -rf "$test_home"' EXIT
HOME="$test_home" XDG_DATA_HOME="$test_home/.local/share" XDG_CONFIG_HOME="$test_home/.config" \
  dbus-run-session -- sh -c \
  'echo -n throwaway | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec ctest --preset "$0" -j2 "$@"' \
  "$preset" "$@"
