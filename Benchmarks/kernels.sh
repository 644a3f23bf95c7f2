#!/usr/bin/env bash
# LR-family fits at scale (issues 8 and 12), release build: LR, Fair LR, CRLR and Fair CRLR on
# 1,000,000 simulated rows (`fairaudit simulate --rows 1000000 --strata 100 --columns 20 --seed 12`,
# `--cluster stratum --sensitive housing,loan`, all rows, c = 0.1 of LR's |g_k|), each the median
# wall time of 3 fits (FairAuditBench --only=lr-family) with the CPU seconds of that fit, next to
# R glm (IRLS) fitting the same LR on the same file in the same run, as a ratio. CPU seconds move
# less than wall time when other builds share the machine; the load average is printed.
#   bash Benchmarks/kernels.sh            # THREADS=2 ROWS=1000000 SKIP_R=1 to change
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${ROWS:-1000000}
threads=${THREADS:-2}
swift build -c release --product fairaudit >&2
swift build -c release --product FairAuditBench >&2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
echo "# $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $rows rows; $threads threads"
.build/release/fairaudit simulate --rows "$rows" --strata 100 --columns 20 --seed 12 -o "$dir/data.csv" >/dev/null
.build/release/FairAuditBench "$dir/data.csv" --only=lr-family --repeats=3 --threads="$threads" | tee "$dir/swift.txt"
if [ -z "${SKIP_R:-}" ] && command -v Rscript >/dev/null; then
  Rscript - "$dir/data.csv" <<'R' | tee "$dir/r.txt"
suppressPackageStartupMessages(library(data.table))
d <- as.data.frame(fread(commandArgs(trailingOnly = TRUE)[1], showProgress = FALSE))
d$stratum <- NULL
for (v in names(d)) if (!is.numeric(d[[v]])) d[[v]] <- factor(d[[v]])
d$y <- as.integer(d$y == levels(d$y)[2])
t <- system.time(fit <- glm(y ~ ., family = binomial, data = d))[["elapsed"]]
cat(sprintf("r.glm %.3f loglik=%.6f\n", t, as.numeric(logLik(fit))))
R
  python3 - "$dir/swift.txt" "$dir/r.txt" <<'PY'
import sys
swift = {l.split()[0]: float(l.split()[1]) for l in open(sys.argv[1]) if l.startswith("swift.")}
r = {l.split()[0]: l.split() for l in open(sys.argv[2]) if l.startswith("r.")}
glm = float(r["r.glm"][1]); loglik = float(r["r.glm"][2].split("=")[1])
lr_line = next(l for l in open(sys.argv[1]) if l.startswith("swift.lr "))
swift_loglik = float(lr_line.split("loglik=")[1].split()[0])
print(f"LR: fairaudit {swift['swift.lr']:.3f} s, R glm {glm:.3f} s, ratio {glm / swift['swift.lr']:.1f}x; "
      f"log-likelihood difference {swift_loglik - loglik:+.3e}")
PY
fi
