#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang (ASan + UBSan) in build-fuzz/
# and runs each one for a bounded time; fails on any finding.
#
#   tools/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 60 s, every target)
#
# A finding (crash, uncaught exception other than hcm::InputError, sanitizer
# report, a unit slower than 10 s, more than 2 GiB of memory, a leak) stops that
# target; its input is left in build-fuzz/findings/<target>/ and the script exits
# 1 after the other targets ran. Fix it, then keep the input as
# fuzz/regressions/<target>/<name> (see fuzz/README.md). Prints the executions
# per target, with the seconds libFuzzer ran and its executions per second
# (tools/studies/fuzz_counts.sh turns that summary into docs/hardening.md's
# table). HCMSIM_FUZZ_CORPUS_DIR puts the working corpus elsewhere than
# build-fuzz/corpus/ (an empty one: a run from the seeds only).
# Needs clang and libclang-rt-14-dev (tools/quickstart.sh deps).
set -euo pipefail

seconds="${1:-60}"
[ $# -gt 0 ] && shift
case "$seconds" in '' | *[!0-9]*) echo "usage: $0 [SECONDS_PER_TARGET] [TARGET...]" >&2; exit 2 ;; esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${HCMSIM_FUZZ_BUILD_DIR:-$root/build-fuzz}"
corpus_root="${HCMSIM_FUZZ_CORPUS_DIR:-$build/corpus}"
jobs="${HCMSIM_JOBS:-2}"
all_targets=(platform_config network_yaml quant_policy scalesim_csv onnx dram_trace study sensitivity calibration scalesim_cfg)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DHCMSIM_FUZZ=ON -DBUILD_TESTING=OFF -DHCMSIM_BENCH=OFF >/dev/null
cmake --build "$build" -j"$jobs" --target hcm_fuzzers

# Seeds: the repository's own inputs of each kind, the hand-made seeds and every
# kept finding. The working corpus grows in build-fuzz/corpus/ across runs.
seed_sources() {
  case "$1" in
    platform_config) echo "$root"/configs/*.yaml ;;
    network_yaml) echo "$root"/workloads/zoo/*.yaml "$root"/tests/data/*.yaml ;;
    scalesim_csv) echo "$root"/tests/data/*.csv ;;
    study) echo "$root"/studies/*.yaml ;;
    sensitivity) echo "$root"/studies/*sensitivity*.yaml ;;
  esac
  for d in seeds regressions; do
    [ -d "$root/fuzz/$d/$1" ] && find "$root/fuzz/$d/$1" -type f
  done
  return 0
}

dictionary() {
  case "$1" in
    dram_trace) echo "$root/fuzz/dict/trace.dict" ;;
    onnx) echo "$root/fuzz/dict/onnx.dict" ;;
    scalesim_csv) echo "" ;;
    *) echo "$root/fuzz/dict/yaml.dict" ;;
  esac
}

# libFuzzer runs with ASan/UBSan halting on the first report; leaks are
# findings too (-detect_leaks, the default under ASan).
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_stack_use_after_return=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# In CI the inputs libFuzzer tries follow a fixed seed, so a run there replays
# what the same run did here (reproducible, not luck); elsewhere each run
# explores anew unless HCMSIM_FUZZ_SEED is set.
seed="${HCMSIM_FUZZ_SEED:-}"
[ -z "$seed" ] && [ "${CI:-}" = true ] && seed=1

failed=()
summary=()
for t in "${targets[@]}"; do
  bin="$build/fuzz/fuzz_$t"
  [ -x "$bin" ] || { echo "fuzz.sh: no target '$t' (have: ${all_targets[*]})" >&2; exit 2; }
  corpus="$corpus_root/$t"
  findings="$build/findings/$t"
  mkdir -p "$corpus" "$findings"
  rm -f "$findings"/*
  for f in $(seed_sources "$t"); do
    cp "$f" "$corpus/seed_$(basename "$(dirname "$f")")_$(basename "$f")"
  done
  dict="$(dictionary "$t")"
  log="$build/findings/$t.log"
  echo "fuzz.sh: $t for ${seconds}s ($(find "$corpus" -type f | wc -l) inputs in the corpus)"
  set +e
  "$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=10 \
    -max_len=65536 -len_control=100 -print_final_stats=1 -artifact_prefix="$findings/" \
    ${dict:+-dict="$dict"} ${seed:+-seed="$seed"} "$corpus" >"$log" 2>&1
  rc=$?
  set -e
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  secs="$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
  found="$(find "$findings" -type f | wc -l)"
  if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then
    failed+=("$t")
    summary+=("$(printf '%-16s %12s executions in %s s (%s/s)  FINDING (exit %s): %s' "$t" "${execs:-?}" "${secs:-?}" "${rate:-?}" "$rc" "$(ls "$findings" | tr '\n' ' ')")")
    grep -E "ERROR|runtime error|terminate called|what\(\)|==[0-9]+==" "$log" | head -20 >&2 || true
  else
    summary+=("$(printf '%-16s %12s executions in %s s (%s/s)  ok (corpus %s)' "$t" "$execs" "${secs:-?}" "${rate:-?}" "$(find "$corpus" -type f | wc -l)")")
  fi
done

echo "fuzz.sh: ${seconds}s per target"
printf '  %s\n' "${summary[@]}"
if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz.sh: findings in: ${failed[*]} (inputs in $build/findings/, logs beside them)" >&2
  exit 1
fi
