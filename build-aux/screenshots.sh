#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerates data/screenshots/: the app's own window, drawn offscreen
# under Xvfb by tests/ui/interleave-screenshot (Simulate, Compare with real
# servers optional, Learn at a lesson's verdict, a lesson in presenter
# mode), and one figure from the app's exporter (`interleave simulate
# --png`), so the store listing stays current with the app.
#   build-aux/screenshots.sh [BUILDDIR]
set -eu
cd "$(dirname "$0")/.."

builddir=${1:-build}
bin="$builddir/src/interleave"
shooter="$builddir/tests/ui/interleave-screenshot"
out=data/screenshots
scenarios=data/scenarios

for f in "$bin" "$shooter"; do
  if [ ! -x "$f" ]; then
    echo "$f is missing: build first (meson compile -C $builddir)" >&2
    exit 1
  fi
done

mkdir -p "$out"

# The app as installed would find its schemas, data and translations; an
# uninstalled build is told where they are. Settings stay in memory, so a
# user's own window state and lesson progress play no part.
export GSETTINGS_BACKEND=memory
export GSETTINGS_SCHEMA_DIR="$builddir/data"
export INTERLEAVE_DATADIR="$PWD/data"
export INTERLEAVE_LOCALEDIR="$builddir/po"
export GTK_A11Y=none
export LANGUAGE=en

window () {
  name=$1; shift
  xvfb-run -a -s "-screen 0 1920x1080x24" "$shooter" "$out/$name.png" --size 1280x800 "$@" > /dev/null
  echo "wrote $out/$name.png"
}

figure () {
  name=$1; shift
  "$bin" simulate "$@" --png "$out/$name.png" > /dev/null
  echo "wrote $out/$name.png"
}

# Simulate: the convoy effect, three Pythons side by side, paused at 5.2 s.
window simulate --scenario "$scenarios/myth-convoy.json" --from 5 --to 5.3 --at 5.2

# Compare: two architectures simulated, then swept over load levels. (With
# the real servers measured too, drop --simulated-only: on a busy machine
# the measured figures are the machine's, not the servers'.)
window compare --page compare --compare --simulated-only --sweep

# Learn: a lesson at its verdict: the claim, what is true, what is false, why.
window learn --lesson node-one-request --choose 3 --step 4

# A lesson on a projector: presenter mode, dark. (--measure runs the step's
# live check first; same caveat.)
window presenter --lesson python-no-threads --choose 3 --step 3 --presenter --dark

# The exported figure: an event loop blocked by a 200 ms cpu phase.
figure figure-loop-blocked "$scenarios/myth-node-one-request.json" \
  --width 1600 --height 900 --from 5.9s --to 6.4s --at 6.1s
