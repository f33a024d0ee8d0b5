#!/bin/sh
# Per-layer bandwidth/compute ratio of a network on the PE array (default
# config) and on the ISAAC RRAM chip, measured by `hcmsim run` and predicted
# by the HCM estimate, as a Markdown table (docs/rram.md).
#
#   tools/studies/rram_compare.sh [--update-docs docs/rram.md] [BUILD_DIR] [NET]   (defaults: build, resnet18)
#
# With --update-docs FILE it also reads the table (block rram-reading), runs
# VGG-16 on ISAAC with and without replication (blocks rram-vgg16 and
# rram-endurance) and rewrites the blocks rram-compare, rram-reading,
# rram-vgg16 and rram-endurance of FILE.
set -eu
docs=""
if [ "${1:-}" = "--update-docs" ]; then docs="$2"; shift 2; fi
build=${1:-build}
net=${2:-resnet18}
root=$(cd "$(dirname "$0")/../.." && pwd)
hcmsim="$build/hcmsim"
[ -x "$hcmsim" ] || hcmsim="$root/$build/hcmsim"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$hcmsim" run --hw default --net "$net" --out "$out/pe" --quiet
"$hcmsim" run --hw isaac --net "$net" --out "$out/rram" --quiet
python3 - "$out/pe/summary.json" "$out/rram/summary.json" "$out/reading.md" > "$out/table.md" <<'PY'
import json, sys
pe = json.load(open(sys.argv[1]))
rr = json.load(open(sys.argv[2]))
def ratio(bits, bops):
    return bits / bops if bops else 0.0
def dma(l):  # bits the DMA requested (exact byte ranges, before whole-burst rounding)
    d = l["dma_bytes"]
    return 8 * (d["ifmap_read"] + d["weight_read"] + d["residual_read"] + d["ofmap_write"])
print("| layer | MBOPs | weights KiB | PE DRAM bits/BOP | PE HCM est | RRAM DRAM bits/BOP | RRAM DMA bits/BOP | RRAM HCM est | RRAM est vs DRAM % |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
tot = {"bops": 0, "pe": 0, "pe_est": 0, "rr": 0, "rr_dma": 0, "rr_est": 0}
fewer, dma_vs_est = {}, {}
for p, r in zip(pe["layers"], rr["layers"]):
    if p["op"] not in ("conv", "fc"):
        continue
    b = p["bops"]
    tot["bops"] += b
    tot["pe"] += p["traffic_bits"]; tot["pe_est"] += p["estimate"]["traffic_bits"]
    tot["rr"] += r["traffic_bits"]; tot["rr_est"] += r["estimate"]["traffic_bits"]; tot["rr_dma"] += dma(r)
    fewer[p["name"]] = p["traffic_bits"] / r["traffic_bits"] if r["traffic_bits"] else float("inf")
    dma_vs_est[p["name"]] = (dma(r) / r["estimate"]["traffic_bits"] - 1) * 100 if r["estimate"]["traffic_bits"] else 0.0
    print("| %s | %.1f | %.1f | %.5f | %.5f | %.5f | %.5f | %.5f | %+.1f |" % (
        p["name"], b / 1e6, p["weight_bits"] / 8192, ratio(p["traffic_bits"], b), ratio(p["estimate"]["traffic_bits"], b),
        ratio(r["traffic_bits"], b), ratio(dma(r), b), ratio(r["estimate"]["traffic_bits"], b),
        r["error_pct"]["traffic_bits"]))
b = tot["bops"]
print("| **conv + fc** | %.1f | | %.5f | %.5f | %.5f | %.5f | %.5f | %+.1f |" % (
    b / 1e6, ratio(tot["pe"], b), ratio(tot["pe_est"], b), ratio(tot["rr"], b), ratio(tot["rr_dma"], b),
    ratio(tot["rr_est"], b), (tot["rr_est"] - tot["rr"]) / tot["rr"] * 100))
# The numbers docs/rram.md reads from the table (its block rram-reading).
heavy = [n for n in fewer if (n.startswith("layer4.") and n.split(".")[-1] in ("conv1", "conv2")) or n == "fc"]
low = sorted(fewer, key=fewer.get)[:2]
with open(sys.argv[3], "w") as f:
    f.write("* The RRAM chip moves **%.1fx fewer bits per BOP** than the PE array on the same network (%.5f\n"
            "  vs %.5f): its weights never cross DRAM. The difference is largest where weights dominate —\n"
            "  layer4's 3×3 convs and fc move %.0f–%.0fx fewer bits — and smallest in %s (%.1fx)\n"
            "  and %s (%.1fx).\n"
            % (tot["pe"] / tot["rr"], ratio(tot["rr"], b), ratio(tot["pe"], b),
               min(fewer[n] for n in heavy), max(fewer[n] for n in heavy), low[0], fewer[low[0]], low[1], fewer[low[1]]))
    f.write("* The RRAM-aware estimate follows it: it predicts %.5f against %.5f for the PE array (whose\n"
            "  estimate includes the weights); the measured DMA requests are %.0f%% above it overall (%.5f), and\n"
            "  %s in layer4's 3×3 convs and fc.\n"
            % (ratio(tot["rr_est"], b), ratio(tot["pe_est"], b), (tot["rr_dma"] / tot["rr_est"] - 1) * 100,
               ratio(tot["rr_dma"], b), "equal to it (within 0.05%)" if max(abs(dma_vs_est[n]) for n in heavy) < 0.05
               else "within %.1f%% of it" % max(abs(dma_vs_est[n]) for n in heavy)))
PY
cat "$out/table.md"
[ -n "$docs" ] || exit 0

cat "$out/reading.md"
"$hcmsim" run --hw isaac --net vgg16 --out "$out/vgg" --quiet
"$hcmsim" run --hw isaac --net vgg16 --set compute.replication=none --out "$out/vgg_none" --quiet
python3 - "$out/vgg/summary.json" "$out/vgg_none/summary.json" "$root/configs/isaac.yaml" "$out/vgg16.md" "$out/endurance.md" <<'PY'
import json, sys
bal, none = (json.load(open(p)) for p in sys.argv[1:3])
def eng(j, k):
    return sum(l.get("engine", {}).get(k, 0) for l in j["layers"])
chip = 0
for line in open(sys.argv[3]):  # crossbars on the chip: tiles x imas_per_tile x crossbars_per_ima
    key = line.split("#")[0].strip().split(":")
    if len(key) == 2 and key[0] in ("tiles", "imas_per_tile", "crossbars_per_ima"):
        chip = (chip or 1) * int(key[1])
needed = eng(bal, "rram_crossbars")  # one copy of every layer
t = lambda j: j["totals"]["time_ns"] / 1e6
w = lambda j: j["totals"]["rram"]["max_cell_writes_per_inference"]
with open(sys.argv[4], "w") as f:
    f.write("* On VGG-16 (does not fit: %s crossbars needed, %s on the chip) every layer is reprogrammed\n"
            "  per inference: %.0f MB of weights cross DRAM, %.1f G cell writes (each copy is written), %.0f mJ of\n"
            "  writes against %.1f mJ of compute (together the run's %.1f mJ `compute_pj`), %d writes per cell\n"
            "  per inference (`max_cell_writes`), and the estimate counts the weights once (`reuse_order:\n"
            "  weights_reprogrammed`). With `replication: none` the inference is %.0fx slower (%.0f vs %.0f ms) but\n"
            "  writes %.1fx fewer cells (%.2f G, %d per cell).\n"
            % ("{:,}".format(int(needed)), "{:,}".format(chip), eng(bal, "program_weight_bytes") / 1e6,
               eng(bal, "program_cell_writes") / 1e9, eng(bal, "program_energy_pj") / 1e9,
               (eng(bal, "engine_energy_pj") - eng(bal, "program_energy_pj")) / 1e9,
               bal["totals"]["energy"]["compute_pj"] / 1e9, w(bal), t(none) / t(bal), t(none), t(bal),
               eng(bal, "program_cell_writes") / eng(none, "program_cell_writes"),
               eng(none, "program_cell_writes") / 1e9, w(none)))
with open(sys.argv[5], "w") as f:
    f.write("VGG-16: %d writes a cell per inference, {:,} inferences at %s writes\n".format(
        bal["totals"]["rram"]["inferences_to_wearout"]) % (w(bal), ("%.0e" % bal["totals"]["rram"]["endurance_writes"]).replace("e+0", "e")))
    f.write("(`replication: none`: %d and {:,}).\n".format(none["totals"]["rram"]["inferences_to_wearout"]) % w(none))
PY
cat "$out/vgg16.md" "$out/endurance.md"
python3 "$root/tools/studies/replace_block.py" "$docs" rram-compare < "$out/table.md"
python3 "$root/tools/studies/replace_block.py" "$docs" rram-reading < "$out/reading.md"
python3 "$root/tools/studies/replace_block.py" "$docs" rram-vgg16 < "$out/vgg16.md"
python3 "$root/tools/studies/replace_block.py" "$docs" rram-endurance < "$out/endurance.md"
