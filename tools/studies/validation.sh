#!/bin/sh
# The validation table of docs/validation.md: runs the `validation` tests
# (tests/validation/test_validation.cpp, one per row of
# tests/validation/figures.yaml) with HCMSIM_VALIDATION_OUT set, so each test
# writes its row's result, and renders them (validation_table.py). Prints the
# table; with --update-docs FILE rewrites the block between the validation
# markers, only when every test passed. A few seconds.
#
#   tools/studies/validation.sh [--update-docs docs/validation.md] [HCMSIM | BUILD_DIR]
#
# HCMSIM (default build/hcmsim) names the build: the tests of the build
# directory holding it run, and they run that directory's hcmsim.
set -eu
DOCS=""
if [ "${1:-}" = "--update-docs" ]; then DOCS="$2"; shift 2; fi
TARGET="${1:-build/hcmsim}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
if [ -d "$TARGET" ]; then BUILD="$TARGET"; else BUILD="$(dirname "$TARGET")"; fi
BUILD="$(cd "$BUILD" && pwd)"
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
OUT="$(mktemp -d "${TMPDIR:-/tmp}/hcmsim_validation.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT

# Rebuild what the table depends on: a row added to figures.yaml rebuilds the test
# binary, whose discovery then lists it.
cmake --build "$BUILD" --target test_validation hcmsim >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log" >&2; exit 1; }
STATUS=0
(cd "$BUILD" && HCMSIM_VALIDATION_OUT="$OUT" ctest -L validation --output-on-failure >"$OUT/ctest.log" 2>&1) || STATUS=$?
python3 "$ROOT/tools/studies/validation_table.py" "$OUT" "$ROOT/tests/validation/figures.yaml" >"$OUT/table.md.txt" || STATUS=1
cat "$OUT/table.md.txt"
if [ "$STATUS" -ne 0 ]; then
  cat "$OUT/ctest.log" >&2
  echo "validation.sh: some validation tests failed${DOCS:+; $DOCS not updated}" >&2
  exit 1
fi
if [ -n "$DOCS" ]; then
  python3 "$ROOT/tools/studies/replace_block.py" "$DOCS" validation <"$OUT/table.md.txt"
fi
