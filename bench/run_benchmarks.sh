#!/usr/bin/env bash
# Prints the performance figures quoted in README.md: simulation wall time and
# peak memory for whole networks, the simulator's TLM transaction rate next
# to a bare b_transport loop, the DRAM model's request rate, the estimator's
# speed (whole process, and per network in Google Benchmark) and the ONNX
# import time of a large model. Run after building (tools/quickstart.sh build).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${HCMSIM_BUILD_DIR:-$root/build}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1

run() {  # name, then hcmsim run arguments
  local name="$1"; shift
  local best=""
  for i in 1 2 3; do
    local start end
    start=$(date +%s.%N)
    "$build/hcmsim" run --quiet --out "$out/$name" "$@" 2>"$out/err"
    end=$(date +%s.%N)
    local t; t=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
    if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then best=$t; fi
  done
  local rss="n/a"
  if [ -x /usr/bin/time ]; then
    rss=$( { /usr/bin/time -f "%M" "$build/hcmsim" run --quiet --out "$out/$name" "$@" 2>&1 >/dev/null; } | tail -1)" KB"
  fi
  printf "%-40s best of 3: %6.2f s   peak RSS: %s   %s\n" "$name" "$best" "$rss" "$(grep 'TLM transactions' "$out/err" | sed 's/hcmsim run: //')"
}

# Start-up: a process that does nothing but print its usage, and the search
# helper, the only one that loads pagmo (with TBB and Boost.Serialization).
startup() {  # name, then the command
  local name="$1"; shift
  local best=""
  for i in 1 2 3 4 5; do
    local start end t
    start=$(date +%s.%N)
    "$@" >/dev/null
    end=$(date +%s.%N)
    t=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
    if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then best=$t; fi
  done
  local rss="n/a"
  if [ -x /usr/bin/time ]; then rss=$( { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null; } | tail -1)" KB"; fi
  printf "%-40s best of 5: %6.3f s   peak RSS: %s\n" "$name" "$best" "$rss"
}
startup "hcmsim --help" "$build/hcmsim" --help
startup "hcmsim search --help (hcmsim-search)" "$build/hcmsim" search --help

run "resnet50 (default, 8 bit)" --net resnet50
run "resnet50 with VCD" --net resnet50 --vcd "$out/r50.vcd"
run "resnet18 (default, 8 bit)" --net resnet18
run "vgg16 (default, 8 bit)" --net vgg16

# Whole-process estimates (all tiers), the DRAM characterization already
# cached on disk as after any first use; and the same with the cache off.
estimate() {  # name, then hcmsim estimate arguments
  local name="$1"; shift
  "$build/hcmsim" estimate "$@" >/dev/null  # fills the characterization cache
  local best=""
  for i in 1 2 3; do
    local start end t
    start=$(date +%s.%N)
    "$build/hcmsim" estimate "$@" >/dev/null
    end=$(date +%s.%N)
    t=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
    if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then best=$t; fi
  done
  local start end
  start=$(date +%s.%N)
  HCMSIM_CACHE_DIR="" "$build/hcmsim" estimate "$@" >/dev/null
  end=$(date +%s.%N)
  printf "%-40s best of 3: %6.3f s   without the characterization cache: %6.3f s\n" "$name" "$best" \
    "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')"
}
for hw in default bitfusion isaac gpu_sm; do
  estimate "estimate resnet50 ($hw)" --hw "$hw" --net resnet50
done

# Import time of a 553 MB ONNX VGG-16 with its weights inline.
if [ -x "$build/bench/bench_onnx_import" ]; then
  "$build/bench/bench_onnx_import" --write-vgg16 "$out/vgg16.onnx"
  estimate "estimate vgg16.onnx (553 MB)" --net "$out/vgg16.onnx" --tiers hcm
fi

# A 10,000-point study's bookkeeping, no point evaluated: planning (--list),
# writing the cluster jobs, merging 10,000 one-point result files against the
# point list, and a resume that finds every point done.
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); awk -v a="$s" -v b="$e" 'BEGIN { print b - a }'; }
values=$(seq -s, 8 8 800)
printf 'name: big\nnet: resnet18\nmode: estimate\naxes:\n  compute.rows: [%s]\n  compute.cols: [%s]\ncollect: [cycles]\n' \
  "$values" "$values" > "$out/big.yaml"
list=$(seconds "$build/hcmsim" sweep --study "$out/big.yaml" --list)
emit=$(seconds "$build/hcmsim" sweep --study "$out/big.yaml" --emit-jobs "$out/big")
tail -n +2 "$out/big/points.csv" | while IFS=, read -r id r c; do
  printf 'point,compute.rows,compute.cols,status,error,cycles\n%s,%s,%s,ok,,1\n' "$id" "$r" "$c" > "$out/big/results/$id.csv"
done
merge=$(seconds "$build/hcmsim" merge --points "$out/big/points.csv" "$out"/big/results/*.csv --out "$out/big.csv")
resume=$(seconds "$build/hcmsim" sweep --study "$out/big.yaml" --out "$out/big.csv")
printf "%-40s list %.2f s, emit jobs %.2f s, merge %.2f s, resume scan %.2f s\n" "10,000-point study bookkeeping" \
  "$list" "$emit" "$merge" "$resume"

for b in bench_tlm_loop bench_dram bench_estimate bench_engine_aware bench_memory_path; do
  [ -x "$build/bench/$b" ] && "$build/bench/$b" --benchmark_min_time=0.2 2>/dev/null | grep -E "^BM_"
done
