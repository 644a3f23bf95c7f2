#!/usr/bin/env bash
# Builds fairaudit (release) and audits the bundled Bank Marketing data.
# Writes out/bank-full/report.html, summary.json and report.md. Extra arguments go to fairaudit.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product fairaudit >&2
mkdir -p out/bank-full
.build/release/fairaudit Examples/bank/bank-full.csv --sensitive housing,loan \
  -o out/bank-full/report.html --json out/bank-full/summary.json --markdown out/bank-full/report.md "$@"
echo "open out/bank-full/report.html (JSON summary: out/bank-full/summary.json)"
