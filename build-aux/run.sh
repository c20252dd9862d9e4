#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The README's first command: install, build, run.
# With a display, the window opens. Without one, a shipped scenario is
# simulated headless and its picture and summary are written to out/.
set -eu
cd "$(dirname "$0")/.."

build-aux/deps.sh build
if [ ! -f build/build.ninja ]; then
  meson setup build
fi
meson compile -C build

# Run uninstalled: the schema is compiled into build/data.
export GSETTINGS_SCHEMA_DIR="$PWD/build/data"
export INTERLEAVE_DATADIR="$PWD/data"
export INTERLEAVE_LOCALEDIR="$PWD/build/po"

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec build/src/interleave "$@"
fi

mkdir -p out
scenario=data/scenarios/myth-node-one-request.json
if build/src/interleave simulate --help 2>/dev/null | grep -q -- '--png'; then
  build/src/interleave simulate "$scenario" --summary \
    --json out/summary.json --png out/timeline.png
  echo "No display: simulated $scenario; wrote out/summary.json and out/timeline.png"
else
  build/src/interleave simulate "$scenario" --summary --json out/summary.json
  echo "No display: simulated $scenario; wrote out/summary.json"
fi
