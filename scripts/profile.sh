#!/usr/bin/env bash
# Profiles a batch of distinct briefs in all three formats on one core and prints where the
# CPU time goes, stage by stage (see scripts/profile-stages.py). Needs Debian's linux-perf.
# Usage: bash scripts/profile.sh [BRIEFS...]   (default: 50 distinct variants, as bench.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v perf >/dev/null || { apt-get update -qq && apt-get install -y -qq linux-perf; }
cargo build --release --quiet
BP="${CARGO_TARGET_DIR:-target}/release/briefpress"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
if [ "$#" -eq 0 ]; then
  mapfile -t pool < <(ls input/*.md tests/fixtures/extracted/*.md tests/fixtures/authored/*.md)
  for i in $(seq -w 1 50); do
    src="${pool[$(( (10#$i - 1) % ${#pool[@]} ))]}"
    python3 scripts/make-variant.py "$src" "$W/brief-$i.md" "v$i"
    for img in "$(dirname "$src")"/*.png; do [ -f "$img" ] && cp -n "$img" "$W/"; done
  done
  set -- "$W"/brief-*.md
fi
perf record -q -e cpu-clock -F 400 --call-graph dwarf,8192 -o "$W/perf.data" \
  "$BP" build -q -j1 -d "$W/out" "$@"
# --no-inline: resolving inlined frames runs addr2line per address, minutes for a batch.
perf script --no-inline -i "$W/perf.data" -F ip,sym 2>/dev/null > "$W/stacks.txt"
python3 scripts/profile-stages.py "$W/stacks.txt"
