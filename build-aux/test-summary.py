#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reads meson's testlog.json and prints the line CI understands:
"tests: N passed, N failed". Skipped tests are listed, never counted as
passed. Exits non-zero when any test failed or none ran."""
import json
import sys

passed, failed, skipped = 0, 0, []
with open(sys.argv[1], encoding="utf-8") as log:
    for line in log:
        if not line.strip():
            continue
        result = json.loads(line)
        outcome = result.get("result")
        if outcome in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif outcome == "SKIP":
            skipped.append(result.get("name"))
        else:
            failed += 1
            print(f"FAILED: {result.get('name')} ({outcome})")

for name in skipped:
    print(f"SKIPPED (not counted): {name}")
print(f"tests: {passed} passed, {failed} failed")
sys.exit(1 if failed or passed == 0 else 0)
