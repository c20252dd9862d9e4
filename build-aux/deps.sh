#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what Interleave needs on Debian bookworm, only when missing.
# Usage: build-aux/deps.sh [build|test]
set -eu

build_packages="meson ninja-build pkg-config gcc libc6-dev gettext \
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev \
  libjson-glib-dev libcairo2-dev desktop-file-utils appstream"
run_packages="nodejs python3"
test_packages="xvfb xauth flatpak-builder wrk imagemagick clang \
  libclang-rt-14-dev valgrind"

case "${1:-build}" in
  build) packages="$build_packages $run_packages" ;;
  test)  packages="$build_packages $run_packages $test_packages" ;;
  *) echo "usage: $0 [build|test]" >&2; exit 2 ;;
esac

missing=""
for p in $packages; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # A newer Node than Debian's may already be on PATH; keep it.
    if [ "$p" = nodejs ] && command -v node >/dev/null 2>&1; then continue; fi
    if [ "$p" = python3 ] && command -v python3 >/dev/null 2>&1; then continue; fi
    missing="$missing $p"
  fi
done

if [ -z "$missing" ]; then
  exit 0
fi

echo "Installing:$missing"
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $missing
