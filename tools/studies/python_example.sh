#!/bin/sh
# The numbers of docs/python.md: runs the co-design example
# (python/examples/codesign.py) with its defaults, times `hcmsim.estimate` of
# ResNet-20 from Python and runs the package's unit tests, then prints the
# generated blocks. With --update-docs FILE rewrites, in FILE, the blocks
# python-estimate-time, python-codesign-time, python-codesign-excerpt (the
# example's main steps, copied from the script), python-codesign-results and
# python-tests. Fails, after writing them, when the prose around the results no
# longer holds for the new numbers (python_example_tables.py says which claim).
#
#   tools/studies/python_example.sh [--update-docs docs/python.md] [HCMSIM] [OUTDIR]
#
# HCMSIM default build/hcmsim (hcmsim-search beside it), OUTDIR default
# traces/python_example. The interpreter is $HCMSIM_PYTHON, else Debian's
# /usr/bin/python3 (pandas, torch, matplotlib). Each run starts with an empty
# DRAM characterization cache (HCMSIM_CACHE_DIR under OUTDIR), as a new
# machine would. About a minute on 2 cores.
set -eu
DOCS=""
if [ "${1:-}" = "--update-docs" ]; then DOCS="$2"; shift 2; fi
HCMSIM="${1:-build/hcmsim}"
OUT="${2:-traces/python_example}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY="${HCMSIM_PYTHON:-}"
[ -z "$PY" ] && [ -x /usr/bin/python3 ] && PY=/usr/bin/python3
[ -z "$PY" ] && PY=python3
HCMSIM_BINARY="$(cd "$(dirname "$HCMSIM")" && pwd)/$(basename "$HCMSIM")"
export HCMSIM_BINARY SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
export PYTHONPATH="$ROOT/python"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

now() { date +%s.%N; }
cold_cache() { rm -rf "$OUT/cache"; mkdir -p "$OUT/cache"; HCMSIM_CACHE_DIR="$OUT/cache"; export HCMSIM_CACHE_DIR; }

# 1. The example, as docs/python.md tells to run it (defaults), empty cache.
cold_cache
rm -rf "$OUT/codesign"
start=$(now)
"$PY" "$ROOT/python/examples/codesign.py" --out "$OUT/codesign" >"$OUT/codesign.log"
end=$(now)
cat "$OUT/codesign.log"
echo "$start $end" >"$OUT/codesign.time"

# 2. One hcmsim process from Python: median of 7 estimates of ResNet-20 (after
#    one that warms the cache and the imports).
"$PY" - >"$OUT/estimate.time" <<'PY'
import statistics, time, hcmsim
hcmsim.estimate("resnet20")
times = []
for _ in range(7):
    t = time.perf_counter()
    hcmsim.estimate("resnet20")
    times.append(time.perf_counter() - t)
print(statistics.median(times))
PY

# 3. The unit tests, empty cache (what tools/python_package_check.sh runs first).
cold_cache
"$PY" -m unittest discover -s "$ROOT/python/tests" >"$OUT/tests.log" 2>&1 || {
  cat "$OUT/tests.log" >&2; echo "python_example.sh: the unit tests failed" >&2; exit 1; }

rc=0
"$PY" "$ROOT/tools/studies/python_example_tables.py" "$HCMSIM_BINARY" "$OUT" "$ROOT/python/examples/codesign.py" || rc=$?
[ "$rc" -le 1 ] || exit "$rc"  # 1: a claim of the prose failed, the blocks are still written
for b in python-estimate-time python-codesign-time python-codesign-excerpt python-codesign-results python-tests; do
  echo "--- $b"
  cat "$OUT/$b.md"
  if [ -n "$DOCS" ]; then
    python3 "$ROOT/tools/studies/replace_block.py" "$DOCS" "$b" <"$OUT/$b.md"
  fi
done
exit "$rc"
