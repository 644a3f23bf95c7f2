#!/usr/bin/env bash
# Times an external-score audit of bank-full (the deployed model's scores given, no model fitted):
#   fairaudit bank-full+score --score gbm_score --models none --sensitive housing,loan --test-fraction 0
# next to fairlearn MetricFrame (pandas read_csv + the same decisions + MetricFrame per feature and
# for the intersection) on the same file, in the same run. The scores are the gradient-boosted
# model's of Benchmarks/reference/external_scores.py (Tests/FairAuditKitTests/Fixtures).
# Prints the median wall time of 5 runs each, fairaudit's peak RSS, and the ratio; the target is
# under 0.3 s for fairaudit on 2 cores. Run from the repository root: bash Benchmarks/external_audit.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product fairaudit >&2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
paste -d';' Examples/bank/bank-full.csv Tests/FairAuditKitTests/Fixtures/bank_full_external_scores.csv > "$dir/scored.csv"
args=("$dir/scored.csv" --target y --sensitive housing,loan --score gbm_score --models none --test-fraction 0 -o "$dir/r.html" --json "$dir/r.json")
.build/release/fairaudit "${args[@]}" >/dev/null  # warm the file cache
times=()
for _ in 1 2 3 4 5; do
  /usr/bin/time -f "%e %M %U" -o "$dir/time.txt" .build/release/fairaudit "${args[@]}" >/dev/null
  times+=("$(cat "$dir/time.txt")")
done
swift_line=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
read -r swift_s swift_kb swift_user <<<"$swift_line"
if python3 -c "import fairlearn, pandas" 2>/dev/null; then
  python_s=$(python3 - "$dir/scored.csv" <<'PY'
import statistics, sys, time
import numpy as np
import pandas as pd
from fairlearn.metrics import MetricFrame, count, false_positive_rate, selection_rate, true_positive_rate

def once(path):
    t = time.perf_counter()
    df = pd.read_csv(path, sep=";")
    y = (df["y"] == "yes").astype(int).to_numpy()
    yhat = (df["gbm_score"].to_numpy() >= 0.5).astype(int)
    metrics = {"n": count, "selection_rate": selection_rate, "tpr": true_positive_rate, "fpr": false_positive_rate}
    z = {s: (df[s] == "yes").astype(int) for s in ("housing", "loan")}
    for s in z:
        MetricFrame(metrics=metrics, y_true=y, y_pred=yhat, sensitive_features=z[s]).difference()
    MetricFrame(metrics=metrics, y_true=y, y_pred=yhat, sensitive_features=pd.DataFrame(z)).difference()
    return time.perf_counter() - t

once(sys.argv[1])
print(f"{statistics.median(once(sys.argv[1]) for _ in range(5)):.3f}")
PY
)
else
  python_s=""
  echo "# fairlearn skipped (pip install fairlearn pandas)"
fi
echo "external-score audit, bank-full (45,211 rows), --models none: fairaudit ${swift_s} s wall (median of 5; user CPU ${swift_user} s), peak RSS $((swift_kb / 1024)) MB"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (wall times grow with other work on the machine)"
if [ -n "$python_s" ]; then
  echo "fairlearn MetricFrame (pandas read_csv + 3 MetricFrames) on the same file: ${python_s} s wall (median of 5)"
  awk -v a="$python_s" -v b="$swift_s" 'BEGIN { if (b > 0) printf "ratio fairlearn / fairaudit: %.1fx (fairaudit writes the HTML report and JSON too)\n", a / b }'
fi
