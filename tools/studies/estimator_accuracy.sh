#!/bin/sh
# Accuracy of the three estimator tiers on networks the calibration never saw
# (docs/studies.md, "Estimator accuracy"). For every starter config, as
# configured and again with DRAM refresh off (refresh makes a short layer's
# time depend on where the refresh timer stands when it runs):
#   1. calibrate on the whole zoo at w8a8 and w4a4 (the leave-one-network-out
#      cross-validation comes with it),
#   2. estimate CNN families that are not in the zoo -- torch.onnx exports of
#      GoogLeNet, MnasNet 1.0, ShuffleNetV2 x1.0 and ConvNeXt-Tiny (graph-only,
#      tests/data/onnx) and three seeded random CNNs -- and compare each tier
#      (roofline HCM, engine-aware, calibrated) with the simulation, layer by
#      layer.
#   3. simulate the held-out networks at four refresh phases: how far the
#      simulation moves from itself when only the refresh phase changes, and
#      the engine-aware tier at each phase against the simulation at that
#      phase (tools/studies/refresh_phase.py).
# Prints the markdown tables; with --update-docs FILE rewrites the block between
# the estimator-accuracy markers in FILE.
#
#   tools/studies/estimator_accuracy.sh [--update-docs docs/studies.md] [HCMSIM] [OUTDIR] [CONFIGS...]
set -eu
DOCS=""
if [ "${1:-}" = "--update-docs" ]; then DOCS="$2"; shift 2; fi
HCMSIM="${1:-build/hcmsim}"
OUT="${2:-traces/estimator_accuracy}"
shift 2 2>/dev/null || true
CONFIGS="${*:-default stripes loom bismo bitfusion isaac gpu_sm jetson_like}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"

ZOO=$(ls "$ROOT"/workloads/zoo/*.yaml | sed 's|.*/||; s|\.yaml$||' | paste -sd, -)
ONNX="$ROOT/tests/data/onnx"
HELDOUT="$ONNX/googlenet.onnx,$ONNX/mnasnet1_0.onnx,$ONNX/shufflenet_v2_x1_0.onnx,$ONNX/convnext_tiny.onnx"
HELDOUT="$HELDOUT,random_cnn:seed=1,random_cnn:seed=2,random_cnn:seed=3"

for MODE in refresh no_refresh; do
  SETS=""
  [ "$MODE" = no_refresh ] && SETS="--set dram.refresh=false"
  mkdir -p "$OUT/$MODE"
  for HW in $CONFIGS; do
    echo "estimator_accuracy: $HW ($MODE)" >&2
    # shellcheck disable=SC2086
    "$HCMSIM" calibrate --hw "$HW" $SETS --nets "$ZOO" --heldout "$HELDOUT" --quant-set w8a8,w4a4 \
        --out "$OUT/$MODE/$HW.cal.yaml" --report "$OUT/$MODE/$HW.json" -j 2 >/dev/null 2>"$OUT/$MODE/$HW.log" || {
      echo "$HW: calibration failed (see $OUT/$MODE/$HW.log)" >&2; exit 1; }
  done
done
{
  echo "#### DRAM as configured (refresh on)"
  echo
  python3 "$ROOT/tools/studies/estimator_accuracy_tables.py" "$OUT/refresh" $CONFIGS
  echo
  echo "#### DRAM refresh off (\`--set dram.refresh=false\`)"
  echo
  python3 "$ROOT/tools/studies/estimator_accuracy_tables.py" "$OUT/no_refresh" $CONFIGS
  echo
  echo "#### How much of the refresh-on error is where the refreshes fall"
  echo
  echo "The held-out networks (w8a8 and w4a4) simulated at four refresh phases"
  echo "(\`--set dram.refresh_phase_cycles=\` 0, tREFI/4, tREFI/2, 3 tREFI/4), each cell cycle MAPE (mean) /"
  echo "worst layer / lowest Kendall tau per network:"
  echo
  python3 "$ROOT/tools/studies/refresh_phase.py" "$HCMSIM" "$OUT/phases" "$HELDOUT" $CONFIGS
} > "$OUT/tables.md"
cat "$OUT/tables.md"
if [ -n "$DOCS" ]; then
  python3 "$ROOT/tools/studies/replace_block.py" "$DOCS" estimator-accuracy < "$OUT/tables.md"
fi
