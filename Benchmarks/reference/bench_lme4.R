# Timing reference for fairaudit's logistic GLMM on bank-full (random intercept per job).
#
# Run from the repository root:
#     Rscript Benchmarks/reference/bench_lme4.R [--reps=N]
#
# Model: y ~ 1 + age + marital + education + default + balance + housing + loan + contact + day
#            + month + duration + campaign + pdays + previous + poutcome + (1 | job)
# with the design of docs/conventions.md (numerics standardised with the sample sd, categoricals
# treatment-coded with the most frequent level as reference; 32 fixed-effect columns).
#
# Prints one line per fit, parsable by a shell script (`awk '$1 ~ /^r\./'`):
#     r.glmer_laplace <seconds> <loglik>     glmer, nAGQ = 1, default glmerControl()
#     r.glmer_nagq0   <seconds> <loglik>     glmer, nAGQ = 0 (loglik as reported by logLik())
#     r.glmmtmb       <seconds> <loglik>     glmmTMB (Laplace), only when glmmTMB is installed
# <seconds> is wall time (system.time()[["elapsed"]]), the minimum over --reps runs (default 1),
# covering model construction + fit (data loading and design building are excluded).
# Lines starting with '#' are comments (versions, settings).

suppressPackageStartupMessages({
  library(lme4)
})

args <- commandArgs(trailingOnly = TRUE)
reps <- 1L
if (any(grepl("^--reps=", args))) reps <- as.integer(sub("^--reps=", "", args[grepl("^--reps=", args)][1]))

if (!file.exists("docs/conventions.md")) {
  stop("run this script from the repository root (Rscript Benchmarks/reference/bench_lme4.R)")
}

have_tmb <- requireNamespace("glmmTMB", quietly = TRUE)
cat(sprintf("# %s; lme4 %s; Matrix %s%s\n", R.version.string, packageVersion("lme4"), packageVersion("Matrix"),
            if (have_tmb) sprintf("; glmmTMB %s; TMB %s", packageVersion("glmmTMB"), packageVersion("TMB")) else "; glmmTMB not installed"))
cat(sprintf("# reps = %d (minimum elapsed reported); BLAS: %s\n", reps,
            tryCatch(basename(extSoftVersion()[["BLAS"]]), error = function(e) "?")))

bank <- read.csv("Examples/bank/bank-full.csv", sep = ";", stringsAsFactors = FALSE,
                 colClasses = "character", na.strings = character(0))
covs <- setdiff(names(bank), c("y", "job"))
d <- data.frame(y = as.numeric(bank$y == "yes"))
for (col in covs) {
  v <- bank[[col]]
  num <- suppressWarnings(as.numeric(v))
  if (all(!is.na(num) & is.finite(num))) {
    d[[col]] <- as.numeric(scale(num))
  } else {
    f <- factor(v, levels = sort(unique(v), method = "radix"))
    tab <- table(f)
    d[[col]] <- relevel(f, ref = names(tab)[which.max(tab)])
  }
}
d$job <- factor(bank$job)
form <- as.formula(paste("y ~", paste(covs, collapse = " + "), "+ (1 | job)"))
stopifnot(ncol(model.matrix(lme4::nobars(form), d)) == 32)

timed <- function(label, expr_fun) {
  best <- Inf
  ll <- NA_real_
  for (i in seq_len(reps)) {
    gc()
    fit <- NULL
    t <- system.time(fit <- suppressWarnings(expr_fun()))[["elapsed"]]
    best <- min(best, t)
    ll <- as.numeric(logLik(fit))
  }
  cat(sprintf("%s %.3f %.10f\n", label, best, ll))
  flush(stdout())
}

timed("r.glmer_laplace", function() glmer(form, data = d, family = binomial, nAGQ = 1))
timed("r.glmer_nagq0", function() glmer(form, data = d, family = binomial, nAGQ = 0))
if (have_tmb) {
  timed("r.glmmtmb", function() glmmTMB::glmmTMB(form, data = d, family = binomial))
} else {
  cat("# r.glmmtmb skipped: glmmTMB not installed\n")
}
