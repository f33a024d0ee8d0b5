#!/bin/sh
# The measured figures of docs/onnx.md ("Tested exports"): the table of the 15
# torch.onnx exports in tests/data/onnx/, the example estimate of ViT-B/16, and
# how long `hcmsim run` takes on each export at 8 bits on every starter config.
#
#   tools/studies/onnx_models.sh [--update-docs docs/onnx.md] [--no-runs] [HCMSIM] [OUTDIR]
#
# The table's exported size, MACs, stored weights and layer counts are what
# tools/onnx/export_models.py recorded in tests/data/onnx/models.json when it
# exported the models (it needs torch 1.13 / torchvision 0.14 and is not rerun
# here: the full exports are not distributed). This script reads that file,
# measures the graph-only files' sizes, and checks with `hcmsim estimate` that
# every export imports with the recorded MACs (tests/test_onnx_models.cpp checks
# the rest). With --update-docs FILE it rewrites the blocks onnx-models,
# onnx-vit-estimate and (unless --no-runs) onnx-run-times of FILE.
# Takes a few seconds with --no-runs; the 120 runs take minutes on 2 cores.
set -eu
DOCS="" RUNS=1
while [ $# -gt 0 ]; do
  case "$1" in
    --update-docs) DOCS="$2"; shift 2 ;;
    --no-runs) RUNS=0; shift ;;
    *) break ;;
  esac
done
HCMSIM="${1:-build/hcmsim}"
OUT="${2:-traces/studies/onnx_models}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DATA="$ROOT/tests/data/onnx"
CONFIGS="default bitfusion stripes loom bismo isaac gpu_sm jetson_like"
if [ ! -x "$HCMSIM" ]; then
  echo "onnx_models.sh: no hcmsim binary at '$HCMSIM'" >&2; exit 2
fi
mkdir -p "$OUT"
MODELS=$(python3 -c 'import json,sys; print(" ".join(sorted(json.load(open(sys.argv[1]))["models"])))' "$DATA/models.json")

# 1. What hcmsim imports: the total line of `estimate --tiers hcm`.
: > "$OUT/estimates.txt"
for m in $MODELS; do
  printf '%s\t%s\n' "$m" "$("$HCMSIM" estimate --net "$DATA/$m.onnx" --tiers hcm | tail -1)" >> "$OUT/estimates.txt"
done

# 2. The table, from models.json, the files' sizes and the imported MACs.
python3 - "$DATA" "$OUT/estimates.txt" > "$OUT/models.md" <<'PY'
import json, os, sys
data, est = sys.argv[1], sys.argv[2]
models = json.load(open(os.path.join(data, "models.json")))["models"]
imported = dict(l.rstrip("\n").split("\t", 1) for l in open(est))
print("| model | input | exported | graph-only file | MACs | stored weights | conv | fc | runtime fc | eltwise |")
print("|---|---|---|---|---|---|---|---|---|---|")
for name in sorted(models):
    m = models[name]
    macs = "{:,}".format(m["macs"])
    if not imported[name].startswith(macs + " MACs"):
        sys.exit("%s: hcmsim imports '%s', models.json records %s MACs" % (name, imported[name], macs))
    elt = ", ".join("%s %d" % kv for kv in sorted(m["eltwise"].items()))
    print("| `{}` | {} | {:.1f} MB | {} KB | {} | {:,} | {} | {} | {} | {} |".format(
        name, "×".join(map(str, m["input"])), m["exported_bytes"] / 1e6,
        round(os.path.getsize(os.path.join(data, m["file"])) / 1000.0), macs, m["weights"],
        m["conv"], m["fc"], m["fc_runtime"], elt))
PY

# 3. The example of the docs: ViT-B/16's estimate.
{
  echo '```sh'
  echo 'hcmsim estimate --net tests/data/onnx/vit_b_16.onnx --tiers hcm | tail -1'
  echo "# $(sed -n 's/^vit_b_16\t//p' "$OUT/estimates.txt")"
  echo 'hcmsim run --net tests/data/onnx/shufflenet_v2_x1_0.onnx --out /tmp/x --quiet'
  echo '```'
} > "$OUT/vit.md"

# 4. Every export, whole, at 8 bits on every starter config: seconds a run.
if [ "$RUNS" = 1 ]; then
  : > "$OUT/runs.txt"
  for m in $MODELS; do
    for c in $CONFIGS; do
      s=$(date +%s.%N)
      "$HCMSIM" run --hw "$c" --net "$DATA/$m.onnx" --wbits 8 --abits 8 --quiet --out "$OUT/run/$m/$c" \
        >/dev/null 2>"$OUT/run.err" || { echo "onnx_models.sh: $m on $c failed" >&2; cat "$OUT/run.err" >&2; exit 1; }
      e=$(date +%s.%N)
      echo "$m $c $s $e" >> "$OUT/runs.txt"
    done
  done
  python3 - "$OUT/runs.txt" "$(echo $CONFIGS | wc -w)" > "$OUT/runs.md" <<'PY'
import sys
t = [float(l.split()[3]) - float(l.split()[2]) for l in open(sys.argv[1])]
print("Every model also runs whole (`hcmsim run`) at 8 bits on every starter config (`default`,")
print("`bitfusion`, `stripes`, `loom`, `bismo`, `isaac`, `gpu_sm`, `jetson_like`): %d runs, %.1f–%.1f s" % (len(t), min(t), max(t)))
print("a run on a shared 2-core machine.")
PY
fi

cat "$OUT/models.md" "$OUT/vit.md"
[ "$RUNS" = 1 ] && cat "$OUT/runs.md"
if [ -n "$DOCS" ]; then
  python3 "$ROOT/tools/studies/replace_block.py" "$DOCS" onnx-models < "$OUT/models.md"
  python3 "$ROOT/tools/studies/replace_block.py" "$DOCS" onnx-vit-estimate < "$OUT/vit.md"
  if [ "$RUNS" = 1 ]; then
    python3 "$ROOT/tools/studies/replace_block.py" "$DOCS" onnx-run-times < "$OUT/runs.md"
  fi
fi
