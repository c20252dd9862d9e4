#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The README's second command: install everything, build with -Werror,
# run every test under Xvfb, then the same suite again in an ASan/UBSan
# build, then a short fuzz smoke; end with "tests: N passed, N failed".
#   build-aux/test.sh [--quick]   --quick: the -Werror build's tests only
set -u
cd "$(dirname "$0")/.."

quick=0
if [ "${1:-}" = "--quick" ]; then quick=1; shift; fi

build-aux/deps.sh test || exit 1

export GTK_A11Y=none
logs=""
status=0

# run_suite BUILDDIR LABEL SETUP-ARGS…
run_suite () {
  builddir=$1; label=$2; shift 2
  if [ ! -f "$builddir/build.ninja" ]; then
    meson setup "$builddir" "$@" || return 1
  else
    meson configure "$builddir" "$@" || return 1
  fi
  meson compile -C "$builddir" || return 1
  logs="$logs $label=$builddir/meson-logs/testlog.json"
  rm -f "$builddir/meson-logs/testlog.json"
  xvfb-run -a -s "-screen 0 1920x1080x24" \
    meson test -C "$builddir" --print-errorlogs --num-processes 2 || return 1
}

echo "== build with -Werror and run every test"
run_suite build-test werror -Dwerror=true || status=1

fuzz_args=""
if [ $quick -eq 0 ]; then
  echo "== the same tests in an AddressSanitizer + UndefinedBehaviorSanitizer build"
  run_suite build-asan asan -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false || status=1

  echo "== fuzz smoke"
  # No pipe into tee: its status would hide the fuzzer's.
  build-aux/fuzz.sh "${FUZZ_SECONDS:-10}" >build-fuzz-results.txt 2>&1 || status=1
  cat build-fuzz-results.txt
  mv build-fuzz-results.txt build-fuzz/results.txt 2>/dev/null || true
  fuzz_args="--fuzz build-fuzz/results.txt"
fi

# shellcheck disable=SC2086
python3 build-aux/test-summary.py $logs $fuzz_args || status=1
exit $status
