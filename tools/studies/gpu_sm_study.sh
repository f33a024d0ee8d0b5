#!/bin/sh
# Reproduces the tables of docs/gpu_sm.md: ResNet-18 and the XNOR-Net zoo
# network (xnor_alexnet) on the GPU-like SMs, per layer, with the measured
# bandwidth/compute ratio (DRAM bits per BOP) beside the HCM estimate's, on
# configs/gpu_sm.yaml, the same without its L2, and configs/jetson_like.yaml.
#
# Usage: tools/studies/gpu_sm_study.sh [--update-docs FILE] [HCMSIM [OUTDIR]]
#   --update-docs FILE  also rewrite the generated blocks of FILE (docs/gpu_sm.md):
#           gpu-sm-totals, gpu-sm-resnet18-compare, gpu-sm-xnor-compare,
#           gpu-sm-resnet18-counters, gpu-sm-xnor-counters, gpu-sm-reading
#   HCMSIM  the hcmsim binary (default: $HCMSIM, else build/hcmsim)
#   OUTDIR  where runs and tables go (default: traces/studies/gpu_sm)
# Needs only a POSIX shell, hcmsim and python3 (standard library). Prints the
# tables (Markdown) and writes them to OUTDIR/tables.md.
set -eu
DOCS=""
if [ "${1:-}" = "--update-docs" ]; then DOCS="$2"; shift 2; fi

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
HCMSIM=${1:-${HCMSIM:-build/hcmsim}}
OUT=${2:-traces/studies/gpu_sm}

if [ ! -x "$HCMSIM" ]; then
    echo "gpu_sm_study.sh: no hcmsim binary at '$HCMSIM' (build it, or pass its path)" >&2
    exit 2
fi
mkdir -p "$OUT"
: >"$OUT/runs.log"

run() {
    if ! "$HCMSIM" run --quiet "$@" 2>>"$OUT/runs.log"; then
        tail -n 5 "$OUT/runs.log" >&2
        exit 1
    fi
}

# configs/gpu_sm.yaml without its `cache:` section: the DMA goes straight to DRAM.
python3 "$HERE/gpu_sm_tables.py" --strip-cache "$ROOT/configs/gpu_sm.yaml" >"$OUT/gpu_sm_no_l2.yaml"

for net in resnet18 xnor_alexnet; do
    run --hw gpu_sm --net "$net" --out "$OUT/$net/gpu_sm"
    run --hw "$OUT/gpu_sm_no_l2.yaml" --net "$net" --out "$OUT/$net/gpu_sm_no_l2"
    run --hw jetson_like --net "$net" --out "$OUT/$net/jetson_like"
done

python3 "$HERE/gpu_sm_tables.py" "$OUT" > "$OUT/tables.md"
cat "$OUT/tables.md"
if [ -n "$DOCS" ]; then
    for block in gpu-sm-totals gpu-sm-resnet18-compare gpu-sm-xnor-compare \
                 gpu-sm-resnet18-counters gpu-sm-xnor-counters gpu-sm-reading; do
        python3 "$HERE/gpu_sm_tables.py" --block "$block" "$OUT" >"$OUT/$block.md"
        python3 "$HERE/replace_block.py" "$DOCS" "$block" <"$OUT/$block.md"
    done
fi
