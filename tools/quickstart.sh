#!/usr/bin/env bash
# One-stop setup for a fresh Debian 12 machine:
#   tools/quickstart.sh run    install what is missing, build, run the default simulation
#   tools/quickstart.sh test   install what is missing, build, run the whole test suite
# Idempotent: packages already present are not reinstalled; the build is incremental.
# Needs root (or sudo) only when packages are missing. Reads no standard input.
set -euo pipefail

mode="${1:-run}"
case "$mode" in run|test|deps|build) ;; *) echo "usage: $0 run|test|deps|build" >&2; exit 2 ;; esac

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

install_packages
[ "$mode" = deps ] && exit 0
build_project
[ "$mode" = build ] && exit 0

export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
if [ "$mode" = run ]; then
  cd "$root"
  "$build/hcmsim" run --out "$root/traces/default"
else
  cd "$build"
  ctest --output-on-failure -j"$jobs" --timeout 600
fi
