#!/usr/bin/env bash
# hcmsim against SCALE-Sim v2 on the same run: ResNet-18 from SCALE-Sim's own
# topology file (topologies/conv_nets/Resnet18.csv) on a 16x16
# weight-stationary array described in SCALE-Sim's own .cfg format, each tool
# run once on the two files. Reports CPU time (user + system; SCALE-Sim is
# single-threaded, so this is robust to a busy machine, unlike wall time),
# the ratio, and checks both count the same stall-free cycles per layer
# (SCALE-Sim's printed total + 1 - its stall cycles = hcmsim --ideal-memory).
# SCALE-Sim's Python needs python3-numpy, -pandas, -tqdm and -absl (Debian);
# it runs with $HCMSIM_PYTHON, else /usr/bin/python3.
# SCALE-Sim's part takes minutes.
#
#   bench/scalesim_ratio.sh [--update-docs README.md] SCALESIM_DIR [HCMSIM] [OUTDIR]
#
# SCALESIM_DIR: a checkout of github.com/scalesim-project/scale-sim-v2;
# $SCALESIM_COMMIT names its commit in the table (else `git -C DIR rev-parse`).
set -euo pipefail
docs=""
if [ "${1:-}" = "--update-docs" ]; then docs="$2"; shift 2; fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scalesim="${1:?usage: bench/scalesim_ratio.sh [--update-docs README.md] SCALESIM_DIR [HCMSIM] [OUTDIR]}"
hcmsim="${2:-$root/build/hcmsim}"
out="${3:-$root/traces/scalesim_ratio}"
commit="${SCALESIM_COMMIT:-$(git -C "$scalesim" rev-parse HEAD 2>/dev/null || echo unknown)}"
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
rm -rf "$out"; mkdir -p "$out"
topo="$scalesim/topologies/conv_nets/Resnet18.csv"
cat > "$out/resnet18_16x16_ws.cfg" <<'CFG'
[general]
run_name = resnet18_16x16_ws

[architecture_presets]
ArrayHeight: 16
ArrayWidth: 16
IfmapSramSzkB: 64
FilterSramSzkB: 64
OfmapSramSzkB: 64
IfmapOffset: 0
FilterOffset: 10000000
OfmapOffset: 20000000
Bandwidth : 10
Dataflow : ws
MemoryBanks: 1

[run_presets]
InterfaceBandwidth: CALC
CFG

cpu() {  # command...: prints its user + system seconds
  /usr/bin/time -f "%U %S" -o "$out/time" "$@" > /dev/null 2>> "$out/stderr"
  awk '{ print $1 + $2 }' "$out/time"
}
py="${HCMSIM_PYTHON:-/usr/bin/python3}"  # Debian's, which has the packages above
scalesim_s=$(cpu env PYTHONPATH="$scalesim" "$py" "$scalesim/scalesim/scale.py" -c "$out/resnet18_16x16_ws.cfg" \
  -t "$topo" -p "$out/scalesim")
hcmsim_s=$(cpu "$hcmsim" run --quiet --hw "$out/resnet18_16x16_ws.cfg" --net "$topo" --out "$out/hcmsim")
"$hcmsim" run --quiet --ideal-memory --hw "$out/resnet18_16x16_ws.cfg" --net "$topo" --out "$out/ideal" 2>> "$out/stderr"

python3 - "$out" "$scalesim_s" "$hcmsim_s" "$commit" > "$out/table.md" <<'PY'
import csv, json, sys
out, ss, hs, commit = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
report = f"{out}/scalesim/resnet18_16x16_ws/COMPUTE_REPORT.csv"
rows = [{k.strip(): v.strip() for k, v in r.items() if k} for r in csv.DictReader(open(report))]
theirs = [int(float(r["Total Cycles"])) + 1 - int(float(r["Stall Cycles"])) for r in rows]
ours = [l["cycles"] for l in json.load(open(f"{out}/ideal/summary.json"))["layers"]]
same = sum(a == b for a, b in zip(theirs, ours))
if len(theirs) != len(ours):
    sys.exit(f"SCALE-Sim reports {len(theirs)} layers, hcmsim {len(ours)}")
print(f"ResNet-18 ({len(rows)} layers of SCALE-Sim's `Resnet18.csv`) on a 16×16 weight-stationary array from "
      f"one SCALE-Sim `.cfg`, each tool run once on the same two files, CPU time (user + system), measured by "
      f"`bench/scalesim_ratio.sh`:")
print()
print("| tool | CPU time | stall-free cycles |")
print("|---|---|---|")
print(f"| SCALE-Sim v2 (commit {commit[:7]}) | {ss:.0f} s | {sum(theirs):,} (printed total + 1 − stalls, per layer) |")
print(f"| `hcmsim run`, DRAM simulated | {hs:.2f} s ({ss / hs:,.0f}× less) | {sum(ours):,} (`--ideal-memory`); "
      f"{same} of {len(ours)} layers equal |")
PY
cat "$out/table.md"
if [ -n "$docs" ]; then
  python3 "$root/tools/studies/replace_block.py" "$docs" scalesim-ratio < "$out/table.md"
fi
