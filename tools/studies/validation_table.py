#!/usr/bin/env python3
"""Helper of validation.sh (standard library only): renders the validation table.

    validation_table.py RESULTS_DIR FIGURES_YAML

RESULTS_DIR holds one <id>.json per row of tests/validation/figures.yaml, written
by tests/validation/test_validation.cpp when HCMSIM_VALIDATION_OUT is set (the
test is the only place a row is run and its value computed). Prints the markdown
of docs/validation.md's `validation` block: the table, then each row's source and
the reason for its tolerance. Exits 1 when RESULTS_DIR lacks a row of
FIGURES_YAML (counted by its `- id:` lines: a test that did not run).
"""
import glob
import json
import os
import sys


def fmt(x):
    """A number as the table shows it: integers with thousands separators,
    others to 6 significant digits."""
    if x == int(x) and abs(x) < 1e9:
        return "{:,}".format(int(x))
    if abs(x) >= 1e9:
        mantissa, exp = ("%.6g" % x).split("e")
        return "%s×10^%d" % (mantissa, int(exp))
    return "%.6g" % x


def pct(x):
    return ("%.8f" % x).rstrip("0").rstrip(".") + "%"


def cell(text):
    return str(text).replace("|", "\\|")


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: validation_table.py RESULTS_DIR FIGURES_YAML")
    rows = [json.load(open(p, encoding="utf-8")) for p in glob.glob(os.path.join(sys.argv[1], "*.json"))]
    if not rows:
        sys.exit("validation_table.py: no results in %s" % sys.argv[1])
    rows.sort(key=lambda r: r["index"])
    out = []
    out.append("| system | figure | published | hcmsim | ratio | tolerance | status |")
    out.append("|---|---|---|---|---|---|---|")
    for r in rows:
        ours = fmt(r["hcmsim"]) if "hcmsim" in r else "—"
        ratio = ("%.4f" % r["ratio"]) if "ratio" in r else "—"
        out.append("| %s | %s | %s %s | %s | %s | ±%s | %s |" % (
            cell(r["system"]), cell(r["figure"]), fmt(r["published"]), cell(r["unit"]), ours, ratio,
            pct(r["tolerance_pct"]), cell(r["status"])))
    counts = {}
    for r in rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    out.append("")
    out.append("%d rows: %s." % (len(rows), ", ".join("%d %s" % (n, s) for s, n in sorted(counts.items()))))
    out.append("")
    out.append("Sources, tolerances and commands (test `Figures/Validation.Reproduces/<id>`):")
    out.append("")
    for r in rows:
        line = "* `%s` — %s. Tolerance: %s. `hcmsim %s` → `%s`." % (
            r["id"], r["source"], r["tolerance_reason"], " ".join(r["command"]), r["value"])
        if r.get("note"):
            line += " " + r["note"]
        if r.get("error"):
            line += " **Error:** " + r["error"].strip()
        out.append(line)
    print("\n".join(out))
    ids = [line[len("- id:"):].strip() for line in open(sys.argv[2], encoding="utf-8") if line.startswith("- id:")]
    missing = sorted(set(ids) - set(r["id"] for r in rows))
    if missing:
        sys.exit("validation_table.py: no result for %s (rebuild test_validation?)" % ", ".join(missing))


if __name__ == "__main__":
    main()
