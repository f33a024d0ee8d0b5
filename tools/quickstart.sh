#!/usr/bin/env bash
# One-stop setup for a fresh Debian 12 machine:
#   tools/quickstart.sh run    install what is missing, build, run the default simulation
#   tools/quickstart.sh test   install what is missing, build, run the whole test suite
#   tools/quickstart.sh asan   the test suite again, built with AddressSanitizer +
#                              UndefinedBehaviorSanitizer in build-asan/
#   tools/quickstart.sh fuzz   every libFuzzer target for ${HCMSIM_FUZZ_SECONDS:-60} s (tools/fuzz.sh)
#   tools/quickstart.sh hardening   asan, then fuzz (what CI runs after `test`)
# Idempotent: packages already present are not reinstalled; the build is incremental.
# Needs root (or sudo) only when packages are missing. Reads no standard input.
set -euo pipefail

mode="${1:-run}"
case "$mode" in run|test|deps|build|asan|fuzz|hardening) ;;
  *) echo "usage: $0 run|test|deps|build|asan|fuzz|hardening" >&2; exit 2 ;; esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${HCMSIM_BUILD_DIR:-$root/build}"
jobs="${HCMSIM_JOBS:-2}"

packages=(
  build-essential cmake pkg-config
  libsystemc-dev libyaml-cpp-dev libboost-program-options-dev
  googletest libgtest-dev libbenchmark-dev
  nlohmann-json3-dev libeigen3-dev libpagmo-dev
  gnuplot-nox        # hcmsim plot
  libonnx-dev libprotobuf-dev   # ONNX import (ModelProto, shape inference)
  gtkwave            # vcd2fst validates the VCD files hcmsim writes
  python3            # tools/zoo/gen_zoo.py --check keeps the zoo files honest
  python3-pandas python3-pip python3-setuptools python3-wheel  # the Python package (python/), its tests and pip install
  clang libclang-rt-14-dev      # libFuzzer targets (tools/fuzz.sh)
  time               # peak memory in bench/run_benchmarks.sh
)

install_packages() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "quickstart: installing ${missing[*]}" >&2
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo -n)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build_project() {
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" -j"$jobs"
}

# The suite under ASan + UBSan (a finding aborts the test that hit it), built
# with clang at -O1 (the sanitizers' recommended level; about twice as fast to
# compile as GCC here). SystemC's coroutine stack switches are announced to ASan
# (docs/hardening.md), so no check is turned off.
run_sanitized_suite() {
  local asan_build="${HCMSIM_ASAN_BUILD_DIR:-$root/build-asan}"
  cmake -S "$root" -B "$asan_build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
    -DCMAKE_CXX_COMPILER=clang++ -DHCMSIM_SANITIZE=ON -DHCMSIM_BENCH=OFF >/dev/null
  cmake --build "$asan_build" -j"$jobs"
  export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1:check_initialization_order=1}"
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
  cd "$asan_build"
  # The whole zoo x config x precision matrix (label `matrix`) is left to the
  # Release suite: under the sanitizers it would take most of an hour.
  ctest --output-on-failure -j"$jobs" --timeout 900 -LE matrix
}

install_packages
[ "$mode" = deps ] && exit 0
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
case "$mode" in
  asan) run_sanitized_suite; exit 0 ;;
  fuzz) exec "$root/tools/fuzz.sh" "${HCMSIM_FUZZ_SECONDS:-60}" ;;
  # Not `(run_sanitized_suite) && ...`: set -e is off inside an && list, so a
  # failed sanitizer build or test would fall through to the rest of the script.
  hardening) run_sanitized_suite; exec "$root/tools/fuzz.sh" "${HCMSIM_FUZZ_SECONDS:-60}" ;;
esac
build_project
[ "$mode" = build ] && exit 0

if [ "$mode" = run ]; then
  cd "$root"
  "$build/hcmsim" run --out "$root/traces/default"
else
  cd "$build"
  ctest --output-on-failure -j"$jobs" --timeout 600
fi
