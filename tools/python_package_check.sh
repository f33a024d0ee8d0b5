#!/bin/sh
# The Python package (python/) as CI checks it, offline: its unit tests
# against the built hcmsim, then `pip install --no-build-isolation` of a copy
# of the package into a scratch directory and `import hcmsim` from elsewhere.
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
