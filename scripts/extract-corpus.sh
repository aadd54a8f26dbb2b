#!/usr/bin/env bash
# Rebuild tests/fixtures/real from its sources: make each brief's PDFs by several independent
# routes ("origins"), run real extractors over them, and write the extractors' output, untouched,
# as the corpus files. Then regenerate expected.json from the hand-written facts.
#
# NOT run by the test suite (it needs LibreOffice, Chromium, poppler, Python extractors and a
# briefpress binary, and its output depends on their versions). Run it by hand:
#
#   scripts/extract-corpus.sh            # everything
#   INSTALL=1 scripts/extract-corpus.sh  # first pip-install the pinned extractors into $PY
#   ONLY='waerme*' scripts/extract-corpus.sh  # only the briefs whose name matches the glob
#
# Environment: BRIEFPRESS (binary making the briefpress origins, default /opt/bp-baseline/briefpress),
# PY (pip --target folder of the extractors, default /opt/extractors/py), TYPST_PY (folder holding
# the PyPI typst package; default /opt/briefpress-tools/typst-py, else $PY), WORK (scratch folder
# for the PDFs, DOCX and HTML, default /tmp/bp-real-corpus; they are not committed).
#
# Origins (file name part 2):           Extractors (file name part 3):
#   briefpress          default theme     pdftotext       poppler, default mode (.txt, form feeds)
#   briefpress-sober    -t sober          pymupdf4llm     to_markdown(path), default settings
#   word-libreoffice    pandoc→DOCX A4 + reference doc header/footer → soffice
#   word-letter-libreoffice  pandoc→DOCX Letter, DejaVu Sans, other running lines → soffice
#   odt-libreoffice     pandoc→ODT (pandoc's default reference) → soffice
#   typst-2col          pandoc→Typst, two columns, running header → PyPI typst
#   chromium            pandoc→standalone HTML + print CSS (@page margin boxes) → headless Chromium
#                                          markitdown      markitdown file.pdf (pdfminer.six)
# plus the Word route of the DOCX itself (origin word-docx): pandoc -t markdown, -t gfm, -s -t markdown;
# and one real publication PDF (origin unesco-indesign, brief beyond-blockchain), see realpub below.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
REAL=$ROOT/tests/fixtures/real
SRC=$REAL/sources
BP=${BRIEFPRESS:-/opt/bp-baseline/briefpress}
PY=${PY:-/opt/extractors/py}
TYPST_PY=${TYPST_PY:-/opt/briefpress-tools/typst-py}
[ -d "$TYPST_PY/typst" ] || TYPST_PY=$PY
PANDOC=$PY/pypandoc/files/pandoc
WORK=${WORK:-/tmp/bp-real-corpus}
LUA=$ROOT/scripts/brief-masthead.lua

# Pinned extractor versions (pip). poppler-utils and LibreOffice/Chromium come from Debian and are
# printed below rather than pinned.
PINS=(
  "pymupdf4llm==1.28.2" "pymupdf==1.28.2"
  "markitdown[pdf]==0.1.9" "pdfminer.six==20260107"
  "pypandoc-binary==1.17"          # pandoc 3.9
  "python-docx==1.2.0"
  "typst==0.15.2"
)
if [ "${INSTALL:-0}" = 1 ]; then
  pip install --target "$PY" --upgrade "${PINS[@]}"
fi

export PYTHONPATH=$PY:$TYPST_PY
python3 - "${PINS[@]}" <<'EOF'
import importlib.metadata as md, sys
bad = []
for pin in sys.argv[1:]:
    name, want = pin.split("==")
    name = name.split("[")[0]
    try:
        got = md.version(name)
    except md.PackageNotFoundError:
        got = None
    if name == "pymupdf4llm":  # a stale 2.0 placeholder dist-info may shadow the real one
        import pymupdf4llm
        got = pymupdf4llm.__version__
    print(f"  {name:16} {got}")
    if got != want:
        bad.append(f"{name} {got} (want {want})")
if bad:
    sys.exit("extract-corpus: version mismatch: " + ", ".join(bad) + " — rerun with INSTALL=1")
EOF
echo "  poppler-utils    $(dpkg-query -W -f='${Version}' poppler-utils 2>/dev/null) ($(pdftotext -v 2>&1 | head -1))"
echo "  pandoc           $("$PANDOC" --version | head -1)"
echo "  libreoffice      $(soffice --version | head -1)"
echo "  chromium         $(chromium --version 2>/dev/null | head -1)"
echo "  briefpress       $("$BP" --version 2>/dev/null || echo "$BP")"

mkdir -p "$WORK"
"$PANDOC" -o "$WORK/base.docx" --print-default-data-file reference.docx

# front-matter field of a source brief
fm() { python3 -c 'import sys,yaml; t=open(sys.argv[1],encoding="utf-8").read().split("\n---\n")[0]; print(yaml.safe_load(t.lstrip("-\n"))[sys.argv[2]])' "$1" "$2"; }

# soffice in a private profile, one document at a time
soffice_pdf() { soffice -env:UserInstallation=file://$WORK/lo-profile --headless --convert-to pdf --outdir "$(dirname "$1")" "$1" >/dev/null 2>&1; }

make_pdfs() {  # $1 = source .md ; PDFs go to $WORK/$brief/$origin.pdf
  local md=$1 b; b=$(basename "$md" .md)
  local d=$WORK/$b; rm -rf "$d"; mkdir -p "$d"
  local title series publisher
  title=$(fm "$md" title); series=$(fm "$md" series); publisher=$(fm "$md" publisher)

  # a, b: briefpress, two themes
  if [ -x "$BP" ]; then
    "$BP" build -d "$d/bp" -f pdf "$md" >/dev/null
    mv "$d/bp/$b.pdf" "$d/briefpress.pdf"
    "$BP" build -d "$d/bp" -f pdf -t sober "$md" >/dev/null
    mv "$d/bp/$b.pdf" "$d/briefpress-sober.pdf"; rm -rf "$d/bp"
  else
    echo "extract-corpus: no briefpress at $BP; skipping the briefpress origins" >&2
  fi

  # c: pandoc → DOCX (A4, Noto Serif 11pt, header "publisher | series", footer "Page N of M") → LibreOffice
  python3 "$ROOT/scripts/make-reference-docx.py" "$WORK/base.docx" "$d/ref-a4.docx" \
    --header "$publisher | $series" --footer page-of --paper a4 --font "Noto Serif" --size 11
  "$PANDOC" -s -L "$LUA" --reference-doc "$d/ref-a4.docx" "$md" -o "$d/word.docx"
  cp "$d/word.docx" "$d/word-libreoffice.docx"; soffice_pdf "$d/word-libreoffice.docx"

  # f: pandoc → DOCX (Letter, DejaVu Sans 10pt, header "title · series", footer "– N –") → LibreOffice
  python3 "$ROOT/scripts/make-reference-docx.py" "$WORK/base.docx" "$d/ref-letter.docx" \
    --header "$title · $series" --footer dash --paper letter --font "DejaVu Sans" --size 10
  "$PANDOC" -s -L "$LUA" --reference-doc "$d/ref-letter.docx" "$md" -o "$d/word-letter-libreoffice.docx"
  soffice_pdf "$d/word-letter-libreoffice.docx"

  # g: pandoc → ODT (pandoc's default reference: Letter, no running lines) → LibreOffice
  "$PANDOC" -s -L "$LUA" "$md" -o "$d/odt-libreoffice.odt"
  soffice_pdf "$d/odt-libreoffice.odt"

  # d: pandoc → Typst, two columns on A4, running header "series — title" from page 2 → typst
  printf '#set page(header: context { if counter(page).get().first() > 1 { align(right, text(size: 8pt)[%s — %s]) } })\n' \
    "$series" "$title" > "$d/typst-header.typ"
  printf 'margin:\n  x: 18mm\n  y: 22mm\n' > "$d/typst-meta.yaml"
  "$PANDOC" -s -t typst -V columns=2 -V papersize=a4 -V fontsize=10pt -V mainfont="DejaVu Serif" \
    --metadata-file "$d/typst-meta.yaml" -H "$d/typst-header.typ" -M author-maps=1 -L "$LUA" "$md" -o "$d/typst-2col.typ"
  python3 -c 'import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])' "$d/typst-2col.typ" "$d/typst-2col.pdf"

  # e: pandoc → standalone HTML with print CSS → headless Chromium
  cat > "$d/print.css" <<EOF
@page { size: A4; margin: 22mm 20mm 24mm 20mm;
  @top-right { content: "$publisher · $title"; font: 8pt sans-serif; color: #555; }
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font: 8pt sans-serif; } }
body { max-width: none; margin: 0; padding: 0; font-family: "Noto Serif", serif; font-size: 10.5pt;
  line-height: 1.4; hyphens: auto; text-align: justify; }
header#title-block-header { margin-bottom: 2em; }
EOF
  "$PANDOC" -s --embed-resources -c "$d/print.css" -L "$LUA" "$md" -o "$d/chromium.html"
  chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --user-data-dir="$WORK/chromium-profile" --print-to-pdf="$d/chromium.pdf" "file://$d/chromium.html" >/dev/null 2>&1
}

extract() {  # $1 = brief ; writes $REAL/<brief>--<origin>--<extractor>.<ext>
  local b=$1 d=$WORK/$1 o
  for pdf in "$d"/*.pdf; do
    o=$(basename "$pdf" .pdf)
    pdftotext "$pdf" "$REAL/$b--$o--pdftotext.txt" 2>/dev/null
    python3 -c 'import sys, pymupdf4llm; open(sys.argv[2], "w", encoding="utf-8").write(pymupdf4llm.to_markdown(sys.argv[1]))' \
      "$pdf" "$REAL/$b--$o--pymupdf4llm.md" 2>/dev/null
    python3 -m markitdown "$pdf" > "$REAL/$b--$o--markitdown.md"
  done
  # the Word route of the DOCX origin
  "$PANDOC" "$d/word.docx" -t markdown -o "$REAL/$b--word-docx--pandoc-markdown.md"
  "$PANDOC" "$d/word.docx" -t gfm -o "$REAL/$b--word-docx--pandoc-gfm.md"
  # and with -s, which keeps the DOCX title block (Title, Subtitle, Author, Date) as YAML
  "$PANDOC" "$d/word.docx" -s -t markdown -o "$REAL/$b--word-docx--pandoc-markdown-standalone.md"
}

# A real, openly licensed publication (origin unesco-indesign): UNESCO's "Beyond Blockchain"
# policy brief (2024, Adobe InDesign, CC BY-SA 3.0 IGO), as published in the GitHub repository
# Knowledge-Innovation-Centre/OER-Attribution. The PDF itself is not committed; give its path in
# REALPUB_PDF, or let curl fetch it. Its extractions are committed (same licence, see README.md).
REALPUB_URL=https://github.com/Knowledge-Innovation-Centre/OER-Attribution/raw/d4953fc47102a8019057c69833da5ac37e9c2b7b/policy-brief.pdf
REALPUB_SHA256=02cd0827cdbf05ce260c804fa1f617e478df4b09266fd1a13bbd2785f858d804
realpub() {
  local d=$WORK/beyond-blockchain pdf
  mkdir -p "$d"; pdf=$d/unesco-indesign.pdf
  if [ -n "${REALPUB_PDF:-}" ]; then cp "$REALPUB_PDF" "$pdf"
  elif [ ! -f "$pdf" ]; then curl -fsSL -o "$pdf" "$REALPUB_URL" || { echo "extract-corpus: could not fetch $REALPUB_URL; skipping beyond-blockchain" >&2; rm -f "$pdf"; return 0; }
  fi
  echo "$REALPUB_SHA256  $pdf" | sha256sum -c --quiet || { echo "extract-corpus: $pdf is not the expected file" >&2; return 1; }
  echo "== beyond-blockchain"
  echo "   unesco-indesign.pdf: $(pdfinfo "$pdf" | awk '/^Pages:/{print $2}') pages"
  local b=beyond-blockchain o=unesco-indesign
  pdftotext "$pdf" "$REAL/$b--$o--pdftotext.txt" 2>/dev/null
  python3 -c 'import sys, pymupdf4llm; open(sys.argv[2], "w", encoding="utf-8").write(pymupdf4llm.to_markdown(sys.argv[1]))' \
    "$pdf" "$REAL/$b--$o--pymupdf4llm.md" 2>/dev/null
  python3 -m markitdown "$pdf" > "$REAL/$b--$o--markitdown.md"
}

for md in "$SRC"/*.md; do
  b=$(basename "$md" .md)
  case "$b" in ${ONLY:-*}) ;; *) continue ;; esac
  echo "== $b"
  make_pdfs "$md"
  for pdf in "$WORK/$b"/*.pdf; do echo "   $(basename "$pdf"): $(pdfinfo "$pdf" | awk '/^Pages:/{print $2}') pages"; done
  extract "$b"
done

case beyond-blockchain in ${ONLY:-*}) realpub ;; esac

[ -f "$ROOT/scripts/real-corpus-facts.py" ] && python3 "$ROOT/scripts/real-corpus-facts.py"
echo "extract-corpus: $(ls "$REAL" | grep -c -- '--') extraction files in $REAL"
