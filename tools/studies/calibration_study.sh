#!/bin/sh
# Calibration of the fast estimator on every engine kind (docs/studies.md, Calibration):
# train on ResNet-18, ResNet-50 and MobileNetV2 at w8a8/w4a4/w2a2, report the
# per-layer errors on the held-out ResNet-34 at the same precisions.
#   tools/studies/calibration_study.sh [HCMSIM] [OUTDIR] [CONFIGS...]
set -eu
HCMSIM="${1:-build/hcmsim}"
OUT="${2:-traces/calibration_study}"
shift 2 2>/dev/null || true
CONFIGS="${*:-default stripes loom bismo bitfusion isaac gpu_sm jetson_like}"
mkdir -p "$OUT"
for HW in $CONFIGS; do
  "$HCMSIM" calibrate --hw "$HW" --nets resnet18,resnet50,mobilenet_v2 --heldout resnet34 \
      --quant-set w8a8,w4a4,w2a2 --out "$OUT/$HW.cal.yaml" --report "$OUT/$HW.json" -j 2 >/dev/null 2>&1 || {
    echo "$HW: calibration failed (see $OUT/$HW.cal.yaml.sims)"; continue; }
done
python3 - "$OUT" $CONFIGS <<'PY'
import json, os, sys
out = sys.argv[1]
print("| platform | engine | layers | cycles MAPE uncalibrated | calibrated | max APE | Kendall tau | DRAM bytes MAPE (cal) | energy MAPE (cal) |")
print("|---|---|---|---|---|---|---|---|---|")
for hw in sys.argv[2:]:
    p = f"{out}/{hw}.json"
    if not os.path.exists(p):
        continue
    r = json.load(open(p))
    h = r["heldout"]["resnet34"]
    print(f"| {hw} | {r['engine']} | {h['layers']} | {h['mape_cycles_uncalibrated']:.1f}% | {h['mape_cycles_calibrated']:.1f}% | "
          f"{h['max_ape_cycles_calibrated']:.1f}% | {h['kendall_tau']:.3f} | {h['mape_dram_bytes_calibrated']:.1f}% | "
          f"{h['mape_energy_calibrated']:.1f}% |")
PY
