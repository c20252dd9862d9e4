#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs every libFuzzer harness for a bounded time.
#   build-aux/fuzz.sh [SECONDS-PER-HARNESS]   (default 10; CI smoke)
# A longer run, e.g. an hour each: build-aux/fuzz.sh 3600
# Prints one "fuzz NAME: ok|FAILED …" line per harness; exits non-zero on
# any crash. Crash inputs are left in build-fuzz/crashes/ — add each, once
# fixed, to tests/fuzz/corpus/NAME/ so it stays a regression test.
set -eu
cd "$(dirname "$0")/.."
seconds="${1:-10}"
builddir=build-fuzz

if [ ! -f "$builddir/build.ninja" ]; then
  CC=clang meson setup "$builddir" -Dfuzzing=true \
    -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
else
  # Target names are looked up in meson's introspection data: refresh it,
  # or a harness added since the last setup is "not found".
  meson setup --reconfigure "$builddir" >/dev/null
fi

harnesses=$(sed -n "s/^  '\(fuzz-[a-z-]*\)': .*/\1/p" tests/fuzz/meson.build)
# shellcheck disable=SC2086
if ! meson compile -C "$builddir" $(for h in $harnesses; do printf 'tests/fuzz/%s ' "$h"; done) >"$builddir/compile.log" 2>&1; then
  tail -30 "$builddir/compile.log"
  echo "fuzz: FAILED to build the harnesses (see $builddir/compile.log)"
  exit 1
fi

mkdir -p "$builddir/crashes"
status=0
for h in $harnesses; do
  work=$(mktemp -d)
  cp -r "tests/fuzz/corpus/$h/." "$work/"
  log="$builddir/$h.log"
  if ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
     "$builddir/tests/fuzz/$h" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
     -artifact_prefix="$builddir/crashes/$h-" "$work" >"$log" 2>&1; then
    execs=$(grep -o 'Done [0-9]* runs' "$log" | tail -1 | grep -o '[0-9]*' || echo '?')
    echo "fuzz $h: ok, $execs executions in ${seconds} s"
  else
    echo "fuzz $h: FAILED (see $log)"
    tail -30 "$log"
    status=1
  fi
  rm -rf "$work"
done
exit $status
