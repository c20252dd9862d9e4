#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Developer tool: fill translations from a JSON file, then merge with
the current template.

  build-aux/po-fill.py po/interleave.pot LANG translations.json

translations.json maps a msgid (or "context\\u0004msgid") to its
translation; for a plural message (ngettext), the singular msgid maps to
the list of plural forms, msgstr[0], msgstr[1], …. Existing translations not in the JSON are kept. Run
`meson compile -C BUILD interleave-pot` first."""
import json
import os
import subprocess
import sys
import tempfile


def quote(text):
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return '"' + out + '"'


def plurals_in(pot):
    """msgid → msgid_plural for the plural messages of a template."""
    found = {}
    msgid = None
    field = None
    with open(pot, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith("msgid "):
                msgid, field = json.loads(line[6:]), "msgid"
            elif line.startswith("msgid_plural "):
                found[msgid] = json.loads(line[13:])
                field = "plural"
            elif line.startswith('"') and field == "msgid":
                msgid += json.loads(line)
            elif line.startswith('"') and field == "plural":
                found[msgid] += json.loads(line)
            else:
                field = None
    return found


def main():
    pot, lang, table = sys.argv[1], sys.argv[2], sys.argv[3]
    podir = os.path.dirname(pot)
    po = os.path.join(podir, lang + ".po")
    with open(table, encoding="utf-8") as f:
        entries = json.load(f)
    old_header = None
    if os.path.exists(po):
        with open(po, encoding="utf-8") as f:
            old_header = f.read().split("\n\n", 1)[0]
    with tempfile.TemporaryDirectory() as tmp:
        new = os.path.join(tmp, "new.po")
        with open(new, "w", encoding="utf-8") as out:
            out.write('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                      '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')
            plurals = plurals_in(pot)
            for key, value in entries.items():
                if "\u0004" in key:
                    ctx, msgid = key.split("\u0004", 1)
                    out.write("msgctxt " + quote(ctx) + "\n")
                else:
                    msgid = key
                if isinstance(value, list):
                    out.write("msgid " + quote(msgid) + "\nmsgid_plural " + quote(plurals[msgid]) + "\n")
                    for i, form in enumerate(value):
                        out.write("msgstr[%d] " % i + quote(form) + "\n")
                    out.write("\n")
                else:
                    out.write("msgid " + quote(msgid) + "\nmsgstr " + quote(value) + "\n\n")
        merged = os.path.join(tmp, "merged.po")
        inputs = [new] + ([po] if os.path.exists(po) else [])
        subprocess.run(["msgcat", "--use-first", "-o", merged] + inputs, check=True)
        subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", "-o", po, merged, pot], check=True)
        subprocess.run(["msgattrib", "--no-obsolete", "-o", po, po], check=True)
    if old_header is not None:
        # msgcat took the header of the generated file: put the real one back.
        with open(po, encoding="utf-8") as f:
            body = f.read().split("\n\n", 1)[1]
        with open(po, "w", encoding="utf-8") as f:
            f.write(old_header + "\n\n" + body)
    stats = subprocess.run(["msgfmt", "--statistics", "-o", "/dev/null", po],
                           capture_output=True, text=True, env=dict(os.environ, LC_ALL="C"))
    print(lang + ": " + stats.stderr.strip())


if __name__ == "__main__":
    main()
