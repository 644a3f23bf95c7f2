#!/usr/bin/env bash
# The constrained GLMM on bank-full, (1 | job), sensitive housing and loan, both constraints active
# (c = 0.05), next to fairaudit's unconstrained GLMM and lme4's glmer Laplace in the same run.
#   bash Benchmarks/constrained_glmm.sh [--repeats=N]     (SKIP_R=1 leaves out glmer, which takes minutes)
# Prints wall times (median of N runs for fairaudit, 1 run for glmer) and the ratios. Target: the
# constrained fit (from the GLMM optimum, standard errors included) under 1 s.
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
swift build -c release --product FairAuditBench >&2 || exit 1
.build/release/FairAuditBench Examples/bank/bank-full.csv --only=constrained-glmm "${1:---repeats=5}" | tee "$out/swift.txt"
if [ -z "${SKIP_R:-}" ] && command -v Rscript >/dev/null && Rscript -e 'library(lme4)' >/dev/null 2>&1; then
  Rscript Benchmarks/reference/bench_lme4.R | grep -v glmmtmb | tee "$out/r.txt"
else
  echo "# R reference skipped (apt-get install r-base-core r-cran-lme4)"
fi
cat "$out"/*.txt | awk '
  $1 ~ /^(swift|r)\./ { t[$1] = $2 }
  function ratio(label, ref, ours) {
    if ((ref in t) && (ours in t) && t[ours] > 0)
      printf "%-58s %9.3f s vs %8.3f s  -> ratio %6.2f\n", label, t[ref], t[ours], t[ref] / t[ours]
  }
  END {
    print "\n== ratios (reference / fairaudit, same run) =="
    ratio("glmer Laplace vs fairaudit GLMM", "r.glmer_laplace", "swift.glmm_nagq1")
    ratio("glmer Laplace vs fairaudit constrained GLMM", "r.glmer_laplace", "swift.constrained_glmm")
    ratio("glmer Laplace vs fairaudit GLMM + constrained GLMM", "r.glmer_laplace", "swift.glmm_plus_constrained")
    ratio("fairaudit GLMM vs fairaudit constrained GLMM", "swift.glmm_nagq1", "swift.constrained_glmm")
    if ("swift.constrained_glmm" in t) printf "constrained GLMM under 1 s: %s\n", (t["swift.constrained_glmm"] < 1 ? "yes" : "NO")
  }'
rm -rf "$out"
