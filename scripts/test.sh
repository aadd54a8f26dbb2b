#!/usr/bin/env bash
# Runs every check and test briefpress has, with the real validators (installed first).
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/install-validators.sh)"
cargo fmt --all -- --check
cargo clippy --release --all-targets -- -D warnings
cargo test --release
