#!/bin/sh
# The Python package (python/) as CI checks it, offline: its unit tests
# against the built hcmsim, then `pip install --no-build-isolation` of a copy
# of the package into a scratch directory and `import hcmsim` from elsewhere;
# then the same from a copy of the checkout's root (pyproject.toml, setup.py),
# whose package carries the simulator, run with no other hcmsim to be found.
#   tools/python_package_check.sh BUILD/hcmsim
# The interpreter is $HCMSIM_PYTHON, else Debian's /usr/bin/python3 (the one
# with python3-pandas), else python3 on PATH.
set -eu
root="$(cd "$(dirname "$0")/.." && pwd)"
HCMSIM_BINARY="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
export HCMSIM_BINARY SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
py="${HCMSIM_PYTHON:-}"
[ -z "$py" ] && [ -x /usr/bin/python3 ] && py=/usr/bin/python3
[ -z "$py" ] && py=python3

PYTHONPATH="$root/python" "$py" -m unittest discover -s "$root/python/tests"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cp -r "$root/python" "$scratch/src"
rm -rf "$scratch/src/build" "$scratch/src"/*.egg-info
"$py" -m pip install --quiet --no-build-isolation --no-deps --no-index --target "$scratch/site" "$scratch/src"
cd /
PYTHONPATH="$scratch/site" "$py" - <<'PY'
import os, hcmsim
assert os.path.dirname(hcmsim.__file__).endswith("site/hcmsim"), hcmsim.__file__
df = hcmsim.estimate("resnet20", hw="default", wbits=4, abits=4)
assert len(df) == df.attrs["totals"]["layers"] > 0 and (df["engine_aware_cycles"] > 0).all(), df
print("python_package_check: pip-installed hcmsim estimated resnet20:", len(df), "layers")
PY

# From the root: the package with the executables, configs and zoo inside it.
# setup.py builds into the directory of the hcmsim under test (up to date: no
# compile), copied from a scratch copy of what the package is made of.
mkdir -p "$scratch/root/workloads"
cp "$root/pyproject.toml" "$root/setup.py" "$scratch/root/"
cp -r "$root/python" "$root/configs" "$scratch/root/"
cp -r "$root/workloads/zoo" "$scratch/root/workloads/"
rm -rf "$scratch/root/python/build" "$scratch/root/python"/*.egg-info
HCMSIM_BUILD_DIR="$(dirname "$HCMSIM_BINARY")" "$py" -m pip install --quiet --no-build-isolation --no-deps \
  --no-index --target "$scratch/full" "$scratch/root"
rm -rf "$scratch/root"
env -u HCMSIM_BINARY PATH=/usr/bin:/bin PYTHONPATH="$scratch/full" "$py" - <<'PY'
import os, hcmsim, hcmsim._cli as cli
here = os.path.dirname(hcmsim.__file__)
assert cli.binary() == os.path.join(here, "bin", "hcmsim"), cli.binary()
df = hcmsim.estimate("resnet20", hw="loom", wbits=4, abits=4)
assert len(df) == df.attrs["totals"]["layers"] > 0 and (df["engine_aware_cycles"] > 0).all(), df
run = hcmsim.run("resnet20", hw="default", layers="0-2")
assert len(run) == 3 and (run["cycles"] > 0).all(), run
print("python_package_check: hcmsim installed from the root ran its bundled simulator:", cli.binary())
PY
