#!/usr/bin/env bash
# Is reading linear in the input's size? Makes real plain-text extractions of one long brief at
# two lengths (briefpress's PDF of scripts/make-long-brief.py at --scale 1 and 10, through
# Debian's pdftotext: about 25 and 250 pages), then times whole `briefpress build -f json`
# processes (read, infer, model passes, the model written as JSON: no layout, which `check`
# would add to report the PDF's warnings) and pandoc reading the same text to HTML, in
# interleaved rounds. Prints medians and the cost per page. Not part of `cargo test`.
# Usage: bash scripts/bench-reader.sh [ROUNDS]   (needs pdftotext; pandoc from BRIEFPRESS_PANDOC)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-5}"
BP="${CARGO_TARGET_DIR:-target}/release/briefpress"
PANDOC="${BRIEFPRESS_PANDOC:-/opt/briefpress-tools/pandoc-py/pypandoc/files/pandoc}"
cargo build --release --quiet
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
for scale in 1 10; do
  python3 scripts/make-long-brief.py "$W/long$scale.md" --scale "$scale"
  "$BP" build -q -f pdf -d "$W" "$W/long$scale.md"
  pdftotext "$W/long$scale.pdf" "$W/long$scale.txt"
done
python3 - "$W" "$BP" "$PANDOC" "$ROUNDS" <<'PY'
import statistics, subprocess, sys, time
w, bp, pandoc, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
runs = {}
def pages(scale):
    out = subprocess.run(["pdfinfo", f"{w}/long{scale}.pdf"], capture_output=True, text=True).stdout
    return int(next(l.split()[-1] for l in out.splitlines() if l.startswith("Pages:")))
cmds = {}
for s in (1, 10):
    cmds[f"briefpress → JSON, {pages(s)} pages"] = [bp, "build", "-q", "-f", "json", "-d", f"{w}/j{s}",
                                                   f"{w}/long{s}.txt"]
    cmds[f"pandoc → HTML, {pages(s)} pages"] = [pandoc, f"{w}/long{s}.txt", "-f", "markdown", "-s", "-o", f"{w}/p{s}.html",
                                                "--metadata", "title=x"]
for _ in range(rounds):
    for name, cmd in cmds.items():
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        runs.setdefault(name, []).append(time.perf_counter() - t)
print(f"| run (whole process, median of {rounds} interleaved rounds) | ms | ms per page |")
print("| --- | ---: | ---: |")
for name, ts in runs.items():
    n = int(name.rsplit(", ", 1)[1].split()[0])
    m = statistics.median(ts) * 1000
    print(f"| {name} | {m:.0f} | {m / n:.2f} |")
PY
