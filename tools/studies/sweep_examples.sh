#!/bin/sh
# The two example sweeps of docs/studies.md ("Sweeps"): how long they take on
# this machine and how many of their points are ok, infeasible or failed.
# Prints the paragraph; with --update-docs FILE rewrites the block between
# the sweep-examples markers in FILE.
#
#   tools/studies/sweep_examples.sh [--update-docs docs/studies.md] [HCMSIM] [OUTDIR]
set -eu
DOCS=""
if [ "${1:-}" = "--update-docs" ]; then DOCS="$2"; shift 2; fi
HCMSIM="${1:-build/hcmsim}"
OUT="${2:-traces/sweep_examples}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
mkdir -p "$OUT"

sweep() {  # study name: prints "seconds ok infeasible failed points"
  rm -rf "$OUT/$1.csv" "$OUT/$1.csv.points"
  start=$(date +%s.%N)
  "$HCMSIM" sweep --study "$ROOT/studies/$1.yaml" -j 2 --out "$OUT/$1.csv" 2>/dev/null >/dev/null
  end=$(date +%s.%N)
  python3 - "$OUT/$1.csv" "$start" "$end" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(l for l in open(sys.argv[1]) if not l.startswith("#"))]
count = lambda s: sum(r["status"] == s for r in rows)
print("%.0f %d %d %d %d" % (float(sys.argv[3]) - float(sys.argv[2]), count("ok"), count("infeasible"),
                            count("failed"), len(rows)))
PY
}

set -- $(sweep array_size)
small_s=$1 small_n=$5
set -- $(sweep resnet18_200)
big_s=$1 big_ok=$2 big_inf=$3 big_fail=$4 big_n=$5

{
  echo "\`studies/array_size.yaml\` ($small_n points of ResNet-18) takes about $small_s s on 2 cores; the $big_n-point"
  echo "sweep of ResNet-18 over array shapes, ifmap buffer sizes, DRAM technologies and precisions"
  echo "(\`studies/resnet18_200.yaml\`) about $big_s s: $big_ok points ok, $big_inf infeasible, $big_fail failed."
  echo "A point the planner cannot fit into the buffers is kept in the CSV as \`infeasible\` with its"
  echo "reason, and one that fails with its error: the sweep records a design point rather than dropping it."
} > "$OUT/paragraph.md"
cat "$OUT/paragraph.md"
if [ -n "$DOCS" ]; then
  python3 "$ROOT/tools/studies/replace_block.py" "$DOCS" sweep-examples < "$OUT/paragraph.md"
fi
