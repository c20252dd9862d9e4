#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every shipped translation compiles (msgfmt --check) and is complete:
# no untranslated or fuzzy message, against the current sources.
set -eu
podir="$1"
status=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A fresh template from the sources, so a new string missing from a
# .po file is caught even when nobody ran update-po.
srcdir=$(dirname "$podir")
(cd "$srcdir" && xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ \
   --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 \
   --add-comments --files-from=po/POTFILES.in --output="$tmp/interleave.pot" 2>"$tmp/xgettext.log") || {
  cat "$tmp/xgettext.log"; exit 1; }

for lang in $(grep -v '^#' "$podir/LINGUAS"); do
  po="$podir/$lang.po"
  if [ ! -f "$po" ]; then
    echo "not ok: $po is missing"; status=1; continue
  fi
  if ! msgfmt --check --output-file=/dev/null "$po"; then
    echo "not ok: $po fails msgfmt --check"; status=1; continue
  fi
  msgmerge --quiet --no-fuzzy-matching "$po" "$tmp/interleave.pot" -o "$tmp/$lang.po"
  stats=$(LC_ALL=C msgfmt --statistics --output-file=/dev/null "$tmp/$lang.po" 2>&1)
  echo "$lang: $stats"
  case "$stats" in
    *untranslated*|*fuzzy*)
      echo "not ok: $lang has untranslated or fuzzy messages:"
      msgattrib --untranslated "$tmp/$lang.po" | grep '^msgid' | head -20
      status=1 ;;
  esac
done
exit $status
