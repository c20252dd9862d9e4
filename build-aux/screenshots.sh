#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerates data/screenshots/ from the app's own exporter (the figure the
# Simulate page exports, drawn by `interleave simulate --png`, no display
# needed), so the screenshots stay current with the renderer.
#   build-aux/screenshots.sh [BUILDDIR]
set -eu
cd "$(dirname "$0")/.."

builddir=${1:-build}
bin="$builddir/src/interleave"
out=data/screenshots
scenarios=data/scenarios

if [ ! -x "$bin" ]; then
  echo "$bin is missing: build first (meson compile -C $builddir)" >&2
  exit 1
fi

mkdir -p "$out"

shot () {
  name=$1; shift
  "$bin" simulate "$@" --png "$out/$name.png" > /dev/null
  echo "wrote $out/$name.png"
}

# The main view: the convoy effect, three Pythons side by side.
shot simulate "$scenarios/myth-convoy.json" \
  --width 1600 --height 900 --from 5s --to 5.3s --at 5.2s

# An event loop blocked by a 200 ms cpu phase, dark style.
shot loop-blocked "$scenarios/myth-node-one-request.json" \
  --width 1600 --height 900 --from 5.9s --to 6.4s --at 6.1s --palette dark

# Presenter-size picture (1920 × 1080, larger type) in high contrast:
# threads and the GIL overlap I/O.
shot presenter "$scenarios/myth-python-no-threads.json" \
  --width 1920 --height 1080 --from 5s --to 5.3s --at 5.12s --palette high-contrast
