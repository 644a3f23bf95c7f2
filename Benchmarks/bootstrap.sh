#!/usr/bin/env bash
# The full bank-full report with --bootstrap 200 against fairlearn MetricFrame with n_boot=100 on
# the same rows, in the same run; prints wall times, fairaudit's peak RSS and the ratio.
#   bash Benchmarks/bootstrap.sh [n_boot]      (needs python3 with statsmodels, fairlearn, pandas)
# fairaudit: the whole audit of scripts/report.sh (Examples/bank/audit.yml: LR, Fair LR, both
# trade-off sweeps, thresholds, --bootstrap 200; HTML, JSON, Markdown, JUnit, model card) with
# --test-fraction 0, so its bootstrap resamples the same 45,211 rows as fairlearn's. Best of 3.
# fairlearn: only the MetricFrame bootstraps (selection rate, accuracy, TPR by group for housing
# and loan, with difference() and ratio()); reading the data and the Logit fit are not timed.
set -euo pipefail
cd "$(dirname "$0")/.."
n_boot=${1:-100}
swift build -c release --product fairaudit >&2
out=$(mktemp -d)
best=""
for i in 1 2 3; do
  status=0
  /usr/bin/time -f "%e %M" -o "$out/time.txt" .build/release/fairaudit Examples/bank/bank-full.csv --config Examples/bank/audit.yml \
    --test-fraction 0 --quiet -o "$out/r.html" --json "$out/s.json" --markdown "$out/r.md" --junit "$out/j.xml" \
    --model-card "$out/c.json" >/dev/null 2>&1 || status=$?
  [ "$status" -le 1 ] || { echo "fairaudit failed with status $status" >&2; exit 1; }
  read -r seconds rss < <(tail -n 1 "$out/time.txt")  # GNU time prefixes a line when the status is not 0
  echo "fairaudit run $i: $seconds s, peak RSS $((rss / 1024)) MB"
  if [ -z "$best" ] || awk -v a="$seconds" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$seconds; best_rss=$rss; fi
done
python3 - "$out/s.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f = d["bootstrap"]["features"][0]
ir = next(x for x in d["models"][0]["evaluation"]["features"] if x["feature"] == "housing")
print(f"# fairaudit B={d['bootstrap']['replicates']}, all rows: housing impact ratio {ir['impact_ratio']:.4f}, "
      f"95% bootstrap interval [{f['impact_ratio_ci'][0]:.4f}, {f['impact_ratio_ci'][1]:.4f}], "
      f"Katz [{ir['impact_ratio_ci95'][0]:.4f}, {ir['impact_ratio_ci95'][1]:.4f}]")
PY
python3 Benchmarks/reference/bootstrap_fairlearn.py "$n_boot" | tee "$out/python.txt"
ref=$(awk '$1 == "python.bootstrap_metricframe" { print $2 }' "$out/python.txt")
awk -v ours="$best" -v ref="$ref" -v rss="$best_rss" -v n="$n_boot" 'BEGIN {
  printf "fairaudit full report, --bootstrap 200: %.2f s (peak RSS %d MB); fairlearn MetricFrame n_boot=%d: %.2f s -> fairaudit %.1fx faster\n",
    ours, rss / 1024, n, ref, ref / ours }'
rm -rf "$out"
