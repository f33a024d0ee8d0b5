#!/usr/bin/env bash
# The performance figures of README.md ("Performance"): start-up, simulation
# wall time and peak memory for whole networks, the simulator's TLM
# transaction rate next to a bare b_transport loop, the DRAM model's request
# rate, the estimator's speed (whole process, and per network in Google
# Benchmark), the ONNX import of a large model, a 10,000-point study's
# bookkeeping and, when valgrind is installed, the DRAM model's share of a
# callgrind profile. Run after building (tools/quickstart.sh build).
# bench/scalesim_ratio.sh compares with SCALE-Sim v2 (SCALE-Sim's part takes minutes).
#
# Prints one line per measurement and writes OUTDIR/performance.md, the
# README table; with --update-docs FILE rewrites the block between the
# performance markers in FILE with it. Takes about a minute and a half.
#
#   bench/run_benchmarks.sh [--update-docs README.md] [OUTDIR]
#
# OUTDIR defaults to traces/benchmarks; HCMSIM_BUILD_DIR picks the build
# (default build/). Big inputs (a 553 MB ONNX model, a VCD, 10,000 result
# files) are removed at exit; the measurements stay in OUTDIR.
set -euo pipefail
docs=""
if [ "${1:-}" = "--update-docs" ]; then docs="$2"; shift 2; fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${HCMSIM_BUILD_DIR:-$root/build}"
out="${1:-$root/traces/benchmarks}"
mkdir -p "$out"
res="$out/results.txt"
: > "$res"
trap 'rm -rf "$out/vgg16.onnx" "$out/r50.vcd" "$out/big" "$out/big.csv" "$out/big.csv.points" "$out"/run_* "$out/err" "$out/callgrind.out"' EXIT
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1

put() { printf '%s=%s\n' "$1" "$2" >> "$res"; }  # key, value: read by the table below
now() { date +%s.%N; }
minof() { awk -v t="$1" -v b="$2" 'BEGIN { print (b == "" || t < b) ? t : b }'; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { print b - a }'; }
rss_kb() { { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null; } | tail -1; }  # peak RSS of a command, KiB

run() {  # key, name, then hcmsim run arguments
  local key="$1" name="$2"; shift 2
  local best="" sim="" start end line
  for i in 1 2 3; do
    start=$(now)
    "$build/hcmsim" run --quiet --out "$out/run_$key" "$@" 2>"$out/err"
    end=$(now)
    best=$(minof "$(elapsed "$start" "$end")" "$best")
    # hcmsim run: simulated N TLM transactions and M DRAM bursts in S s (...)
    line=$(grep 'TLM transactions' "$out/err")
    sim=$(minof "$(echo "$line" | awk '{ print $12 }')" "$sim")
  done
  local rss; rss=$(rss_kb "$build/hcmsim" run --quiet --out "$out/run_$key" "$@")
  put "$key.wall" "$best"; put "$key.sim" "$sim"; put "$key.rss_kb" "$rss"
  put "$key.transactions" "$(echo "$line" | awk '{ print $4 }')"
  put "$key.bursts" "$(echo "$line" | awk '{ print $8 }')"
  printf "%-40s best of 3: %6.2f s   peak RSS: %s KB   %s\n" "$name" "$best" "$rss" "${line#hcmsim run: }"
}

# Start-up: a process that does nothing but print its usage, and the search
# helper, the only one that loads pagmo (with TBB and Boost.Serialization).
startup() {  # key, name, then the command
  local key="$1" name="$2"; shift 2
  local best="" start end
  for i in 1 2 3 4 5; do
    start=$(now)
    "$@" >/dev/null
    end=$(now)
    best=$(minof "$(elapsed "$start" "$end")" "$best")
  done
  local rss; rss=$(rss_kb "$@")
  put "$key.wall" "$best"; put "$key.rss_kb" "$rss"
  printf "%-40s best of 5: %6.3f s   peak RSS: %s KB\n" "$name" "$best" "$rss"
}
startup help "hcmsim --help" "$build/hcmsim" --help
startup search "hcmsim search --help (hcmsim-search)" "$build/hcmsim" search --help
if ldd "$build/hcmsim" | grep -q pagmo; then put help.pagmo 1; else put help.pagmo 0; fi

run r50 "resnet50 (default, 8 bit)" --net resnet50
run r50vcd "resnet50 with VCD" --net resnet50 --vcd "$out/r50.vcd"
run r18 "resnet18 (default, 8 bit)" --net resnet18
run vgg "vgg16 (default, 8 bit)" --net vgg16

# Whole-process estimates (all tiers), the DRAM characterization already
# cached on disk as after any first use; and the same with the cache off.
estimate() {  # key, name, then hcmsim estimate arguments
  local key="$1" name="$2"; shift 2
  "$build/hcmsim" estimate "$@" >/dev/null  # fills the characterization cache
  local best="" start end
  for i in 1 2 3; do
    start=$(now)
    "$build/hcmsim" estimate "$@" >/dev/null
    end=$(now)
    best=$(minof "$(elapsed "$start" "$end")" "$best")
  done
  start=$(now)
  HCMSIM_CACHE_DIR="" "$build/hcmsim" estimate "$@" >/dev/null
  end=$(now)
  local cold; cold=$(elapsed "$start" "$end")
  local rss; rss=$(rss_kb "$build/hcmsim" estimate "$@")
  put "$key.wall" "$best"; put "$key.uncached" "$cold"; put "$key.rss_kb" "$rss"
  printf "%-40s best of 3: %6.3f s   without the characterization cache: %6.3f s   peak RSS: %s KB\n" "$name" "$best" \
    "$cold" "$rss"
}
for hw in default bitfusion isaac gpu_sm; do
  estimate "est_$hw" "estimate resnet50 ($hw)" --hw "$hw" --net resnet50
done

# Import time of a 553 MB ONNX VGG-16 with its weights inline.
if [ -x "$build/bench/bench_onnx_import" ]; then
  "$build/bench/bench_onnx_import" --write-vgg16 "$out/vgg16.onnx"
  put onnx.bytes "$(wc -c < "$out/vgg16.onnx")"
  estimate onnx "estimate vgg16.onnx ($(( $(wc -c < "$out/vgg16.onnx") / 1000000 )) MB)" --net "$out/vgg16.onnx" --tiers hcm
  rm -f "$out/vgg16.onnx"
fi

# A 10,000-point study's bookkeeping, no point evaluated: planning (--list),
# writing the cluster jobs, merging 10,000 one-point result files against the
# point list, and a resume that finds every point done.
seconds() { local s e; s=$(now); "$@" >/dev/null 2>&1; e=$(now); elapsed "$s" "$e"; }
values=$(seq -s, 8 8 800)
printf 'name: big\nnet: resnet18\nmode: estimate\naxes:\n  compute.rows: [%s]\n  compute.cols: [%s]\ncollect: [cycles]\n' \
  "$values" "$values" > "$out/big.yaml"
rm -rf "$out/big" "$out/big.csv" "$out/big.csv.points"
list=$(seconds "$build/hcmsim" sweep --study "$out/big.yaml" --list)
emit=$(seconds "$build/hcmsim" sweep --study "$out/big.yaml" --emit-jobs "$out/big")
tail -n +2 "$out/big/points.csv" | while IFS=, read -r id r c; do
  printf 'point,compute.rows,compute.cols,status,error,cycles\n%s,%s,%s,ok,,1\n' "$id" "$r" "$c" > "$out/big/results/$id.csv"
done
merge=$(seconds "$build/hcmsim" merge --points "$out/big/points.csv" "$out"/big/results/*.csv --out "$out/big.csv")
resume=$(seconds "$build/hcmsim" sweep --study "$out/big.yaml" --out "$out/big.csv")
put study.points "$(( $(wc -l < "$out/big/points.csv") - 1 ))"
put study.list "$list"; put study.emit "$emit"; put study.merge "$merge"; put study.resume "$resume"
printf "%-40s list %.2f s, emit jobs %.2f s, merge %.2f s, resume scan %.2f s\n" "10,000-point study bookkeeping" \
  "$list" "$emit" "$merge" "$resume"
rm -rf "$out/big" "$out/big.csv" "$out/big.csv.points"

# Google Benchmark: the console lines, and JSON for the table.
for b in bench_tlm_loop bench_dram bench_estimate bench_engine_aware bench_memory_path; do
  if [ -x "$build/bench/$b" ]; then
    "$build/bench/$b" --benchmark_min_time=0.2 --benchmark_out="$out/$b.json" --benchmark_out_format=json \
      2>/dev/null | grep -E "^BM_" || true
  fi
done

# Where a simulation's instructions go: the DRAM model (its TLM target and
# everything below it) against the whole process, ResNet-18 under callgrind.
if command -v valgrind >/dev/null && command -v callgrind_annotate >/dev/null; then
  valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" \
    "$build/hcmsim" run --quiet --net resnet18 --out "$out/run_callgrind" >/dev/null 2>&1
  callgrind_annotate --inclusive=yes "$out/callgrind.out" 2>/dev/null | awk '
    /PROGRAM TOTALS/ { gsub(",", "", $1); total = $1 }
    /hcm::DramTarget::b_transport\(/ && dram == "" { gsub(",", "", $1); dram = $1 }
    END { if (total > 0 && dram > 0) printf "callgrind.dram_share=%.4f\n", dram / total }' >> "$res"
  grep callgrind "$res" | sed 's/callgrind.dram_share=/DRAM model share of a ResNet-18 run (callgrind): /'
fi

{
  printf 'date=%s\n' "$(date -u +%Y-%m-%d)"
  printf 'nproc=%s\n' "$(nproc)"
  printf 'cpu=%s\n' "$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  printf 'build_type=%s\n' "$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt" 2>/dev/null)"
} >> "$res"

python3 - "$res" "$out" > "$out/performance.md" <<'PY'
import json, math, os, sys

r = dict(l.rstrip("\n").split("=", 1) for l in open(sys.argv[1]) if "=" in l)
out = sys.argv[2]
f = lambda k: float(r[k])


def sig(x, n=2):
    """x with n significant digits, trailing zeros kept, never in exponent form."""
    if x == 0:
        return "0"
    x = float("%.*g" % (n, x))  # round first: 9.97 is 10, not 10.0
    d = max(0, n - 1 - int(math.floor(math.log10(abs(x)))))
    return "%.*f" % (d, x)


def grouped(x):  # 2 significant digits, thousands separated: 2,000
    e = int(math.floor(math.log10(x)))
    return "{:,}".format(int(round(x, 1 - e))) if e >= 1 else sig(x)


mib = lambda k: sig(f(k) / 1024.0)
ms = lambda s: sig(s * 1e3)


def bench(name):
    path = os.path.join(out, name + ".json")
    if not os.path.exists(path):
        return {}
    unit = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
    rows = {}
    for b in json.load(open(path))["benchmarks"]:
        b["cpu_s"] = b["cpu_time"] * unit[b.get("time_unit", "ns")]
        rows[b["name"]] = b
    return rows


rows = []
row = lambda what, result, target="": rows.append("| %s | %s | %s" % (what, result, target + " |" if target else "|"))

pagmo = "" if r.get("help.pagmo") == "1" else " (the only one that links pagmo)"
row("`hcmsim --help`, whole process",
    "%s ms, %s MiB peak RSS, mostly the dynamic loader and SystemC's static simulation context; `search` runs in "
    "its own executable, `hcmsim-search`%s, %s s and %s MiB to start"
    % (ms(f("help.wall")), mib("help.rss_kb"), pagmo, sig(f("search.wall")), mib("search.rss_kb")), "≤ 10 ms")
row("`hcmsim run --net resnet50` (default platform, 8 bit)",
    "%s s wall (%s s of it simulating), %s MiB peak RSS" % (sig(f("r50.wall")), sig(f("r50.sim")), mib("r50.rss_kb")),
    "≤ 2 s, ≤ 64 MB")
row("same with `--vcd`", "%s s (%s×)" % (sig(f("r50vcd.wall")), sig(f("r50vcd.wall") / f("r50.wall"), 3)), "≤ 2×")
row("`hcmsim run --net resnet18`", "%s s" % sig(f("r18.wall")), "≤ 0.5 s")
row("`hcmsim run --net vgg16`", "%s s" % sig(f("vgg.wall")))

tlm = bench("bench_tlm_loop").get("BM_BareBTransport")
if tlm:
    row("bare loosely-timed `b_transport` (`bench/bench_tlm_loop`)",
        "%s ns (%s M/s)" % (sig(tlm["cpu_s"] * 1e9), sig(1e-6 / tlm["cpu_s"])))
n, bursts, sim = f("r50.transactions"), f("r50.bursts"), f("r50.sim")
row("the simulator on ResNet-50",
    "%s k TLM transactions (tile commands, scatter-gather DMA transfers, buffer accesses) carrying %s M DRAM bursts: "
    "%s M transactions/s, %s M bursts/s" % (sig(n / 1e3), sig(bursts / 1e6, 3), sig(n / sim / 1e6), sig(bursts / sim / 1e6, 3)))
dram = bench("bench_dram")
if dram:
    row("DRAM model alone (`bench/bench_dram`)", "%s M streaming / %s M random requests/s"
        % (sig(dram["BM_Ddr4StreamingReads"]["requests_per_s"] / 1e6), sig(dram["BM_Ddr4RandomReads"]["requests_per_s"] / 1e6)))
est = bench("bench_estimate")
if est:
    row("HCM estimate, one layer (`bench/bench_estimate`)", "%s M layers/s" % sig(1e-6 / est["BM_EstimateLayer"]["cpu_s"]),
        "≥ 1 M/s")
    row("HCM estimate, whole zoo", "%s ms" % ms(est["BM_EstimateWholeZoo"]["cpu_s"]), "≪ 1 s")
ea = bench("bench_engine_aware")
if ea:
    warm = ea["BM_EngineAwareResNet50/default_warm"]["cpu_s"]
    cold = sorted((b["cpu_s"], k.split("/")[1][:-len("_cold")]) for k, b in ea.items() if k.endswith("_cold"))
    row("engine-aware estimate of ResNet-50, in process (`bench/bench_engine_aware`)",
        "%s ms warm (the same layers after the same layers seen before, as in a search that varies late layers): "
        "%s× faster than simulating it; %s ms (%s) to %s ms (%s) cold, a new platform's plans, tile costs and every "
        "layer's replay (a layer repeats only after the very same layers, since the DRAM state it meets is part of its time)"
        % (ms(warm), grouped(sim / warm), ms(cold[0][0]), cold[0][1], ms(cold[-1][0]), cold[-1][1]), "≥ 1000×")
mp = bench("bench_memory_path")
if mp:
    row("DRAM characterization of a platform (`bench/bench_memory_path`)",
        "%s ms (DDR4), %s ms (LPDDR4), %s ms (HBM2), once per configuration: cached on disk"
        % tuple(ms(mp["BM_Characterize/%d" % i]["cpu_s"]) for i in range(3)))
hw = ["default", "bitfusion", "isaac", "gpu_sm"]
warm = [f("est_%s.wall" % h) for h in hw]
cold = [f("est_%s.uncached" % h) for h in hw]
span = lambda v, fmt: fmt(min(v)) if fmt(min(v)) == fmt(max(v)) else "%s–%s" % (fmt(min(v)), fmt(max(v)))
row("`hcmsim estimate --net resnet50`, whole process, all tiers",
    "%s ms with the characterization cached, %s s without (the default, bitfusion, isaac and gpu_sm platforms)"
    % (span(warm, ms), span(cold, sig)), "≤ 20 ms")
if "onnx.wall" in r:
    row("`hcmsim estimate` of a %d MB ONNX VGG-16 with inline weights" % round(f("onnx.bytes") / 1e6),
        "%s s whole process, %s MiB peak RSS: the weights are never read" % (sig(f("onnx.wall")), mib("onnx.rss_kb")),
        "≤ 0.3 s")
p = "{:,}".format(int(r["study.points"]))
row("a %s-point study's bookkeeping, no point evaluated" % p,
    "plan (`--list`) %s s, emit the cluster jobs %s s, merge %s result files against the point list %s s, resume scan %s s"
    % (sig(f("study.list")), sig(f("study.emit")), p, sig(f("study.merge")), sig(f("study.resume"))), "seconds")

print("Measured %s on %s cores (%s), %s build, by `bench/run_benchmarks.sh --update-docs README.md`: whole-process "
      "times are the best of 3 wall-clock runs (5 for start-up), peak RSS from `/usr/bin/time`, the `bench/` figures "
      "Google Benchmark's CPU time." % (r["date"], r["nproc"], r["cpu"], r["build_type"] or "unknown"))
print()
print("| what | result | target |")
print("|---|---|---|")
print("\n".join(rows))
print()
share = ("about %d%% of the instructions in a callgrind profile of a ResNet-18 run are the DRAM model's"
         % round(100 * f("callgrind.dram_share"))) if "callgrind.dram_share" in r else ""
line = ("A tile is one transaction, so the simulator's cost is dominated by the DRAM model's per-burst scheduling, "
        "not by the TLM layer: ResNet-50's %s k transactions at the bare `b_transport` cost are %s ms of its %s s of "
        "simulation" % (sig(n / 1e3), sig(n * tlm["cpu_s"] * 1e3), sig(sim))) if tlm else \
    "A tile is one transaction, so the simulator's cost is dominated by the DRAM model's per-burst scheduling"
print(line + ("; " + share if share else "") + ".")
PY

if [ -n "$docs" ]; then
  python3 "$root/tools/studies/replace_block.py" "$docs" performance < "$out/performance.md"
  echo "rewrote the performance block of $docs"
fi
