#!/usr/bin/env python3
"""The generated blocks of docs/python.md, from what tools/studies/python_example.sh
left in OUTDIR: the co-design example's directory (calibration reports, search
reports, Pareto fronts), its wall time, the timed estimate and the unit tests' log.
Writes OUTDIR/<block>.md per block. Exits 1 when a claim the prose around the
results makes no longer holds (each is checked below and named on stderr).

    python_example_tables.py HCMSIM OUTDIR python/examples/codesign.py
"""
import csv
import datetime
import json
import os
import re
import subprocess
import sys
import textwrap

PLATFORMS = (("loom", "Loom"), ("bitfusion", "Bit Fusion"))
UNIFORM = ("w8a8", "w4a4", "w2a2")


def excerpt(script):
    """The lines between the script's excerpt markers, dedented, as a code block."""
    lines = open(script, encoding="utf-8").read().splitlines()
    begin = [i for i, l in enumerate(lines) if "[docs/python.md excerpt begin]" in l]
    end = [i for i, l in enumerate(lines) if "[docs/python.md excerpt end]" in l]
    if len(begin) != 1 or len(end) != 1 or end[0] < begin[0]:
        sys.exit("%s: needs one excerpt begin and one end marker" % script)
    body = textwrap.dedent("\n".join(lines[begin[0] + 1:end[0]]))
    return "```python\n%s\n```\n" % body


def pct(x, digits=1):
    return "%.*f%%" % (digits, x)


def main():
    hcmsim, out, script = sys.argv[1:4]
    run = os.path.join(out, "codesign")
    blocks, failed = {}, []

    def claim(ok, what):
        if not ok:
            failed.append(what)

    # Per-layer MACs of the exported CNN, to say what the chosen policies change.
    est = json.loads(subprocess.run([hcmsim, "estimate", "--net", os.path.join(run, "CifarNet.onnx"),
                                     "--format", "json"], check=True, capture_output=True,
                                    text=True).stdout)
    compute = [l for l in est["layers"] if l["op"] in ("conv", "fc")]
    total_macs = sum(l["macs"] for l in est["layers"])

    res = {}
    for platform, _ in PLATFORMS:
        cal = json.load(open(os.path.join(run, platform + ".cal.json")))
        (held,) = cal["heldout"].values()
        rep = json.load(open(os.path.join(run, "search_" + platform, "search_report.json")))
        front = list(csv.DictReader(open(os.path.join(run, "search_" + platform, "pareto.csv"))))
        iso = rep["iso_accuracy"]["uniform w4a4"]
        genome = front[iso["pareto_point"]]["genome"].split()
        if len(genome) != len(compute):
            sys.exit("%s: genome of %d genes for %d conv/fc layers" % (platform, len(genome), len(compute)))
        base = {q: rep["baselines"]["uniform " + q]["latency_ns"] / 1e3 for q in UNIFORM}
        changed = [(i, g, compute[i]) for i, g in enumerate(genome) if g != "w4a4"]
        res[platform] = dict(held=held, rep=rep, iso=iso, genome=genome, base=base, changed=changed,
                             points=len(front))

    def row(label, f):
        return "| %s | %s |" % (label, " | ".join(f(res[p]) for p, _ in PLATFORMS))

    def changes(r):
        parts = []
        for i, g, layer in r["changed"]:
            kind = "fc" if layer["op"] == "fc" else "conv %d" % (i + 1)
            macs = layer["macs"]
            size = "%.1f M" % (macs / 1e6) if macs >= 1e5 else "{:,}".format(int(macs))
            parts.append("%s at %s (%s MACs)" % (kind, g, size))
        return ", ".join(parts) or "none"

    start, end = map(float, open(os.path.join(out, "codesign.time")).read().split())
    inside = re.search(r"in ([0-9.]+) s$", open(os.path.join(out, "codesign.log")).read(), re.M)
    lines = [
        "What it printed and found in the run of %s (seed 1; the numbers do not depend on the random"
        % datetime.datetime.now(datetime.timezone.utc).date().isoformat(),
        "weights; `tools/studies/python_example.sh` reruns it and rewrites this table):",
        "",
        "| | %s |" % " | ".join(name for _, name in PLATFORMS),
        "|---|---|---|",
        row("calibration, held-out CifarNet: cycle MAPE roofline → calibrated",
            lambda r: "%s → %s (τ %.3f)" % (pct(r["held"]["mape_cycles_uncalibrated"]),
                                             pct(r["held"]["mape_cycles_calibrated"], 2),
                                             r["held"]["kendall_tau"])),
        row("Pareto points; verified by simulation, latency MAPE",
            lambda r: "%d; %d, %s" % (r["rep"]["pareto_points"], r["rep"]["verified_points"],
                                      pct(r["rep"]["mape_latency_pct"], 2))),
        row("uniform w8a8 / w4a4 / w2a2 latency (µs)",
            lambda r: " / ".join("%.1f" % r["base"][q] for q in UNIFORM)),
        row("speed-up w8a8 → w4a4, w4a4 → w2a2",
            lambda r: "%.2f×, %.2f×" % (r["base"]["w8a8"] / r["base"]["w4a4"],
                                        r["base"]["w4a4"] / r["base"]["w2a2"])),
        row("fastest point as accurate as uniform w4a4",
            lambda r: "%s faster (simulated %s), %s less energy" % (
                pct(-r["iso"]["latency_change_pct"]), pct(-r["iso"]["sim_latency_change_pct"]),
                pct(-r["iso"]["energy_change_pct"]))),
        row("its precisions, one per conv/fc layer", lambda r: "`%s`" % " ".join(r["genome"])),
        row("its layers not at w4a4 (of %.1f M MACs in all)" % (total_macs / 1e6), changes),
    ]
    blocks["python-codesign-results"] = "\n".join(lines) + "\n"

    blocks["python-codesign-time"] = (
        "It took %.0f s on this machine (%d shared cores, an empty DRAM characterization cache; %s s of"
        " it after the imports) with the defaults, `--population 64 --generations 60 --verify 8`, which"
        " are hcmsim search's defaults; smaller values are options.\n"
        % (end - start, os.cpu_count(), inside.group(1) if inside else "?"))

    estimate_s = float(open(os.path.join(out, "estimate.time")).read())
    blocks["python-estimate-time"] = (
        "Each call pays for one process: `hcmsim.estimate(\"resnet20\")` takes %.2f s from"
        " Python (median of 7 calls on this machine), and the package needs no compiled extension"
        " matched to the simulator's build.\n" % estimate_s)

    tests = open(os.path.join(out, "tests.log")).read()
    ran = re.search(r"^Ran (\d+) tests? in ([0-9.]+)s$", tests, re.M)
    skipped = re.search(r"skipped=(\d+)", tests)
    blocks["python-tests"] = (
        "The %s tests%s took %.1f s on this machine with an empty DRAM characterization cache.\n"
        % (ran.group(1), ", %s of them skipped" % skipped.group(1) if skipped else "", float(ran.group(2))))

    blocks["python-codesign-excerpt"] = excerpt(script)

    # The prose around the table, claim by claim.
    lo, bf = res["loom"], res["bitfusion"]
    claim(lo["base"]["w8a8"] / lo["base"]["w4a4"] > 2.5 and lo["base"]["w4a4"] / lo["base"]["w2a2"] > 2.5,
          "Loom's latency falls with b_w*b_a all the way down")
    claim(1.7 < bf["base"]["w8a8"] / bf["base"]["w4a4"] < 2.3 and bf["base"]["w4a4"] / bf["base"]["w2a2"] < 1.2,
          "Bit Fusion about halves from 8 to 4 bits, then barely moves")
    claim(bf["base"]["w8a8"] < lo["base"]["w8a8"], "at w8a8 Bit Fusion is faster")
    claim(lo["base"]["w4a4"] < bf["base"]["w4a4"] and lo["base"]["w2a2"] < bf["base"]["w2a2"] / 2,
          "from w4a4 down Loom is faster, far faster at w2a2")
    claim(-lo["iso"]["latency_change_pct"] > 10, "Loom's iso-w4a4 point is clearly faster")
    claim(any(g.endswith("a2") and l["op"] == "conv" for _, g, l in lo["changed"])
          and lo["genome"][-1] == "w8a8", "Loom's iso-w4a4 point: a conv at 2-bit activations, fc at w8a8")
    claim(-bf["iso"]["latency_change_pct"] < 5 and -bf["iso"]["energy_change_pct"] > 10,
          "Bit Fusion's iso-w4a4 point: little latency, much energy")
    claim(all(r["held"]["mape_cycles_calibrated"] < 2 for r in res.values()),
          "calibrated estimate within about 1-2% on the held-out CNN")
    claim(all(r["rep"]["mape_latency_pct"] < 0.5 for r in res.values()),
          "verified front points within a fraction of a percent")

    for name, text in blocks.items():
        if name in ("python-estimate-time", "python-codesign-time", "python-tests"):
            text = textwrap.fill(text.strip(), width=100, break_on_hyphens=False) + "\n"
        with open(os.path.join(out, name + ".md"), "w", encoding="utf-8") as f:
            f.write(text)
    for what in failed:
        print("python_example_tables.py: docs/python.md's prose no longer holds: " + what, file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
