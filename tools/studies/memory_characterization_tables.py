#!/usr/bin/env python3
"""The generated blocks of docs/memory_characterization.md (and the accuracy
claim of docs/simulation.md), from what memory_characterization.sh measured in
OUTDIR (standard library only). Writes OUTDIR/blocks/NAME.md, one file per block.

    memory_characterization_tables.py OUTDIR

OUTDIR holds
  accuracy/TEST.txt        tests/test_memory_path_accuracy run per test with
                           HCMSIM_ACCURACY_REPORT=1 (one table row per direction)
  accuracy/lists           the HCMSIM_ACCURACY_LISTS used
  platforms/LABEL.json     `hcmsim dram --characterize` per configuration; LABEL.args its arguments
  mapping/PRESET-CH.json   the same with the channel bits right above the column bits
  bench.json               bench/bench_memory_path (Google Benchmark JSON)
"""
import json
import math
import os
import sys
import textwrap

# Test name, the label the docs give its rows (one row per direction in the order printed).
ACCURACY_TESTS = [
    ("Ddr4_2400OneChannel", ["ddr4_2400"]),
    ("Lpddr4_3200TwoChannels", ["lpddr4_3200"]),
    ("Lpddr4_3200EightChannels", ["lpddr4_3200"]),
    ("Hbm2SixteenChannels", ["hbm2"]),
    ("Hbm2EightChannels", ["hbm2"]),
    ("OtherMappingAndClosedPage", ["hbm2, mapping BaRoRaCoCh", "ddr4_2400, closed page", "ddr4_2400, closed page"]),
]

PRESET_NAMES = {0: "ddr4_2400", 1: "lpddr4_3200 ×2", 2: "hbm2 ×16"}  # bench_memory_path's Arg
SHORT = {0: "DDR4", 1: "LPDDR4 ×2", 2: "HBM2 ×16"}


def prose(lines, bullet=False):
    """One paragraph (or list item) from its pieces, wrapped at 100 columns."""
    text = " ".join(l.strip() for l in lines)
    if bullet:
        return textwrap.fill(text, 100, initial_indent="* ", subsequent_indent="  ",
                             break_on_hyphens=False, break_long_words=False)
    return textwrap.fill(text, 100, break_on_hyphens=False, break_long_words=False)


def accuracy_rows(out):
    rows = []
    for test, labels in ACCURACY_TESTS:
        path = os.path.join(out, "accuracy", test + ".txt")
        printed = [l for l in open(path, encoding="utf-8") if l.startswith("| ")]
        directions = 2 if len(labels) == 1 else len(labels)
        if len(printed) != directions:
            sys.exit("%s: %d table rows, expected %d" % (path, len(printed), directions))
        for i, line in enumerate(printed):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            # preset mapping | channels | direction | n big | mean | p95 | p99 | max | transfer p95 |
            # transfer max | n small | small p95 | small max
            rows.append({
                "label": labels[0] if len(labels) == 1 else labels[i],
                "preset": cells[0].split()[0],
                "channels": int(cells[1]),
                "direction": cells[2],
                "n": int(cells[3]),
                "mean": float(cells[4]),
                "p95": float(cells[5]),
                "p99": float(cells[6]),
                "max": float(cells[7]),
                "tp95": float(cells[8]),
                "tmax": float(cells[9]),
                "small_p95": float(cells[11]),
                "small_max": float(cells[12]),
                "cells": cells,
            })
    return rows


def accuracy_blocks(out, blocks):
    lists = int(open(os.path.join(out, "accuracy", "lists")).read())
    rows = accuracy_rows(out)
    t = ["With {:,} lists per row (`HCMSIM_ACCURACY_LISTS={} HCMSIM_ACCURACY_REPORT=1`), error of the".format(
        lists, lists),
         "service time in percent:",
         "",
         "| preset | channels | direction | lists ≥ 4 KiB | mean | p95 | p99 | max | transfer p95 | transfer max "
         "| lists < 4 KiB: p95 | max |",
         "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        c = r["cells"]
        t.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |"
                 % (r["label"], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[11], c[12]))
    blocks["memory-path-accuracy-table"] = "\n".join(t)

    ceil = lambda x: max(1, int(math.ceil(x - 1e-9)))
    p95 = max(max(r["p95"], r["tp95"]) for r in rows)
    non_hbm = [r for r in rows if r["preset"] != "hbm2"]
    p95_non_hbm = max(max(r["p95"], r["tp95"]) for r in non_hbm)
    mean = max(r["mean"] for r in rows)
    worst = max(rows, key=lambda r: r["max"])
    worst_label = "%s ×%d %ss" % (worst["label"], worst["channels"], worst["direction"])
    ddr4_small = max(r["small_p95"] for r in rows if r["preset"] == "ddr4_2400" and "closed" not in r["label"])
    closed_small = max(r["small_p95"] for r in rows if "closed" in r["label"])
    other_small = max(r["small_p95"] for r in rows if r["preset"] != "ddr4_2400")
    s = ["So: within {}% for 95% of the lists of at least 4 KiB on every preset (within {}% on all but".format(
        ceil(p95), ceil(p95_non_hbm)),
         "HBM2), the mean error at most {:.2f}%; the rare outliers are lists whose per-channel visits are".format(mean),
         "one or two bursts long and revisit a bank a few visits later, where the order in which the",
         "scheduler interleaves activations, column commands and precharges is not captured (the worst:",
         "{:.0f}%, {}). Below 4 KiB a list is a handful of bursts per channel and the fixed costs".format(
             worst["max"], worst_label),
         "dominate; 95% are still within {}% (DDR4; {}% with the closed-page policy) and {}% (LPDDR4, HBM2).".format(
             ceil(ddr4_small), ceil(closed_small), ceil(other_small))]
    blocks["memory-path-accuracy-summary"] = prose(s)

    blocks["memory-path-accuracy-claim"] = prose([
        "How long the memory path takes for a gather list is characterized per platform from the DRAM",
        "  model and predicted without simulating it: within {}% for 95% of tile-like lists of at least".format(
            ceil(p95)),
        "  4 KiB on every preset (docs/memory_characterization.md; `tests/test_memory_path_accuracy.cpp`",
        "  asserts 3%)."], bullet=True)


def load(path):
    return json.load(open(path, encoding="utf-8"))


def platform_blocks(out, blocks):
    d = os.path.join(out, "platforms")
    order = [l.strip() for l in open(os.path.join(d, "order"), encoding="utf-8") if l.strip()]
    rows, labels = [], []
    for label in order:
        mc = load(os.path.join(d, label + ".json"))
        p, sr, sw, rd = mc["platform"], mc["sequential_read"], mc["sequential_write"], mc["read"]
        args = open(os.path.join(d, label + ".args"), encoding="utf-8").read().strip()
        link = sr["bytes_per_cycle"] >= p["interconnect_bytes_per_cycle"] * (1 - 1e-9)
        cells = ["%s ×%d" % (p["dram_preset"], p["dram_channels"]), "%.0f" % p["clock_mhz"],
                 "%.1f" % p["dram_peak_gbytes_per_s"],
                 "%.2f (%.3f)" % (sr["bytes_per_dram_cycle"], sr["fraction_of_dram_peak"]),
                 "%.2f (%.3f)" % (sw["bytes_per_dram_cycle"], sw["fraction_of_dram_peak"]),
                 "%.2f / %.1f%s" % (sr["bytes_per_cycle"], sr["gbytes_per_s"], " (link-bound)" if link else ""),
                 "%.1f / %.1f" % (rd["first_access"]["conflict_ns"], rd["first_access"]["conflict_cycles"]),
                 "%.2f" % rd["act_interval_dram_cycles"], "%.1f%%" % (100 * rd["refresh_overhead_fraction"])]
        if cells in rows:
            labels[rows.index(cells)].append(args)
        else:
            rows.append(cells)
            labels.append([args])
    t = ["| config | DRAM | clock MHz | DRAM peak GB/s | sequential read B/DRAM cycle (of peak) | sequential write "
         "| read B/cycle / GB/s | first access (conflict) ns / cycles | activate interval DRAM cycles "
         "| refresh overhead |",
         "|---|---|---|---|---|---|---|---|---|---|"]
    for cells, names in zip(rows, labels):
        t.append("| %s | %s |" % (", ".join("`%s`" % n for n in names), " | ".join(cells)))
    blocks["memory-path-platforms"] = "\n".join(t)

    # Read bandwidth per run length and layout, on `default` (DDR4) and `loom` (HBM2 x16).
    def table(label):
        mc = load(os.path.join(d, label + ".json"))
        out = {}
        for pat in mc["patterns"]:
            if pat["direction"] == "read":
                out[(pat["run_bytes"], pat["layout"])] = pat["bytes_per_dram_cycle"]
        return mc, out
    ddr, dt = table("default")
    hbm, ht = table("loom")
    sizes = sorted({k[0] for k in dt})
    layouts = ("back_to_back", "gap", "far")
    if sorted({k[0] for k in ht}) != sizes or any((s, l) not in dt or (s, l) not in ht
                                                  for s in sizes for l in layouts):
        sys.exit("memory_characterization_tables.py: the two configurations have different patterns")

    def size(b):
        return "%d B" % b if b < 1024 else "%d KiB" % (b // 1024) if b < 1 << 20 else "%d MiB" % (b >> 20)
    fmt = lambda v, big: ("%.1f" % v) if big else ("%.2f" % v)
    t = ["| run length | %s ×%d: back to back | with a gap | far apart | %s ×%d: back to back | with a gap | far apart |"
         % (ddr["platform"]["dram_preset"], ddr["platform"]["dram_channels"], hbm["platform"]["dram_preset"],
            hbm["platform"]["dram_channels"]),
         "|---|---|---|---|---|---|---|"]
    short = [s for s in sizes if s <= 4096]
    for s in short:
        t.append("| %s | %s | %s |" % (size(s), " | ".join(fmt(dt[(s, l)], False) for l in layouts),
                                       " | ".join(fmt(ht[(s, l)], True) for l in layouts)))
    long_ = [s for s in sizes if s > 4096]
    if long_:
        def span(tab, layout, big):
            vals = [tab[(s, layout)] for s in long_]
            return "%s–%s" % (fmt(min(vals), big), fmt(max(vals), big)) if not big else \
                "%.0f–%.0f" % (min(vals), max(vals))
        def spans(tab, big):
            cells = [span(tab, l, big) for l in layouts]
            return " | ".join([cells[0]] + ["same" if c == cells[0] else c for c in cells[1:]])
        t.append("| %s … %s | %s | %s |" % (size(long_[0]), size(long_[-1]), spans(dt, False), spans(ht, True)))
    blocks["memory-path-run-lengths"] = "\n".join(t)


def mapping_block(out, blocks):
    d = os.path.join(out, "mapping")
    found = []
    for name in os.listdir(d):
        if not name.endswith(".json"):
            continue
        mc = load(os.path.join(d, name))
        p = mc["platform"]
        slow = []
        for pat in mc["patterns"]:
            if pat["layout"] == "back_to_back" and pat["run_bytes"] >= 4096:
                e = pat["model_error_pct"] / 100.0  # (model - measured) / measured
                slow.append(100.0 * (1.0 / (1.0 + e) - 1.0))  # measured over model, minus one
        found.append((p["dram_preset"], p["dram_channels"], min(slow), max(slow), p["dram_address_mapping"]))
    found.sort()
    mappings = {f[4] for f in found}
    if len(mappings) != 1:
        sys.exit("memory_characterization_tables.py: mapping/ holds several mappings")
    pct = lambda lo, hi: ("%.0f%%" % lo) if "%.0f" % lo == "%.0f" % hi else "%.0f–%.0f%%" % (lo, hi)
    per = ["%s ×%d %s" % (f[0], f[1], pct(f[2], f[3])) for f in found]
    blocks["memory-path-channel-mapping"] = prose([
        "**Mappings with whole rows of one channel side by side** (`Ch` above `Co`): the in-order request",
        "  issue then stalls on one channel's full queue while the others wait; with `%s` the DRAM model"
        % mappings.pop(),
        "  takes longer than predicted on sequential lists of 4 KiB and more: %s," % ", ".join(per[:-1]),
        "  %s. The presets interleave channels burst by burst (`RoBaRaCoCh`)." % per[-1]], bullet=True)


def cost_block(out, blocks):
    bench = load(os.path.join(out, "bench.json"))
    ns = {}  # benchmark name -> CPU time, ns
    scale = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
    runs = {}
    for b in bench["benchmarks"]:
        if b.get("run_type", "iteration") != "iteration":
            continue
        name = b.get("run_name", b["name"])
        t = b["cpu_time"] * scale[b["time_unit"]]
        ns[name] = min(ns.get(name, t), t)  # the fastest repetition: the least disturbed by other load
        if "runs" in b:
            runs[name] = b["runs"]
    ctx = bench["context"]
    reps = max(int(b.get("repetitions", 1)) for b in bench["benchmarks"])
    per_run, fixed, long_, summ, ratios = {}, {}, {}, {}, {}
    for k in (0, 1, 2):
        q = lambda r: ns["BM_QueryList/%d/%d" % (k, r)]
        n = lambda r: runs["BM_QueryList/%d/%d" % (k, r)]
        per_run[k] = (q(256) - q(16)) / (n(256) - n(16))
        fixed[k] = q(1) - per_run[k] * n(1)
        long_[k] = ns["BM_QueryLongRun/%d" % k]
        summ[k] = ns["BM_QuerySummary/%d" % k]
        ratios[k] = [ns["BM_ReplayList/%d/%d" % (k, r)] / q(r) for r in (16, 256)]
    char = {k: ns["BM_Characterize/%d" % k] / 1e6 for k in (0, 1, 2)}
    lo = lambda d: min(d, key=d.get)
    hi = lambda d: max(d, key=d.get)
    ratio = {k: sum(v) / len(v) for k, v in ratios.items()}
    us = lambda v: ("%.2f" % (v / 1e3)) if v < 1e3 else ("%.1f" % (v / 1e3)) if v < 1e4 else "%.0f" % (v / 1e3)
    tile = "BM_QueryList/0/16"
    text = [
        "Characterizing one platform takes %.0f ms (%s), %.0f ms (%s) and %.0f ms (%s)"
        % (char[0], PRESET_NAMES[0], char[1], PRESET_NAMES[1], char[2], PRESET_NAMES[2]),
        "(`bench/bench_memory_path`, CPU time, fastest of %d repetitions, %d × %.0f MHz, %s). A query costs"
        % (reps, ctx.get("num_cpus", 0), ctx.get("mhz_per_cpu", 0), ctx.get("date", "")[:10]),
        "about %.0f ns per run on" % per_run[0],
        "DDR4, %.0f ns on LPDDR4 ×2 and %.0f ns on HBM2 ×16 (every run touches many channels), plus"
        % (per_run[1], per_run[2]),
        "%.0f–%.0f ns per query; a single 4 MiB run costs %s µs (%s) to %s µs (%s); the O(1) summary"
        % (min(fixed.values()), max(fixed.values()), us(long_[lo(long_)]), SHORT[lo(long_)],
           us(long_[hi(long_)]), SHORT[hi(long_)]),
        "%s µs (%s) to %s µs (%s). Replaying the same lists (16 and 256 runs) through the DRAM model"
        % (us(summ[lo(summ)]), SHORT[lo(summ)], us(summ[hi(summ)]), SHORT[hi(summ)]),
        "alone takes %.0f× (%s) to %.0f× (%s) longer (a 16-run tile: %s µs vs %s µs on DDR4), and the"
        % (ratio[lo(ratio)], SHORT[lo(ratio)], ratio[hi(ratio)], SHORT[hi(ratio)], us(ns[tile]),
           us(ns["BM_ReplayList/0/16"])),
        "simulation adds the TLM components on top; an estimator that meets the same tile shape many",
        "times can keep the answer."]
    blocks["memory-path-cost"] = prose(text)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    blocks = {}
    accuracy_blocks(out, blocks)
    platform_blocks(out, blocks)
    mapping_block(out, blocks)
    cost_block(out, blocks)
    os.makedirs(os.path.join(out, "blocks"), exist_ok=True)
    for name, text in blocks.items():
        with open(os.path.join(out, "blocks", name + ".md"), "w", encoding="utf-8") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
