#!/usr/bin/env bash
# A contact sheet: every page of every brief's PDF in both built-in themes, its HTML page in
# Chromium at desktop and phone width and in dark mode, and its EPUB as Calibre renders it —
# one index.html to look at them all side by side, as a designer would. The output is not
# committed: it is for looking at.
#
#   bash scripts/contact-sheet.sh [OUT] [BRIEF.md ...]
#
# OUT defaults to target/contact-sheet; the briefs to input/ and every fixture under
# tests/fixtures/{authored,extracted,extractors}. Needs poppler-utils (pdftoppm), chromium
# and calibre (ebook-convert); a tool that is missing leaves its column out, with a note.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-target/contact-sheet}
shift || true
if [ $# -gt 0 ]; then
  briefs=("$@")
else
  briefs=()
  # A fixture folder's README describes the folder; it is not a brief.
  for f in input/*.md tests/fixtures/authored/*.md tests/fixtures/extracted/*.md tests/fixtures/extractors/*.md; do
    [ "$(basename "$f")" = README.md ] || briefs+=("$f")
  done
fi

cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/briefpress
have() { command -v "$1" >/dev/null 2>&1; }
chromium_bin=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)

rm -rf "$out"
mkdir -p "$out"
index="$out/index.html"
{
  echo '<!doctype html><html lang="en"><meta charset="utf-8"><title>briefpress contact sheet</title>'
  echo '<style>body{font:14px system-ui;margin:1em}h2{margin:2em 0 .3em}h3{margin:.8em 0 .2em;font-size:1em;color:#555}'
  echo 'div.row{display:flex;flex-wrap:wrap;gap:6px;align-items:flex-start}img{border:1px solid #ccc;max-height:420px}</style>'
  echo '<h1>briefpress contact sheet</h1>'
} >"$index"

# A row of images under a label.
row() {
  local label=$1
  shift
  echo "<h3>$label</h3><div class=\"row\">" >>"$index"
  for img in "$@"; do
    [ -f "$img" ] && echo "<img src=\"${img#"$out"/}\" loading=\"lazy\" alt=\"\">" >>"$index"
  done
  echo '</div>' >>"$index"
}

# The HTML page in Chromium: desktop (1280 px), phone (390 px) and dark mode at desktop width.
screenshots() {
  local html=$1 stem=$2
  [ -n "$chromium_bin" ] || return 0
  local url
  url="file://$(realpath "$html")"
  "$chromium_bin" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --window-size=1280,1600 --screenshot="$stem-desktop.png" "$url" >/dev/null 2>&1 || true
  "$chromium_bin" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --window-size=390,1600 --screenshot="$stem-phone.png" "$url" >/dev/null 2>&1 || true
  "$chromium_bin" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --force-dark-mode --blink-settings=preferredColorScheme=0 \
    --window-size=1280,1600 --screenshot="$stem-dark.png" "$url" >/dev/null 2>&1 || true
}

# The EPUB through Calibre's converter, its first pages as images.
calibre_pages() {
  local epub=$1 stem=$2
  have ebook-convert || return 0
  QT_QPA_PLATFORM=offscreen QTWEBENGINE_CHROMIUM_FLAGS=--no-sandbox \
    ebook-convert "$epub" "$stem-calibre.pdf" >/dev/null 2>&1 || return 0
  pdftoppm -r 40 -l 4 -png "$stem-calibre.pdf" "$stem-calibre"
}

for brief in "${briefs[@]}"; do
  name=$(basename "$brief" .md)
  echo "<h2>$name</h2>" >>"$index"
  for theme in default sober; do
    dir="$out/$name/$theme"
    mkdir -p "$dir"
    if ! "$bin" build -q -t "$theme" -d "$dir" "$brief" 2>"$dir/stderr.txt"; then
      echo "<p>$theme: build failed: <code>$(head -c 300 "$dir/stderr.txt")</code></p>" >>"$index"
      continue
    fi
    pdftoppm -r 40 -png "$dir/$name.pdf" "$dir/pdf"
    row "$theme — PDF pages" "$dir"/pdf-*.png
    screenshots "$dir/$name.html" "$dir/html"
    row "$theme — HTML (desktop, phone, dark)" "$dir/html-desktop.png" "$dir/html-phone.png" "$dir/html-dark.png"
    calibre_pages "$dir/$name.epub" "$dir/epub"
    row "$theme — EPUB in Calibre" "$dir"/epub-calibre-*.png
  done
done
[ -n "$chromium_bin" ] || echo '<p>No Chromium: HTML screenshots left out.</p>' >>"$index"
have ebook-convert || echo '<p>No Calibre: EPUB pages left out.</p>' >>"$index"
echo "contact sheet: $index"
