#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Prints the line CI understands, "tests: N passed, N failed", over every
test run of build-aux/test.sh:

  test-summary.py LABEL=BUILDDIR/meson-logs/testlog.json … [--fuzz FILE]

Each meson test counts once per run it appears in (the normal build and the
sanitizer build are separate runs); each "fuzz NAME: ok|FAILED" line of the
fuzz smoke counts as one test. Skipped tests are listed, never counted as
passed. Exits non-zero when anything failed or nothing ran."""
import json
import os
import sys

passed, failed, skipped = 0, 0, []
args = sys.argv[1:]
fuzz_file = None
if "--fuzz" in args:
    i = args.index("--fuzz")
    fuzz_file = args[i + 1]
    del args[i:i + 2]

for arg in args:
    label, _, path = arg.rpartition("=")
    if not os.path.exists(path):
        print(f"FAILED: {label or path}: no test log (the run did not happen)")
        failed += 1
        continue
    with open(path, encoding="utf-8") as log:
        for line in log:
            if not line.strip():
                continue
            result = json.loads(line)
            name = f"{label}:{result.get('name')}" if label else result.get("name")
            outcome = result.get("result")
            if outcome in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif outcome == "SKIP":
                skipped.append(name)
            else:
                failed += 1
                print(f"FAILED: {name} ({outcome})")

if fuzz_file is not None:
    if not os.path.exists(fuzz_file):
        print("FAILED: fuzz smoke did not run")
        failed += 1
    else:
        harnesses = 0
        with open(fuzz_file, encoding="utf-8") as results:
            for line in results:
                if not line.startswith("fuzz "):
                    continue
                harnesses += 1
                if ": ok" in line:
                    passed += 1
                else:
                    failed += 1
                    print("FAILED: " + line.strip())
        if harnesses == 0:
            print("FAILED: the fuzz smoke ran no harness")
            failed += 1

for name in skipped:
    print(f"SKIPPED (not counted): {name}")
print(f"tests: {passed} passed, {failed} failed")
sys.exit(1 if failed or passed == 0 else 0)
