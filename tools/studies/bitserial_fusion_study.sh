#!/bin/sh
# Reproduces the tables of docs/engines_bitserial_fusion.md: the precision
# sweep of one layer on bit-parallel, bit-serial and fusion engines, and
# ResNet-18 on every engine at w8a8, w4a4, w2a2 and mixed precision.
#
# Usage: tools/studies/bitserial_fusion_study.sh [--update-docs FILE] [HCMSIM [OUTDIR]]
#   --update-docs FILE  rewrite the generated blocks bitserial-sweep-downsample,
#           bitserial-sweep-conv, bitserial-resnet18 and bitserial-bound-map of
#           FILE (docs/engines_bitserial_fusion.md) with the new tables
#   HCMSIM  the hcmsim binary (default: $HCMSIM, else build/hcmsim)
#   OUTDIR  where runs and tables go (default: traces/studies/bitserial_fusion)
# Needs only a POSIX shell, hcmsim and python3 (standard library). Prints the
# tables (Markdown) and writes them to OUTDIR/tables.md. A few seconds.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
DOCS=""
if [ "${1:-}" = "--update-docs" ]; then DOCS="$2"; shift 2; fi
HCMSIM=${1:-${HCMSIM:-build/hcmsim}}
OUT=${2:-traces/studies/bitserial_fusion}
ENGINES="default stripes loom bismo bitfusion"

if [ ! -x "$HCMSIM" ]; then
    echo "bitserial_fusion_study.sh: no hcmsim binary at '$HCMSIM' (build it, or pass its path)" >&2
    exit 2
fi
mkdir -p "$OUT"

# One simulation; its progress lines go to OUTDIR/runs.log, errors to stderr.
run() {
    if ! "$HCMSIM" run --quiet "$@" 2>>"$OUT/runs.log"; then
        tail -n 5 "$OUT/runs.log" >&2
        exit 1
    fi
}
: >"$OUT/runs.log"

# 1. Precision sweep: one layer at 8, 4 and 2 bits on every engine.
for layer in layer2.0.downsample.0 layer3.1.conv1; do
    for hw in $ENGINES; do
        for b in 8 4 2; do
            run --hw "$hw" --net resnet18 --layers "$layer" --wbits "$b" --abits "$b" \
                --out "$OUT/sweep/$layer/$hw/$b"
        done
    done
done

# 2. ResNet-18 on every engine at four precisions.
for hw in $ENGINES; do
    for prec in w8a8 w4a4 w2a2 mixed; do
        case "$prec" in
            mixed) set -- --quant "$HERE/resnet18_mixed.yaml" ;;
            *) b=${prec#w}; b=${b%a*}; set -- --wbits "$b" --abits "$b" ;;
        esac
        run --hw "$hw" --net resnet18 "$@" --out "$OUT/resnet18/$hw/$prec"
    done
done

python3 "$HERE/bitserial_fusion_tables.py" "$OUT" "$ENGINES" > "$OUT/tables.md"
cat "$OUT/tables.md"
if [ -n "$DOCS" ]; then
    for block in bitserial-sweep-downsample bitserial-sweep-conv bitserial-resnet18 bitserial-bound-map; do
        python3 "$HERE/bitserial_fusion_tables.py" "$OUT" "$ENGINES" --block "$block" |
            python3 "$HERE/replace_block.py" "$DOCS" "$block"
    done
fi
