#!/bin/sh
# Worked study for docs/search.md: ResNet-20 (CIFAR-10) on a bit-parallel
# (default: 16x16 8-bit systolic array) and a bit-serial (Loom) platform.
# Each platform's fast estimator is calibrated on other networks (ResNet-56
# and ResNet-18, never ResNet-20), then NSGA-II searches per-layer (b_w, b_a)
# in {2, 4, 8}; the Pareto front is re-checked by full simulation.
#   tools/studies/search_study.sh [HCMSIM] [OUTDIR]
set -eu
HCMSIM="${1:-build/hcmsim}"
OUT="${2:-traces/search_study}"
mkdir -p "$OUT"
for HW in default loom; do
  "$HCMSIM" calibrate --hw "$HW" --nets resnet56,resnet18 --heldout resnet20 \
      --quant-set w8a8,w4a4,w2a2,w8a4,w4a8 --out "$OUT/$HW.cal.yaml" --report "$OUT/$HW.cal.json" -j 2
  "$HCMSIM" search --hw "$HW" --net resnet20 --calibration "$OUT/$HW.cal.yaml" --bits 2,4,8 \
      --sensitivity studies/resnet20_sensitivity.yaml \
      --population 64 --generations 80 --seed 1 --verify 8 -j 2 --out "$OUT/$HW"
done
python3 - "$OUT" <<'PY'
import csv, json, sys
out = sys.argv[1]
print("| platform | point | latency (us) est / sim | energy (uJ) est / sim | accuracy proxy |")
print("|---|---|---|---|---|")
for hw in ("default", "loom"):
    rep = json.load(open(f"{out}/{hw}/search_report.json"))
    for name, b in rep["baselines"].items():
        print(f"| {hw} | {name} | {b['latency_ns']/1e3:.1f} / {b['sim_latency_ns']/1e3:.1f} | "
              f"{b['energy_pj']/1e6:.2f} / {b['sim_energy_pj']/1e6:.2f} | {b['accuracy_proxy']:.2e} |")
    rows = list(csv.DictReader(open(f"{out}/{hw}/pareto.csv")))
    for name, iso in rep["iso_accuracy"].items():
        r = rows[iso["pareto_point"]]
        sim = (f"{float(r['sim_latency_ns'])/1e3:.1f}", f"{float(r['sim_energy_pj'])/1e6:.2f}") if r["sim_latency_ns"] else ("-", "-")
        print(f"| {hw} | searched, as accurate as {name} | {float(r['latency_ns'])/1e3:.1f} / {sim[0]} | "
              f"{float(r['energy_pj'])/1e6:.2f} / {sim[1]} | {float(r['accuracy_proxy']):.2e} |")
    cal = json.load(open(f"{out}/{hw}.cal.json"))["heldout"]["resnet20"]
    print(f"| {hw} | calibration on held-out resnet20: cycles MAPE {cal['mape_cycles_uncalibrated']:.1f}% -> "
          f"{cal['mape_cycles_calibrated']:.1f}%, Kendall tau {cal['kendall_tau']:.3f} | | | |")
    print(f"| {hw} | search verification: latency MAPE {rep['mape_latency_pct']:.1f}%, tau {rep['kendall_tau_latency']:.2f} | | | |")
PY
