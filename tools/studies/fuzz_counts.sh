#!/bin/sh
# The fuzzing table of docs/hardening.md: per libFuzzer target the seconds it
# ran, its executions, executions per second, the corpus it left and whether it
# found anything. Either runs tools/fuzz.sh the way CI does (CI=true: fixed
# seed 1; an empty corpus, so from the repository's seeds only) or reads the
# output of a run that already happened (--log: CI's log of tools/fuzz.sh or
# of tools/quickstart.sh hardening). Prints the table; with --update-docs FILE
# rewrites the block between the fuzz-counts markers in FILE.
#
#   tools/studies/fuzz_counts.sh [--update-docs docs/hardening.md] [--log FUZZ_LOG] [SECONDS] [OUTDIR]
#
# SECONDS per target (default 60, what CI runs; ignored with --log), OUTDIR
# default traces/fuzz_counts (the corpus, fuzz.log and the table). Running
# takes the fuzzer build (build-fuzz/, clang, minutes when it is stale) plus
# ten times SECONDS. Fails after writing the table when a target found
# something, or when the ONNX target is no longer the slowest (the prose below
# the table says it is).
set -eu
DOCS="" LOG=""
while [ $# -gt 0 ]; do
  case "$1" in
    --update-docs) DOCS="$2"; shift 2 ;;
    --log) LOG="$2"; shift 2 ;;
    *) break ;;
  esac
done
SECONDS_PER_TARGET="${1:-60}"
OUT="${2:-traces/fuzz_counts}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
mkdir -p "$OUT"

rc=0
if [ -z "$LOG" ]; then
  rm -rf "$OUT/corpus"
  start=$(date +%s)
  # fuzz.sh exits 1 on a finding: the table still says so, then this script fails.
  HCMSIM_FUZZ_CORPUS_DIR="$OUT/corpus" CI=true "$ROOT/tools/fuzz.sh" "$SECONDS_PER_TARGET" \
    >"$OUT/fuzz.log" 2>"$OUT/fuzz.stderr" || rc=$?
  end=$(date +%s)
  cat "$OUT/fuzz.log"
  # 1 is a finding (tabled below); anything else is a failed build or a bad argument.
  [ "$rc" -le 1 ] || { cat "$OUT/fuzz.stderr" >&2; exit "$rc"; }
  source_note="\`CI=true tools/fuzz.sh $SECONDS_PER_TARGET\` (fixed seed 1) from the repository's seeds only,
run by \`tools/studies/fuzz_counts.sh\` on $(date -u +%Y-%m-%d) on $(nproc) shared cores; the whole
run, fuzzer build included, took $(( (end - start + 30) / 60 )) min"
else
  cp "$LOG" "$OUT/fuzz.log" 2>/dev/null || true
  source_note="from the log of a CI run of \`tools/fuzz.sh\` (fixed seed 1, from the repository's
seeds only), read by \`tools/studies/fuzz_counts.sh --log\`"
fi

claim=0
python3 - "$OUT/fuzz.log" "$source_note" >"$OUT/table.md" <<'PY' || claim=$?
import re, sys
log, note = sys.argv[1], sys.argv[2]
text = open(log, encoding="utf-8", errors="replace").read()
per_target = re.findall(r"^fuzz\.sh: (\d+)s per target$", text, re.M)
if not per_target:
    sys.exit("fuzz_counts.sh: %s holds no 'fuzz.sh: Ns per target' summary" % log)
configured = per_target[-1]
# Summary lines, current form and the older one without seconds and rate:
#   platform_config   60636 executions in 60 s (1010/s)  ok (corpus 382)
#   onnx               4633 executions in 46 s (100/s)  FINDING (exit 1): crash-...
row = re.compile(r"^  (\w+) +(\S+) executions(?: in (\S+) s \((\S+)/s\))?  "
                 r"(?:ok \(corpus (\d+)\)|FINDING \(exit (\S+)\): ?(.*))$", re.M)
summary = text[text.rindex("fuzz.sh: %ss per target" % configured):]
rows = row.findall(summary)
if not rows:
    sys.exit("fuzz_counts.sh: no per-target lines after the summary in %s" % log)
group = lambda n: "{:,}".format(int(n)) if n.isdigit() else n
print("| target | seconds | executions | executions/s | corpus after | findings |")
print("|---|---:|---:|---:|---:|---|")
total, rates = 0, {}
for name, execs, secs, rate, corpus, exit_code, files in rows:
    if not secs:  # older fuzz.sh: only the configured time, the rate from it
        secs = configured
        rate = str(int(execs) // int(configured)) if execs.isdigit() else "?"
    total += int(execs) if execs.isdigit() else 0
    if rate.isdigit():
        rates[name] = int(rate)
    found = "none" if not exit_code else "**%d** (exit %s)" % (len(files.split()), exit_code)
    print("| `%s` | %s | %s | %s | %s | %s |" % (name, secs, group(execs), group(rate),
                                               corpus or "", found))
print()
print("%d targets, %s s each as configured (the seconds column is libFuzzer's own count of "
      "its run), %s executions in all; %s." % (
          len(rows), configured, group(str(total)), note.replace("\n", " ")))
# docs/hardening.md says so below the table.
if "onnx" in rates and min(rates, key=rates.get) != "onnx":
    print("fuzz_counts.sh: onnx is no longer the slowest target; docs/hardening.md says it is",
          file=sys.stderr)
    sys.exit(3)
PY
[ "$claim" -eq 0 ] || [ "$claim" -eq 3 ] || exit "$claim"
[ "$claim" -eq 0 ] || [ "$rc" -ne 0 ] || rc=1
cat "$OUT/table.md"
if [ -n "$DOCS" ]; then
  python3 "$ROOT/tools/studies/replace_block.py" "$DOCS" fuzz-counts <"$OUT/table.md"
fi
exit "$rc"
