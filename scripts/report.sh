#!/usr/bin/env bash
# Builds fairaudit (release) and audits the bundled Bank Marketing data twice:
#   out/bank-full/      --sensitive housing,loan               (LR and Fair LR)
#   out/bank-full-job/  --sensitive housing,loan --cluster job (all six models of the paper)
# each with report.html, summary.json and report.md. Extra arguments go to both runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product fairaudit >&2
run() {
  local out=$1; shift
  mkdir -p "$out"
  .build/release/fairaudit Examples/bank/bank-full.csv -o "$out/report.html" --json "$out/summary.json" --markdown "$out/report.md" "$@"
}
run out/bank-full --sensitive housing,loan "$@"
run out/bank-full-job --sensitive housing,loan --cluster job "$@"
echo "open out/bank-full/report.html and out/bank-full-job/report.html (JSON: summary.json beside each)"
