#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `meson install` into a DESTDIR puts every file where GNOME expects it.
set -eu
builddir="$1"
destdir=$(mktemp -d)
trap 'rm -rf "$destdir"' EXIT

prefix=$(meson introspect --buildoptions "$builddir" | python3 -c \
  'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"))')

DESTDIR="$destdir" meson install -C "$builddir" --quiet >"$destdir.log" 2>&1 || { cat "$destdir.log"; rm -f "$destdir.log"; exit 1; }
rm -f "$destdir.log"
root="$destdir$prefix"
app=io.github.interleave.Interleave
status=0
for f in \
  bin/interleave \
  share/applications/$app.desktop \
  share/metainfo/$app.metainfo.xml \
  share/glib-2.0/schemas/$app.gschema.xml \
  share/icons/hicolor/scalable/apps/$app.svg \
  share/icons/hicolor/symbolic/apps/$app-symbolic.svg \
  share/locale/de/LC_MESSAGES/interleave.mo \
  share/locale/es/LC_MESSAGES/interleave.mo \
  share/locale/fr/LC_MESSAGES/interleave.mo \
  share/interleave/servers \
  share/interleave/scenarios \
  share/interleave/lessons
do
  if [ -e "$root/$f" ]; then
    echo "ok: $f"
  else
    echo "not ok: $f missing"; status=1
  fi
done
[ -x "$root/bin/interleave" ] || { echo "not ok: bin/interleave not executable"; status=1; }
# The installed binary runs (headless) and the desktop file's Exec names it.
env -u DISPLAY -u WAYLAND_DISPLAY "$root/bin/interleave" --version >/dev/null || status=1
grep -q '^Exec=interleave' "$root/share/applications/$app.desktop" || status=1
exit $status
