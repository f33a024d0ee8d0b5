#!/bin/sh
# Per-layer bandwidth/compute ratio of a network on the PE array (default
# config) and on the ISAAC RRAM chip, measured by `hcmsim run` and predicted
# by the HCM estimate, as a Markdown table (docs/rram.md).
#
#   tools/studies/rram_compare.sh [BUILD_DIR] [NET]     (defaults: build, resnet18)
set -eu
build=${1:-build}
net=${2:-resnet18}
root=$(cd "$(dirname "$0")/../.." && pwd)
hcmsim="$build/hcmsim"
[ -x "$hcmsim" ] || hcmsim="$root/$build/hcmsim"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$hcmsim" run --hw default --net "$net" --out "$out/pe" --quiet
"$hcmsim" run --hw isaac --net "$net" --out "$out/rram" --quiet
python3 - "$out/pe/summary.json" "$out/rram/summary.json" <<'PY'
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
for p, r in zip(pe["layers"], rr["layers"]):
    if p["op"] not in ("conv", "fc"):
        continue
    b = p["bops"]
    tot["bops"] += b
    tot["pe"] += p["traffic_bits"]; tot["pe_est"] += p["estimate"]["traffic_bits"]
    tot["rr"] += r["traffic_bits"]; tot["rr_est"] += r["estimate"]["traffic_bits"]; tot["rr_dma"] += dma(r)
    print("| %s | %.1f | %.1f | %.5f | %.5f | %.5f | %.5f | %.5f | %+.1f |" % (
        p["name"], b / 1e6, p["weight_bits"] / 8192, ratio(p["traffic_bits"], b), ratio(p["estimate"]["traffic_bits"], b),
        ratio(r["traffic_bits"], b), ratio(dma(r), b), ratio(r["estimate"]["traffic_bits"], b),
        r["error_pct"]["traffic_bits"]))
b = tot["bops"]
print("| **conv + fc** | %.1f | | %.5f | %.5f | %.5f | %.5f | %.5f | %+.1f |" % (
    b / 1e6, ratio(tot["pe"], b), ratio(tot["pe_est"], b), ratio(tot["rr"], b), ratio(tot["rr_dma"], b),
    ratio(tot["rr_est"], b), (tot["rr_est"] - tot["rr"]) / tot["rr"] * 100))
PY
