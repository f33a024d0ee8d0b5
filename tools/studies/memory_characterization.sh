#!/bin/sh
# The measured figures of docs/memory_characterization.md (and the accuracy
# claim docs/simulation.md repeats), each into its own generated block:
#   memory-path-accuracy-table, -summary, -claim
#        tests/test_memory_path_accuracy with HCMSIM_ACCURACY_LISTS=2000 and
#        HCMSIM_ACCURACY_REPORT=1 (the test's bounds are for its own 160 lists;
#        with 2,000 a few may fail, which is not what is measured here)
#   memory-path-platforms, memory-path-run-lengths
#        `hcmsim dram --characterize` on every starter config (disk cache off)
#   memory-path-channel-mapping
#        the same with the channel bits right above the column bits (RoBaRaChCo)
#   memory-path-cost
#        bench/bench_memory_path (Google Benchmark, CPU time)
# Prints every block; with --update-docs FILE (repeatable) rewrites each block
# FILE has markers for. About a minute on 2 cores, most of it the benchmark.
#
#   tools/studies/memory_characterization.sh [--update-docs docs/memory_characterization.md]
#       [--update-docs docs/simulation.md] [HCMSIM] [OUTDIR]
# The test and benchmark binaries are taken from the build directory of HCMSIM
# (BUILD/tests/test_memory_path_accuracy, BUILD/bench/bench_memory_path).
set -eu
DOCS=""
while [ "${1:-}" = "--update-docs" ]; do DOCS="$DOCS $2"; shift 2; done
HCMSIM="${1:-build/hcmsim}"
OUT="${2:-traces/studies/memory_characterization}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BUILD="$(cd "$(dirname "$HCMSIM")" && pwd)"
LISTS=2000
export HCMSIM_CACHE_DIR=""   # measure, do not read a cached characterization
rm -rf "$OUT/accuracy" "$OUT/platforms" "$OUT/mapping" "$OUT/blocks"
mkdir -p "$OUT/accuracy" "$OUT/platforms" "$OUT/mapping"

for f in "$BUILD/tests/test_memory_path_accuracy" "$BUILD/bench/bench_memory_path"; do
  if [ ! -x "$f" ]; then echo "memory_characterization.sh: no $f (cmake --build build)" >&2; exit 2; fi
done

# Accuracy: one process per test, two at a time.
echo "$LISTS" >"$OUT/accuracy/lists"
for t in Ddr4_2400OneChannel Lpddr4_3200TwoChannels Lpddr4_3200EightChannels Hbm2SixteenChannels \
         Hbm2EightChannels OtherMappingAndClosedPage; do echo "$t"; done |
  xargs -P 2 -I {} sh -c 'HCMSIM_ACCURACY_LISTS=$1 HCMSIM_ACCURACY_REPORT=1 "$2" --gtest_filter=MemoryPathAccuracy.$3 \
      >"$4/$3.txt" 2>&1 || true' sh "$LISTS" "$BUILD/tests/test_memory_path_accuracy" {} "$OUT/accuracy"

# Characterization per configuration: LABEL, then the arguments.
: >"$OUT/platforms/order"
characterize() {
  label="$1"; shift
  echo "$*" | sed 's/^--hw //' >"$OUT/platforms/$label.args"
  echo "$label" >>"$OUT/platforms/order"
  "$HCMSIM" dram --characterize "$@" >"$OUT/platforms/$label.json"
}
characterize default --hw default
characterize default_lpddr4 --hw default --preset lpddr4_3200
for c in bismo bitfusion isaac jetson_like gpu_sm loom stripes; do characterize "$c" --hw "$c"; done

# Channel bits above the column bits, on the presets' multi-channel configurations.
for pc in lpddr4_3200:2 lpddr4_3200:8 hbm2:8 hbm2:16; do
  "$HCMSIM" dram --characterize --hw default --preset "${pc%:*}" --set "dram.channels=${pc#*:}" \
    --set dram.address_mapping=RoBaRaChCo >"$OUT/mapping/${pc%:*}-${pc#*:}.json"
done

"$BUILD/bench/bench_memory_path" --benchmark_min_time=0.1 --benchmark_repetitions=3 --benchmark_out="$OUT/bench.json" \
  --benchmark_out_format=json >"$OUT/bench.txt" 2>&1

python3 "$ROOT/tools/studies/memory_characterization_tables.py" "$OUT"
for f in "$OUT"/blocks/*.md; do
  name=$(basename "$f" .md)
  printf '<!-- %s -->\n' "$name"
  cat "$f"
  for doc in $DOCS; do
    if grep -q "<!-- $name:begin -->" "$doc"; then
      python3 "$ROOT/tools/studies/replace_block.py" "$doc" "$name" <"$f"
    fi
  done
done
