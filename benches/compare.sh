#!/usr/bin/env bash
# One command for the speed comparison (see benches/README.md):
#   bash benches/compare.sh [--size 1mb|50mb|1gb] [--only gazet] [--runs N]
# Builds gazet and benches/bare_scan, makes the corpus and the name list
# under target/bench/, installs the Python peers into target/bench/venv,
# runs hyperfine and prints a Markdown table (saved to target/bench/compare.md).
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_COMMAND="bash benches/compare.sh${*:+ $*}" exec python3 benches/compare.py "$@"
