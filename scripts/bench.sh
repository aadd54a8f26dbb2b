#!/usr/bin/env bash
# Times whole processes side by side on this machine, in one run:
#   briefpress vs pandoc (sample → HTML, → EPUB, all three formats; a 50-brief batch),
#   briefpress's PDF vs the Typst CLI compiling the Typst source briefpress generates (-f typ),
#   peak memory (/usr/bin/time -v), and cost against length (a brief 4× longer).
# Installs what it needs (hyperfine and time from Debian, pandoc from PyPI `pypandoc-binary`,
# typst-cli from crates.io — the same version as the typst crate). Not part of `cargo test`.
# The build before the typography work of issues 13–17 (`BASELINE`, default 46a2679; empty to
# skip; or BASELINE_BIN, a binary of it built before) is built in a worktree of its own and
# timed in the same runs, as a second column.
# The last table sets issue 26's figures against their targets.
# Usage: bash scripts/bench.sh [RESULTS.md]
set -euo pipefail
cd "$(dirname "$0")/.."
RESULTS="${1:-bench-results.md}"
TOOLS="${BRIEFPRESS_TOOLS:-/opt/briefpress-tools}"
RUNS="${RUNS:-5}"

need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
[ -x /usr/bin/time ] || need+=(time)
command -v make >/dev/null || need+=(make)
if [ "${#need[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
if ! ls "$TOOLS"/pandoc/pypandoc/files/pandoc >/dev/null 2>&1; then
  python3 -m pip install -q --disable-pip-version-check --target "$TOOLS/pandoc" pypandoc-binary
fi
PANDOC=$(ls "$TOOLS"/pandoc/pypandoc/files/pandoc)
TYPST_VERSION=$(cargo metadata --format-version 1 --locked 2>/dev/null \
  | python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"]=="typst"))')
TYPST="$TOOLS/typst/bin/typst"
if ! "$TYPST" --version 2>/dev/null | grep -q "$TYPST_VERSION"; then
  cargo install typst-cli --version "$TYPST_VERSION" --locked --root "$TOOLS/typst"
fi

cargo build --release --quiet
BP="${CARGO_TARGET_DIR:-target}/release/briefpress"
SAMPLE=input/islamic-state-and-russia.md
W=$(mktemp -d)
trap 'rm -rf "$W"; git worktree prune' EXIT

# The baseline, where it still builds (its own target folder: a first build takes minutes).
BASELINE="${BASELINE-46a2679}"
BASE="${BASELINE_BIN:-}"   # a baseline binary built before, if any
if [ -z "$BASE" ] && [ -n "$BASELINE" ]; then
  base_target="${CARGO_TARGET_DIR:-$PWD/target}-baseline"
  if git worktree add -f --detach "$W/baseline" "$BASELINE" >/dev/null 2>&1 &&
     (cd "$W/baseline" && CARGO_TARGET_DIR="$base_target" cargo build --release --locked --quiet); then
    BASE="$base_target/release/briefpress"
  else
    echo "baseline $BASELINE does not build here: its column is left out" >&2
  fi
  git worktree remove --force "$W/baseline" >/dev/null 2>&1 || true
fi
# `bcmd NAME COMMAND`: adds the baseline's run of COMMAND (briefpress's binary swapped for the
# baseline's) to the array B, which a group's hyperfine call takes after its own commands.
B=()
bcmd() { if [ -n "$BASE" ]; then B+=(-n "baseline: $1" "${2//$BP/$BASE}"); fi; }

# A 50-brief batch of distinct briefs: the sample and the well-formed fixtures, cycled, each
# copy with its own words (a variant tag ends every paragraph), since Typst's memo cache makes
# a repeated brief nearly free and an archive has no repeats.
mkdir -p "$W/batch"
mapfile -t pool < <(ls input/*.md tests/fixtures/extracted/*.md tests/fixtures/authored/*.md 2>/dev/null)
for i in $(seq -w 1 50); do
  src="${pool[$(( (10#$i - 1) % ${#pool[@]} ))]}"
  python3 scripts/make-variant.py "$src" "$W/batch/brief-$i.md" "v$i"
  # Images beside a fixture go along.
  for img in "$(dirname "$src")"/*.png; do [ -f "$img" ] && cp -n "$img" "$W/batch/"; done
done
# 200 distinct briefs, to show that a batch's memory does not grow with its length.
mkdir -p "$W/batch200"
for r in 1 2 3 4; do
  for f in "$W"/batch/*.md; do
    python3 scripts/make-variant.py "$f" "$W/batch200/r$r-$(basename "$f")" "r$r"
  done
done
cp "$W"/batch/*.png "$W/batch200/" 2>/dev/null || true
python3 scripts/make-long-brief.py "$W/long1.md" 2>/dev/null
python3 scripts/make-long-brief.py "$W/long4.md" --scale 4 2>/dev/null
python3 scripts/make-notes-brief.py 750 "$W/notes750.md"
python3 scripts/make-notes-brief.py 3000 "$W/notes3000.md"

{
  echo "# briefpress benchmark results"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB; $(uname -sr)."
  echo "briefpress $($BP --version | head -1 | awk '{print $2}'), pandoc $($PANDOC --version | head -1 | awk '{print $2}'), typst-cli $($TYPST --version | awk '{print $2}'). Whole processes (hyperfine): the sample's and the 50 briefs' groups in $RUNS interleaved rounds (the sample's 8 times as many), medians; the other groups $RUNS runs each, means ± standard deviation."
  echo
} > "$RESULTS"

# Each group's means are kept (`$W/<group>.json`) for the targets table at the end.
hf() {
  local group=$1; shift
  hyperfine --style basic --warmup 1 --runs "$RUNS" --export-markdown "$W/t.md" \
    --export-json "$W/$group.json" "$@" >&2
  cat "$W/t.md" >> "$RESULTS"; echo >> "$RESULTS"
}

# `hfr GROUP [-N] -n NAME COMMAND ...`: as `hf`, but in interleaved rounds: a warm-up round,
# then RUNS rounds that each run every command once in turn, so that the machine's drift (on
# this one a command's time moves by a third from one minute to the next) weighs on every
# command alike. A group run command by command set one command's slow minutes against
# another's fast ones. The table gives medians, which the targets take.
hfr() {
  local group=$1; shift
  local shell=()
  if [ "$1" = -N ]; then shell=(-N); shift; fi
  local names=() cmds=() r i
  while [ $# -gt 0 ]; do names+=("$2"); cmds+=("$3"); shift 3; done
  for r in $(seq 0 "$RUNS"); do
    for i in "${!cmds[@]}"; do
      hyperfine "${shell[@]}" --style none --runs 1 --export-json "$W/$group-$r-$i.json" \
        -n "${names[$i]}" "${cmds[$i]}" >/dev/null 2>&1
    done
  done
  python3 - "$W" "$group" "$RUNS" "${#cmds[@]}" >> "$RESULTS" <<'PY'
import json, statistics, sys
w, group, runs, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
results = []
for i in range(n):
    rounds = [json.load(open(f"{w}/{group}-{r}-{i}.json"))["results"][0] for r in range(1, runs + 1)]
    times = [x["times"][0] for x in rounds]
    results.append({"command": rounds[0]["command"], "median": statistics.median(times),
                    "average": statistics.fmean(times), "stddev": statistics.pstdev(times), "min": min(times), "max": max(times)})
json.dump({"results": results}, open(f"{w}/{group}.json", "w"))
unit, k = ("s", 1) if min(r["median"] for r in results) >= 1 else ("ms", 1000)
print(f"Interleaved rounds: {runs}, after one warm-up round.\n")
print(f"| Command | Median [{unit}] | Mean ± σ [{unit}] | Min [{unit}] | Max [{unit}] |")
print("|:---|---:|---:|---:|---:|")
fmt = ".1f" if unit == "ms" else ".3f"
for r in results:
    v = {key: format(r[key] * k, fmt) for key in ("median", "average", "stddev", "min", "max")}
    print(f"| `{r['command']}` | {v['median']} | {v['average']} ± {v['stddev']} | {v['min']} | {v['max']} |")
print()
PY
}

echo "## Sample brief" >> "$RESULTS"
B=(); bcmd "sample → PDF + EPUB + HTML" "$BP build -q -d $W/b3 $SAMPLE"
bcmd "sample → PDF" "$BP build -q -f pdf -d $W/b4 $SAMPLE"
# The sample takes about a tenth of a second, where a shell's start and the machine's noise
# count: no shell (-N), and eight times the runs.
RUNS=$(( RUNS * 8 )) hfr sample -N \
   -n "pandoc sample → HTML" "$PANDOC -s $SAMPLE -o $W/p.html" \
   -n "pandoc sample → EPUB" "$PANDOC $SAMPLE -o $W/p.epub" \
   -n "briefpress sample → HTML" "$BP build -q -f html -d $W/o1 $SAMPLE" \
   -n "briefpress sample → EPUB" "$BP build -q -f epub -d $W/o2 $SAMPLE" \
   -n "briefpress sample → PDF + EPUB + HTML" "$BP build -q -d $W/o3 $SAMPLE" \
   -n "briefpress sample → PDF" "$BP build -q -f pdf -d $W/o4 $SAMPLE" "${B[@]}"

echo "## PDF: briefpress vs the Typst CLI on briefpress's own Typst source" >> "$RESULTS"
$BP build -q -f typ -d "$W/typ" "$SAMPLE"
TYP="$W/typ/$(basename "$SAMPLE" .md).typ"
hf typst -n "briefpress sample → PDF" "$BP build -q -f pdf -d $W/o4 $SAMPLE" \
   -n "typst compile (same source)" "$TYPST compile --font-path themes/default/fonts --ignore-system-fonts --ignore-embedded-fonts $TYP $W/t.pdf"

echo "## 50 briefs" >> "$RESULTS"
mkdir -p "$W/pb"
B=(); bcmd "50 briefs × 3 formats, -j2" "$BP build -q -j2 -d $W/bb $W/batch/*.md"
bcmd "50 briefs → PDF only, -j2" "$BP build -q -j2 -f pdf -d $W/bbp $W/batch/*.md"
bcmd "50 briefs → HTML only, -j2" "$BP build -q -j2 -f html -d $W/bbh $W/batch/*.md"
hfr batch -n "pandoc 50 briefs → HTML (shell loop)" "for f in $W/batch/*.md; do $PANDOC -s \$f -o $W/pb/\$(basename \$f .md).html; done" \
   -n "briefpress 50 briefs × 3 formats, -j2" "$BP build -q -j2 -d $W/ob $W/batch/*.md" \
   -n "briefpress 50 briefs → PDF only, -j2" "$BP build -q -j2 -f pdf -d $W/obp $W/batch/*.md" \
   -n "briefpress 50 briefs → PDF + HTML, -j2" "$BP build -q -j2 -f pdf,html -d $W/obph $W/batch/*.md" \
   -n "briefpress 50 briefs → PDF + EPUB, -j2" "$BP build -q -j2 -f pdf,epub -d $W/obpe $W/batch/*.md" \
   -n "briefpress 50 briefs → HTML only, -j2 (no PDF layout)" "$BP build -q -j2 -f html -d $W/obh $W/batch/*.md" \
   -n "briefpress 50 briefs → HTML only, -j2, --page-numbers" "$BP build -q -j2 -f html --page-numbers -d $W/obhp $W/batch/*.md" \
   -n "briefpress 50 briefs × 3 formats, -j2, --no-page-numbers" "$BP build -q -j2 --no-page-numbers -d $W/obn $W/batch/*.md" \
   "${B[@]}"

echo "## Cost against length" >> "$RESULTS"
hf length -n "long brief (1×) → 3 formats" "$BP build -q -d $W/ol $W/long1.md" \
   -n "long brief (4×) → 3 formats" "$BP build -q -d $W/ol $W/long4.md"

echo "## The 3,000-note extracted brief, all three formats" >> "$RESULTS"
hf notes -n "extracted, 3,000 notes → 3 formats" "$BP build -q -d $W/on $W/notes3000.md"

echo "## Reading against length (read + passes + the model as JSON: no layout)" >> "$RESULTS"
hf reading -n "long brief (1×) → model" "$BP build -q -f json -d $W/oj $W/long1.md" \
   -n "long brief (4×) → model" "$BP build -q -f json -d $W/oj $W/long4.md" \
   -n "extracted, 750 notes → model" "$BP build -q -f json -d $W/oj $W/notes750.md" \
   -n "extracted, 3,000 notes → model" "$BP build -q -f json -d $W/oj $W/notes3000.md"

peak() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident/{printf "%.0f", $2/1024}'; }
{
  echo "## Peak memory (MiB, /usr/bin/time -v)"
  echo
  echo "| run | peak RSS (MiB) |"
  echo "| --- | ---: |"
  echo "| pandoc sample → HTML | $(peak $PANDOC -s $SAMPLE -o $W/p.html) |"
  echo "| briefpress sample → 3 formats | $(peak $BP build -q -d $W/m1 $SAMPLE) |"
  echo "| briefpress 10 briefs × 3 formats, -j2 | $(peak $BP build -q -j2 -d $W/m2 $(ls $W/batch/*.md | head -10)) |"
  echo "| briefpress 50 briefs × 3 formats, -j2 | $(peak $BP build -q -j2 -d $W/m3 $W/batch/*.md) |"
  peak $BP build -q -j2 -d $W/m4 $W/batch200/*.md > "$W/peak200"
  echo "| briefpress 200 briefs × 3 formats, -j2 | $(cat "$W/peak200") |"
  echo
} >> "$RESULTS"
# Issue 28, item 9: what a large brief costs outside Typst's layout (reading, passes, the
# model as JSON, the HTML page without page numbers, the data handed to Typst), against the
# input's size; and the PDF against typst-cli compiling the same Typst source (-f typ).
# Peak RSS and CPU time (user + sys) of whole processes: wall time is left out because a
# loaded machine stretches it and both sides alike.
python3 scripts/make-long-brief.py "$W/long12.md" --scale 12 2>/dev/null
python3 scripts/make-long-brief.py "$W/long48.md" --scale 48 2>/dev/null
usage() { /usr/bin/time -f "%M %U %S" "$@" 2>&1 >/dev/null | tail -1; }
{
  echo "## Large briefs: memory against input size, and the PDF against typst-cli"
  echo
  echo "| brief | run | peak RSS (MiB) | × input | CPU (s) |"
  echo "| --- | --- | ---: | ---: | ---: |"
  for s in 12 48; do
    in="$W/long$s.md"
    bytes=$(stat -c %s "$in")
    "$BP" build -q -f typ -d "$W/typ$s" "$in"
    row() {
      read -r kb u sy <<<"$(usage "${@:2}")"
      awk -v n="$1" -v kb="$kb" -v u="$u" -v sy="$sy" -v b="$bytes" -v s="$s" \
        'BEGIN { printf "| scale %s, %.2f MiB | %s | %.0f | %.1f | %.2f |\n", s, b/1048576, n, kb/1024, kb*1024/b, u+sy }'
    }
    row "read → JSON model" "$BP" build -q -f json -d "$W/lj" "$in"
    row "HTML page, no page numbers" "$BP" build -q -f html --no-page-numbers -d "$W/lh" "$in"
    row "Typst source and data (-f typ)" "$BP" build -q -f typ -d "$W/lt" "$in"
    row "briefpress PDF" "$BP" build -q -f pdf -d "$W/lp" "$in"
    row "typst compile, same source" "$TYPST" compile --font-path themes/default/fonts --ignore-system-fonts --ignore-embedded-fonts "$W/typ$s/long$s.typ" "$W/lt$s.pdf"
  done
  echo
} >> "$RESULTS"
# Issue 26's figures against their targets, from the medians above (same interleaved rounds).
python3 - "$W" "$BASE" >> "$RESULTS" <<'PY'
import json, sys
w, base = sys.argv[1], sys.argv[2]
def means(group):
    return {r["command"]: r["median"] for r in json.load(open(f"{w}/{group}.json"))["results"]}
s, b = means("sample"), means("batch")
pandoc50 = b["pandoc 50 briefs → HTML (shell loop)"]
rows = [
    ("50 briefs → PDF only ÷ pandoc's 50 HTML pages", "briefpress 50 briefs → PDF only, -j2", pandoc50, b, 0.30),
    ("50 briefs × 3 formats ÷ PDF only", "briefpress 50 briefs × 3 formats, -j2", b["briefpress 50 briefs → PDF only, -j2"], b, 1.15),
    ("50 briefs → HTML only ÷ pandoc's 50 HTML pages", "briefpress 50 briefs → HTML only, -j2 (no PDF layout)", pandoc50, b, 0.10),
    ("sample × 3 formats ÷ pandoc's HTML of it", "briefpress sample → PDF + EPUB + HTML", s["pandoc sample → HTML"], s, 0.80),
]
print("## Issue 26's targets (ratios of the medians above)\n")
print("| figure | briefpress | target | met | baseline |")
print("| --- | ---: | ---: | --- | ---: |")
for label, cmd, anchor, group, target in rows:
    ratio = group[cmd] / anchor
    bname = "baseline: " + cmd.replace("briefpress ", "").replace(" (no PDF layout)", "")
    if label.startswith("50 briefs × 3"):
        banchor = group.get("baseline: 50 briefs → PDF only, -j2")
    else:
        banchor = anchor
    bval = group.get(bname)
    bcol = f"{bval / banchor:.2f} ×" if bval and banchor else "—"
    print(f"| {label} | {ratio:.2f} × | ≤ {target:.2f} × | {'yes' if ratio <= target else '**no**'} | {bcol} |")
peak = int(open(f"{w}/peak200").read())
print(f"| 200 briefs × 3 formats, -j2, peak RSS | {peak} MiB | ≤ 150 MiB | {'yes' if peak <= 150 else '**no**'} | — |")
print()
# What each format adds to the PDFs' time (the e-book's part holds its cover, drawn as a PNG).
pdf50 = b["briefpress 50 briefs → PDF only, -j2"]
print("What each format adds to the 50 PDFs (medians above):\n")
for what, cmd in [("the HTML pages", "briefpress 50 briefs → PDF + HTML, -j2"),
                  ("the EPUBs (with their covers)", "briefpress 50 briefs → PDF + EPUB, -j2"),
                  ("both", "briefpress 50 briefs × 3 formats, -j2")]:
    print(f"- {what}: {b[cmd] - pdf50:+.3f} s ({b[cmd] / pdf50:.2f} × the PDFs alone)")
print()
PY
cat "$RESULTS"
