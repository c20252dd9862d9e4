#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every screenshot the metainfo lists is in data/screenshots/ (the store
# fetches it from there), is a PNG at least 1000 px wide in a landscape
# shape, and has a caption.
#   check-screenshots.sh METAINFO.xml.in SCREENSHOT_DIR
exec python3 - "$@" <<'PY'
import struct
import sys
import xml.etree.ElementTree as ET

metainfo, folder = sys.argv[1], sys.argv[2]
shots = ET.parse(metainfo).getroot().findall("./screenshots/screenshot")
bad = 0
if len(shots) < 3:
    print(f"not ok: {metainfo}: {len(shots)} screenshots, expected 3 or more")
    bad += 1
defaults = [s for s in shots if s.get("type") == "default"]
if len(defaults) != 1:
    print(f"not ok: {metainfo}: {len(defaults)} default screenshots, expected 1")
    bad += 1
for shot in shots:
    url = shot.findtext("image", "").strip()
    caption = shot.findtext("caption", "").strip()
    name = url.rsplit("/", 1)[-1]
    path = f"{folder}/{name}"
    try:
        with open(path, "rb") as f:
            head = f.read(24)
    except OSError as e:
        print(f"not ok: {url}: no {path}: {e.strerror}")
        bad += 1
        continue
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        print(f"not ok: {path} is not a PNG")
        bad += 1
        continue
    width, height = struct.unpack(">II", head[16:24])
    if width < 1000 or width < height:
        print(f"not ok: {path}: {width}×{height}, expected at least 1000 px wide, landscape")
        bad += 1
    if not caption:
        print(f"not ok: {url}: no caption")
        bad += 1
    print(f"{path}: {width}×{height}: {caption}")
sys.exit(1 if bad else 0)
PY
