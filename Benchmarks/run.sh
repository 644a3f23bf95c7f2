#!/usr/bin/env bash
# Runs fairaudit's benchmark and the reference implementations in one go and prints ratios.
#   bash Benchmarks/run.sh            # Swift + Python (statsmodels, fairlearn, cvxpy) + R (lme4) when installed
#   SKIP_R=1 bash Benchmarks/run.sh   # leave out the R fits (glmer Laplace takes about two minutes)
# Python needs numpy, pandas, statsmodels, scikit-learn, fairlearn, cvxpy; R needs lme4 (glmmTMB optional).
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
swift build -c release --product FairAuditBench >&2 || exit 1
.build/release/FairAuditBench Examples/bank/bank-full.csv | tee "$out/swift.txt"
if python3 -c "import statsmodels, fairlearn, cvxpy" 2>/dev/null; then
  python3 Benchmarks/reference/bench_python.py | tee "$out/python.txt"
else
  echo "# python references skipped (pip install statsmodels fairlearn scikit-learn pandas cvxpy)"
fi
if [ -z "${SKIP_R:-}" ] && command -v Rscript >/dev/null && Rscript -e 'library(lme4)' >/dev/null 2>&1; then
  Rscript Benchmarks/reference/bench_lme4.R | tee "$out/r.txt"
else
  echo "# R references skipped (apt-get install r-base-core r-cran-lme4, or SKIP_R set)"
fi
cat "$out"/*.txt | awk '
  $1 ~ /^(swift|python|r)\./ { t[$1] = $2 }
  function ratio(label, ref, ours) {
    if ((ref in t) && (ours in t) && t[ours] > 0)
      printf "%-50s %10.3f s vs %8.3f s  -> fairaudit %7.1fx %s\n", label, t[ref], t[ours],
        (t[ref] >= t[ours] ? t[ref] / t[ours] : t[ours] / t[ref]), (t[ref] >= t[ours] ? "faster" : "SLOWER")
  }
  END {
    print "\n== ratios (reference / fairaudit, same run) =="
    ratio("CSV read: pandas vs fairaudit", "python.read_csv", "swift.csv_parse")
    ratio("LR fit: statsmodels Logit vs fairaudit", "python.logit_fit", "swift.lr_fit")
    ratio("group metrics: fairlearn MetricFrame vs fairaudit", "python.metrics", "swift.metrics")
    ratio("whole LR audit: Python stack vs fairaudit", "python.total", "swift.audit_lr")
    ratio("GLMM Laplace: glmer vs fairaudit", "r.glmer_laplace", "swift.glmm_nagq1")
    ratio("GLMM: glmer nAGQ=0 vs fairaudit Laplace", "r.glmer_nagq0", "swift.glmm_nagq1")
    ratio("GLMM: glmmTMB vs fairaudit Laplace", "r.glmmtmb", "swift.glmm_nagq1")
    ratio("Fair LR: cvxpy (Clarabel) vs fairaudit", "python.fair_lr_cvxpy", "swift.fair_lr")
    ratio("Fair CRLR: cvxpy (Clarabel) vs fairaudit", "python.fair_crlr_cvxpy", "swift.fair_crlr")
  }'
rm -rf "$out"
