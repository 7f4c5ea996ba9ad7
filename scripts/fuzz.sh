#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer + AddressSanitizer) of every reader of outside data:
# instances, solutions, change sets (re-planning), FET files, tables (a folder of CSV files), workbooks (.xlsx), ITC 2019 files. Harnesses: Fuzz/ (a package of its
# own, outside `swift test`); method and measured runs: docs/TESTING.md.
#
#   scripts/fuzz.sh                      # every harness, 60 s each
#   scripts/fuzz.sh instance 1800        # one harness for 30 minutes
#   RUNS=1000000 scripts/fuzz.sh all     # every harness for 1,000,000 executions
#
# Seeds come from Examples/ and the test fixtures (and a greedy timetable of tiny for the
# solution harness); leaks are not reported (FoundationXML leaks its parse errors' strings, and
# LeakSanitizer reports the JSON parser's value boxes at exit, which nothing in Swift can cycle; not
# ours); the corpus grows in Fuzz/corpus/NAME (not committed). A crash leaves its input
# in Fuzz/artifacts/: turn it into a regression test, then fix it. Exit 1 when a harness failed.
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}
seconds=${2:-60}
runs=${RUNS:--1}
harnesses=(instance solution changes fet tables workbook itc2019)
[ "$which" = all ] || harnesses=("$which")

for h in "${harnesses[@]}"; do
  (cd Fuzz && swift build -Xswiftc -sanitize=fuzzer,address --product "fuzz-$h" 2>&1 | grep -v "Cannot export local symbol" | tail -1) >&2
done
bin=Fuzz/.build/debug

seed() {  # seed NAME FILES...
  local dir=Fuzz/corpus/$1; shift
  mkdir -p "$dir"
  for f in "$@"; do [ -f "$f" ] && cp "$f" "$dir/seed-$(basename "$f")"; done
  return 0
}
seed instance Examples/*.json Tests/NetworkTimetablingTests/Fixtures/fet/instance.json
seed changes Examples/replan/*.json
seed fet Tests/NetworkTimetablingTests/Fixtures/fet/*.fet
seed itc2019 Tests/TimetablingITC2019Tests/Fixtures/solutions/lums-sum17.xml ../shared/itc2019/lums-sum17.xml ../shared/itc2019/bet-sum18.xml
# A solution of the harness's own small problem, so that inputs reach the validator's rules.
cat > Fuzz/corpus/itc2019/seed-fuzz-solution.xml <<'XML'
<solution name="fuzz" runtime="1" cores="1" technique="seed" author="a" institution="i" country="c">
  <class id="1" days="1000000" start="100" weeks="11" room="1"><student id="s"/></class>
  <class id="2" days="1000000" start="105" weeks="01"><student id="s"/></class>
</solution>
XML
if [ ! -f Fuzz/corpus/solution/seed-tiny-greedy.json ]; then
  mkdir -p Fuzz/corpus/solution
  swift run --quiet netsched solve Examples/tiny.json --engine greedy --no-bound --quiet \
    --out Fuzz/corpus/solution/seed-tiny-greedy.json >/dev/null 2>&1 || true
fi

# Tables: each seed is a table of tiny's export, after one byte that picks the file (sorted names).
if [ ! -d Fuzz/corpus/tables ]; then
  tmp=$(mktemp -d)
  swift run --quiet netsched export-tables Examples/tiny.json --out "$tmp/tiny" >/dev/null 2>&1 || true
  mkdir -p Fuzz/corpus/tables
  i=0
  for f in $(ls "$tmp/tiny" | LC_ALL=C sort); do
    { printf "\\$(printf '%03o' "$i")"; cat "$tmp/tiny/$f"; } > "Fuzz/corpus/tables/seed-$f"
    i=$((i + 1))
  done
  rm -rf "$tmp"
fi

# Workbooks: each seed is a part of tiny's workbook after the byte that picks it (sorted paths),
# and the whole file after a byte 0x80.
if [ ! -d Fuzz/corpus/workbook ]; then
  tmp=$(mktemp -d)
  swift run --quiet netsched export-tables Examples/tiny.json --out "$tmp/tiny.xlsx" >/dev/null 2>&1 || true
  mkdir -p Fuzz/corpus/workbook "$tmp/parts"
  (cd "$tmp/parts" && python3 -c "import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extractall('.')" "$tmp/tiny.xlsx")
  i=0
  for f in $(cd "$tmp/parts" && find . -type f | sed 's|^\./||' | LC_ALL=C sort); do
    { printf "\\$(printf '%03o' "$i")"; cat "$tmp/parts/$f"; } > "Fuzz/corpus/workbook/seed-$(echo "$f" | tr '/' '_')"
    i=$((i + 1))
  done
  { printf '\200'; cat "$tmp/tiny.xlsx"; } > Fuzz/corpus/workbook/seed-whole.xlsx
  rm -rf "$tmp"
fi

mkdir -p Fuzz/artifacts
failed=0
for h in "${harnesses[@]}"; do
  echo "fuzz: $h, $([ "$runs" -gt 0 ] && echo "$runs executions" || echo "$seconds s")" >&2
  log=Fuzz/artifacts/$h.log
  if ASAN_OPTIONS=detect_leaks=0 "$bin/fuzz-$h" -max_total_time="$seconds" -runs="$runs" -rss_limit_mb=4096 -timeout=20 -detect_leaks=0 \
       -artifact_prefix=Fuzz/artifacts/$h- Fuzz/corpus/$h >"$log" 2>&1; then
    grep -E "^(#[0-9]+\s+DONE|Done [0-9]+ runs)" "$log" | tail -2 >&2 || true
  else
    failed=1
    echo "fuzz: $h FAILED (see $log and Fuzz/artifacts/$h-*)" >&2
    tail -30 "$log" >&2
  fi
done
exit $failed
