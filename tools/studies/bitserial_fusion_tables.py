#!/usr/bin/env python3
"""Markdown tables of the bit-serial / fusion engine study from the
summary.json files bitserial_fusion_study.sh wrote (standard library only).

Usage: bitserial_fusion_tables.py OUTDIR "ENGINE ..." [--block NAME]

With --block prints only the body of one generated block of
docs/engines_bitserial_fusion.md: bitserial-sweep-downsample,
bitserial-sweep-conv, bitserial-resnet18 or bitserial-bound-map.
"""
import json
import os
import sys


def load(path):
    with open(os.path.join(path, "summary.json")) as f:
        return json.load(f)


def sweep_table(out, layer, engines):
    rows = ["| engine | bits | peak MACs/cycle | ideal cycles | cycles | stall % | DRAM kbit "
            "| bits/cycle needed | bits/BOP measured | bits/BOP estimate | bound measured | bound estimate | tiling |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for hw in engines:
        for b in (8, 4, 2):
            l = load(os.path.join(out, "sweep", layer, hw, str(b)))["layers"][0]
            ideal = l["engine_ideal_cycles"]
            rows.append("| {} | {} | {:,.0f} | {:,} | {:,} | {:.0f} | {:,.0f} | {:,.0f} | {:.4f} | {:.4f} | {} | {} | `{}` |".format(
                hw, b, l["peak_macs_per_cycle"], ideal, l["cycles"],
                100.0 * l["stall_cycles"] / l["cycles"], l["traffic_bits"] / 1000.0,
                l["traffic_bits"] / ideal if ideal else 0.0,
                l["bits_per_bop"], 1.0 / l["estimate"]["intensity_bops_per_bit"],
                l["bound"], l["estimate"]["bound"], l["tiling"]))
    return "\n".join(rows)


PRECISIONS = ("w8a8", "w4a4", "w2a2", "mixed")


def resnet_table(out, engines):
    rows = ["| engine | precision | cycles | time ms | DRAM MiB | energy uJ | compute % of energy "
            "| DRAM % of energy | utilisation % | memory-bound conv/fc (measured / estimate) |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    for hw in engines:
        for p in PRECISIONS:
            j = load(os.path.join(out, "resnet18", hw, p))
            t = j["totals"]
            e = t["energy"]
            gemm = [l for l in j["layers"] if l["macs"] > 0]
            mem = sum(1 for l in gemm if l["bound"] == "memory")
            est = sum(1 for l in gemm if l["estimate"]["bound"] == "memory")
            rows.append("| {} | {} | {:,} | {:.3f} | {:.2f} | {:,.0f} | {:.0f} | {:.0f} | {:.1f} | {} / {} of {} |".format(
                hw, p, t["cycles"], t["time_ns"] / 1e6,
                (t["dram_read_bytes"] + t["dram_write_bytes"]) / 1048576.0, e["total_pj"] / 1e6,
                100.0 * e["compute_pj"] / e["total_pj"], 100.0 * e["dram_pj"] / e["total_pj"],
                100.0 * t["utilization"], mem, est, len(gemm)))
    return "\n".join(rows)


def bound_map(out, engines):
    """Per conv/fc layer and engine: M (memory-bound) or . for w8a8 w4a4 w2a2 mixed."""
    first = load(os.path.join(out, "resnet18", engines[0], "w8a8"))
    names = [l["name"] for l in first["layers"] if l["macs"] > 0]
    cells = {}
    for hw in engines:
        for p in PRECISIONS:
            j = load(os.path.join(out, "resnet18", hw, p))
            for l in j["layers"]:
                if l["macs"] > 0:
                    cells.setdefault((hw, l["name"]), []).append("M" if l["bound"] == "memory" else ".")
    rows = ["| layer | " + " | ".join(engines) + " |", "|---|" + "---|" * len(engines)]
    for n in names:
        rows.append("| {} | {} |".format(n, " | ".join("`" + "".join(cells[(hw, n)]) + "`" for hw in engines)))
    return "\n".join(rows)


BLOCKS = {
    "bitserial-sweep-downsample": lambda out, e: sweep_table(out, "layer2.0.downsample.0", e),
    "bitserial-sweep-conv": lambda out, e: sweep_table(out, "layer3.1.conv1", e),
    "bitserial-resnet18": resnet_table,
    "bitserial-bound-map": bound_map,
}


def main():
    out, engines = sys.argv[1], sys.argv[2].split()
    if len(sys.argv) == 5 and sys.argv[3] == "--block":
        print(BLOCKS[sys.argv[4]](out, engines))
        return
    print("## Precision sweep: ResNet-18 layer2.0.downsample.0 (1x1, 64 -> 128, stride 2)\n")
    print(sweep_table(out, "layer2.0.downsample.0", engines))
    print("\n## Precision sweep: ResNet-18 layer3.1.conv1 (3x3, 256 -> 256, 14x14)\n")
    print(sweep_table(out, "layer3.1.conv1", engines))
    print("\n## ResNet-18 on every engine\n")
    print(resnet_table(out, engines))
    print("\n## Memory-bound conv/fc layers (measured), per precision w8a8 w4a4 w2a2 mixed (M = memory-bound)\n")
    print(bound_map(out, engines))


if __name__ == "__main__":
    main()
