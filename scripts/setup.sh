#!/usr/bin/env bash
# Installs the Debian 12 packages Tweetscope needs. `setup.sh --app`: only what building and
# running the three executables needs (scripts/run.sh); no argument: those and what the tests
# and benchmarks need too (scripts/test.sh, CI).
# Idempotent and quick when everything is present: apt-get update runs only when
# a package is missing. Works as root, or through sudo for a normal user.
set -euo pipefail

APP_PACKAGES=(
  # toolchain
  g++ cmake ninja-build pkg-config
  # Qt 6.4 and friends (docs/design.md, decision 1)
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev
  qt6-qpa-plugins libqt6sql6-sqlite qt6-l10n-tools libqt6opengl6-dev
  qcoro-qt6-dev qtkeychain-qt6-dev libsimdjson-dev libsqlite3-dev libarchive-dev
  libgl-dev libxkbcommon-dev fonts-dejavu-core fonts-noto-cjk fonts-noto-color-emoji
)
TEST_PACKAGES=(
  # tests: offscreen/Xvfb GUI, throwaway keyring, Python baselines for benchmarks
  xvfb xauth x11-apps imagemagick dbus dbus-x11 gnome-keyring libsecret-1-0
  python3 python3-aiohttp sqlite3
  # libFuzzer targets (scripts/fuzz.sh): clang 14 with its sanitizer and fuzzer runtimes
  clang-14 libfuzzer-14-dev libclang-rt-14-dev
  # AppStream metadata check of cmake --install (tests/build/install.cmake)
  appstream
  # HTTPS and HTTP/2 test bed (tests/support/tlstestbed.h): nginx as a TLS proxy, openssl for
  # the throwaway CA
  nginx-light openssl
)

case "${1:-}" in
  --app) PACKAGES=("${APP_PACKAGES[@]}") ;;
  "") PACKAGES=("${APP_PACKAGES[@]}" "${TEST_PACKAGES[@]}") ;;
  *) echo "usage: setup.sh [--app]" >&2; exit 2 ;;
esac

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages present" >&2
  exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo); fi
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
