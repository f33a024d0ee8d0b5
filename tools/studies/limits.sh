#!/bin/sh
# The table of docs/limits.md: each limit of the inputs, what happens beyond
# it and what the simulator costs at it. The limits are the code's constants
# (tested in tests/test_bounds.cpp); this script checks that an input just
# beyond each one is still refused with the documented message (exit code 2),
# and measures wall time and peak RSS (/usr/bin/time) at the limit: a
# 50,000-layer network, an 8 MiB network YAML, a 4-billion-PE array and 1 TiB
# buffers (--set overrides), and 10^7- and 10^8-line DRAM traces.
# Prints the table; with --update-docs FILE rewrites the block between the
# limits markers in FILE. Exits 1, leaving FILE alone, when a refusal is not
# the documented one. Takes about a minute and a half on 2 cores.
#
#   tools/studies/limits.sh [--update-docs docs/limits.md] [HCMSIM] [OUTDIR]
#
# OUTDIR (default traces/limits) keeps the table and the small inputs; the
# big generated ones (the YAML files of 8 and 9 MiB, the 50,000-layer network,
# the traces of 135 MB and 1.35 GB) are deleted as soon as they are measured.
set -eu
DOCS=""
if [ "${1:-}" = "--update-docs" ]; then DOCS="$2"; shift 2; fi
HCMSIM="${1:-build/hcmsim}"
OUT="${2:-traces/limits}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
mkdir -p "$OUT"
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
trap 'rm -f "$OUT/t7.trace" "$OUT/t8.trace" "$OUT/yaml8.yaml" "$OUT/yaml9.yaml" "$OUT/deep.yaml"; rm -rf "$OUT/run"' EXIT
TIB="--set buffers.ifmap.capacity_kib=1073741824 --set buffers.weight.capacity_kib=1073741824"
TIB="$TIB --set buffers.ofmap.capacity_kib=1073741824"

# measure NAME command...: runs it under /usr/bin/time; sets NAME_s (wall
# seconds) and NAME_mib (peak RSS, MiB); the command must succeed.
measure() {
  name=$1; shift
  if ! /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" >/dev/null 2>"$OUT/err.txt"; then
    echo "limits.sh: '$*' failed:" >&2; cat "$OUT/err.txt" >&2; exit 1
  fi
  set -- $(tail -1 "$OUT/time.txt")
  eval "${name}_s=$1"
  eval "${name}_mib=$(awk -v k="$2" 'BEGIN { m = k / 1024; printf (m < 10 ? "%.1f" : "%.0f"), m }')"
}

# refused TEXT SUBSTRING command...: prints TEXT when the command exits with 2
# and an error containing SUBSTRING; otherwise what it did, and marks a failure.
refused() {
  text=$1 want=$2; shift 2
  rc=0; "$@" >/dev/null 2>"$OUT/err.txt" || rc=$?
  if [ "$rc" -eq 2 ] && grep -qF -- "$want" "$OUT/err.txt"; then
    printf '%s' "$text"
  else
    echo "limits.sh: expected exit code 2 and '$want' from '$*', got $rc: $(head -1 "$OUT/err.txt")" >&2
    printf 'NOT REPRODUCED (exit code %s)' "$rc"
    echo 1 > "$OUT/failed"
  fi
}
rm -f "$OUT/failed"

# YAML: 9 MiB of comments is refused before parsing; an 8 MiB network of fc
# layers is parsed (then refused for its layer count): its peak RSS over that
# of a one-layer network is what a parsed YAML tree costs per byte of text.
head -c $((9 * 1048576)) /dev/zero | tr '\0' '#' | fold -w 1023 > "$OUT/yaml9.yaml"
yaml_beyond=$(refused 'refused before parsing: `file is N MiB; YAML inputs are limited to 8 MiB`' \
  "file is 9 MiB; YAML inputs are limited to 8 MiB" "$HCMSIM" estimate --net "$OUT/yaml9.yaml")
awk 'BEGIN { print "name: big"; print "layers:"
             while (n < 8 * 1048576 - 64) { s = sprintf("  - {name: l%d, op: fc, in: 4, out: 4}\n", i++); n += length(s); printf "%s", s } }' \
  > "$OUT/yaml8.yaml"
yaml8_layers=$(grep -c 'op: fc' "$OUT/yaml8.yaml")
yaml8_bytes=$(wc -c < "$OUT/yaml8.yaml")
layers_beyond=$(refused "refused, naming the file and the count" "$yaml8_layers layers; networks are limited to 50000" \
  "$HCMSIM" estimate --net "$OUT/yaml8.yaml")
/usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$HCMSIM" estimate --net "$OUT/yaml8.yaml" >/dev/null 2>&1 || true
yaml8_kib=$(tail -1 "$OUT/time.txt" | awk '{ print $2 }')
printf 'name: one\nlayers:\n  - {name: l0, op: fc, in: 4, out: 4}\n' > "$OUT/one.yaml"
/usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$HCMSIM" estimate --net "$OUT/one.yaml" >/dev/null 2>&1
one_kib=$(tail -1 "$OUT/time.txt" | awk '{ print $2 }')
yaml_ratio=$(awk -v a="$yaml8_kib" -v b="$one_kib" -v n="$yaml8_bytes" 'BEGIN { r = (a - b) * 1024 / n; printf "%d", r < 20 ? r + 0.5 : int(r / 10 + 0.5) * 10 }')
yaml8_mib=$(awk -v k="$yaml8_kib" 'BEGIN { printf "%.0f", k / 1024 }')
rm -f "$OUT/yaml8.yaml" "$OUT/yaml9.yaml"

# 50,000 fc layers, the most a network may have.
awk 'BEGIN { print "name: deep"; print "layers:"; for (i = 0; i < 50000; i++) printf "  - {name: l%d, op: fc, in: 4, out: 4}\n", i }' \
  > "$OUT/deep.yaml"
measure deep_est "$HCMSIM" estimate --net "$OUT/deep.yaml"
measure deep_run "$HCMSIM" run --quiet --net "$OUT/deep.yaml" --out "$OUT/run"
rm -f "$OUT/deep.yaml"

# A study past 1,000,000 points.
axis=$(seq -s, 1 40)
printf 'name: s\naxes:\n  compute.rows: [%s]\n  compute.cols: [%s]\n  clock_mhz: [%s]\n  buffers.ifmap.capacity_kib: [%s]\n' \
  "$axis" "$axis" "$axis" "$axis" > "$OUT/study.yaml"
study_beyond=$(refused 'refused before expanding (split the study or use `--emit-jobs` per part)' \
  "the axes give 2560000 points; a study is limited to 1000000" "$HCMSIM" sweep --study "$OUT/study.yaml" --list)

# Arrays: 2^20 + 1 rows is a config error; 65,536 x 65,536 PEs with 1 TiB
# buffers are estimated and run; a 31,623 x 31,623 array on the default
# buffers cannot hold one fold.
array_beyond=$(refused "config error naming the key" "--set compute.rows: value 1048577 is out of range" \
  "$HCMSIM" estimate --set compute.rows=1048577)
# shellcheck disable=SC2086
measure pe_est "$HCMSIM" estimate --net resnet18 --set compute.rows=65536 --set compute.cols=65536 $TIB
# shellcheck disable=SC2086
measure pe_run "$HCMSIM" run --quiet --net resnet18 --out "$OUT/run" --set compute.rows=65536 --set compute.cols=65536 $TIB
pe_est_small=$(refused 'fails at once in `estimate`' "cannot be tiled" "$HCMSIM" estimate --net resnet18 --set compute.rows=31623 --set compute.cols=31623)
pe_run_small=$(refused 'and in `run`' "cannot be tiled" "$HCMSIM" run --quiet --net resnet18 --out "$OUT/run" \
  --set compute.rows=31623 --set compute.cols=31623)

# Buffers: 2^31 KiB is a config error; 1 TiB buffers run ResNet-18.
buffer_beyond=$(refused "config error naming the key" "--set buffers.ifmap.capacity_kib: value 2147483648 is out of range" \
  "$HCMSIM" estimate --set buffers.ifmap.capacity_kib=2147483648)
# shellcheck disable=SC2086
measure tib_run "$HCMSIM" run --quiet --net resnet18 --out "$OUT/run" $TIB

# DRAM capacity, batch, one layer's counts, bit widths.
dram_beyond=$(refused '`the network does not fit in DRAM` naming the network' "vgg16.yaml: the network does not fit in DRAM" \
  "$HCMSIM" run --net vgg16 --batch 1048576 --quiet --out "$OUT/run")
batch_beyond=$(refused '`--batch: must be in 1..1048576`' "--batch: must be in 1..1048576" "$HCMSIM" estimate --batch 1048577)
printf 'name: huge\nlayers:\n  - {name: big, op: fc, in: 16777216, out: 16777216, batch: 32}\n' > "$OUT/huge.yaml"
layer_beyond=$(refused '`tensor or operation count beyond the simulator'"'"'s limit` naming the file, line and layer' \
  "huge.yaml:3:5: layer 'big': tensor or operation count beyond the simulator's limit" "$HCMSIM" estimate --net "$OUT/huge.yaml")
bits_beyond=$(refused "config / policy / CLI error naming the key" "--wbits: '33'" "$HCMSIM" estimate --wbits 33)

# Memory traces: 10^7 sequential 64-byte reads, and the same ten times over.
awk 'BEGIN { for (i = 0; i < 10000000; i++) printf "LD 0x%x\n", i * 64 }' > "$OUT/t7.trace"
measure t7 "$HCMSIM" dram --trace "$OUT/t7.trace"
for _ in 1 2 3 4 5 6 7 8 9 10; do cat "$OUT/t7.trace"; done > "$OUT/t8.trace"
rm -f "$OUT/t7.trace"
measure t8 "$HCMSIM" dram --trace "$OUT/t8.trace"
rm -f "$OUT/t8.trace"
rm -rf "$OUT/run"

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
comma() { printf '%s' "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta'; }
{
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($cpu) by \`tools/studies/limits.sh --update-docs docs/limits.md\`:"
  echo "wall time and peak RSS from \`/usr/bin/time\`; every refusal below was reproduced with an input just past the limit."
  echo
  echo "| input | limit | what happens beyond it | at the limit |"
  echo "|---|---|---|---|"
  echo "| any YAML file (config, network, policy, study, calibration, sensitivity) | 8 MiB | $yaml_beyond | an 8 MiB network YAML ($(comma "$yaml8_layers") fc layers, refused after parsing for its layer count) peaks at $yaml8_mib MiB: a parsed YAML tree takes about ${yaml_ratio}× its text |"
  echo "| layers in a network (YAML, SCALE-Sim CSV, ONNX) | 50,000 | $layers_beyond | 50,000 fc layers: \`estimate\` $deep_est_s s / $deep_est_mib MiB, \`run\` $deep_run_s s / $deep_run_mib MiB |"
  echo "| design points in a study | 1,000,000 | $study_beyond | |"
  echo "| array size | rows and cols each ≤ 2^20 | $array_beyond | 65,536 × 65,536 PEs with 1 TiB buffers: ResNet-18 \`estimate\` $pe_est_s s, \`run\` $pe_run_s s / $pe_run_mib MiB; on the default buffers a 31,623 × 31,623 array $pe_est_small $pe_run_small with \`cannot be tiled\`: one fold's operands exceed the buffers |"
  echo "| buffer capacity | ≤ 1 TiB each (\`capacity_kib\` ≤ 2^30) | $buffer_beyond | 1 TiB buffers run ResNet-18 in $tib_run_s s, $tib_run_mib MiB: capacity is bookkeeping, nothing is allocated per byte |"
  echo "| DRAM | the configured organisation's capacity | $dram_beyond | |"
  echo "| batch | ≤ 2^20 | $batch_beyond | larger batches usually hit the DRAM capacity first |"
  echo "| memory trace (\`hcmsim dram --trace\`) | none: streamed line by line | | 10^7 lines: $t7_s s, $t7_mib MiB; 10^8 lines: $t8_s s, $t8_mib MiB |"
  echo "| ONNX models | protobuf's 2 GiB | | the importer holds the model once plus its shape-inferred copy |"
  echo "| one layer | ≤ 2^48 elements per tensor, ≤ 2^52 operations (MACs) | $layer_beyond | counts are int64; past this their products would wrap |"
  echo "| bit widths | 1..32 | $bits_beyond | |"
} > "$OUT/table.md"
cat "$OUT/table.md"
if [ -f "$OUT/failed" ]; then
  echo "limits.sh: some refusals differ from the documented ones (above); $DOCS not updated" >&2
  exit 1
fi
if [ -n "$DOCS" ]; then
  python3 "$ROOT/tools/studies/replace_block.py" "$DOCS" limits < "$OUT/table.md"
fi
