#!/usr/bin/env python3
"""Rewrite the generated block NAME of a markdown file with standard input.

A block sits between the lines `<!-- NAME:begin -->` and `<!-- NAME:end -->`; the
scripts in tools/studies/ and bench/ that measure what a block says call this with
`--update-docs`, so every number in the docs has a script that regenerates it.
The file is written to a temporary name and renamed.

    some_script | tools/studies/replace_block.py docs/FILE.md NAME
"""
import os
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: replace_block.py FILE NAME < text")
    path, name = sys.argv[1], sys.argv[2]
    begin, end = "<!-- %s:begin -->" % name, "<!-- %s:end -->" % name
    doc = open(path, encoding="utf-8").read()
    if doc.count(begin) != 1 or doc.count(end) != 1:
        sys.exit("%s: needs exactly one '%s' and one '%s'" % (path, begin, end))
    i, j = doc.index(begin) + len(begin), doc.index(end)
    if j < i:
        sys.exit("%s: '%s' comes before '%s'" % (path, end, begin))
    text = sys.stdin.read()
    if not text.endswith("\n"):
        text += "\n"
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(doc[:i] + "\n" + text + doc[j:])
    os.replace(tmp, path)


if __name__ == "__main__":
    main()
