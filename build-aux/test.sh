#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The README's second command: install everything, build with -Werror,
# run every test under Xvfb, end with "tests: N passed, N failed".
set -eu
cd "$(dirname "$0")/.."

build-aux/deps.sh test

builddir=build-test
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" -Dwerror=true
else
  meson configure "$builddir" -Dwerror=true
fi
meson compile -C "$builddir"

export GTK_A11Y=none
status=0
xvfb-run -a -s "-screen 0 1920x1080x24" \
  meson test -C "$builddir" --print-errorlogs --num-processes 2 "$@" || status=$?

python3 build-aux/test-summary.py "$builddir/meson-logs/testlog.json" || status=1
exit $status
