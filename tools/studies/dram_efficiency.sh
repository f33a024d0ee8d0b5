#!/bin/sh
# The DRAM efficiencies docs/simulation.md quotes ("Validation"): DDR4-2400
# streaming, random reads next to their tFAW bound, and a single-bank
# row-conflict stream, each a trace replayed by `hcmsim dram --trace` on
# configs/default.yaml's DRAM (the patterns of tests/test_dram_bandwidth.cpp,
# which asserts the hand-worked values). Prints the bullet; with
# --update-docs FILE rewrites the block between the dram-efficiency markers.
# A few seconds.
#
#   tools/studies/dram_efficiency.sh [--update-docs docs/simulation.md] [HCMSIM] [OUTDIR]
set -eu
DOCS=""
if [ "${1:-}" = "--update-docs" ]; then DOCS="$2"; shift 2; fi
HCMSIM="${1:-build/hcmsim}"
OUT="${2:-traces/studies/dram_efficiency}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HELPER="$ROOT/tools/studies/dram_efficiency.py"
PRESETS="$ROOT/hw/dram/dram_presets.cpp"
PRESET=ddr4_2400
mkdir -p "$OUT"

python3 "$HELPER" traces "$OUT" "$PRESETS" "$PRESET"
"$HCMSIM" dram --characterize --hw default --preset "$PRESET" >"$OUT/characterize.json"
"$HCMSIM" dram --trace "$OUT/stream.trace" --hw default --preset "$PRESET" >"$OUT/stream.json"
"$HCMSIM" dram --trace "$OUT/random.trace" --hw default --preset "$PRESET" >"$OUT/random.json"
"$HCMSIM" dram --trace "$OUT/conflict.trace" --hw default --preset "$PRESET" --set dram.refresh=false \
    >"$OUT/conflict.json"
python3 "$HELPER" bullet "$OUT" "$PRESETS" "$PRESET" >"$OUT/bullet.md"
cat "$OUT/bullet.md"
if [ -n "$DOCS" ]; then
  python3 "$ROOT/tools/studies/replace_block.py" "$DOCS" dram-efficiency <"$OUT/bullet.md"
fi
