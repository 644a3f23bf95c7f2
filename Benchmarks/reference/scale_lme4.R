# Reference fits for Benchmarks/scale.sh on a `fairaudit simulate --rows` file: R glm (the LR) and
# lme4 glmer with nAGQ = 0 (the GLMM, random intercept per stratum), on all rows.
#
#     Rscript Benchmarks/reference/scale_lme4.R data.csv
#
# Model: y ~ housing + loan + x1 + ... + c1 + ... + (1 | stratum); numerics standardised with the
# sample sd and factors treatment-coded against their most frequent level, as docs/conventions.md
# (the log-likelihood does not depend on either choice). Prints lines parsed by scale.sh:
#     r.read          <seconds>
#     r.glm           <seconds> <loglik>
#     r.glmer_nagq0   <seconds> <loglik>      (logLik() of the nAGQ = 0 fit: the Laplace
#                                              approximation at its estimates, a lower bound on
#                                              the maximised Laplace log-likelihood)
# Seconds are system.time()[["elapsed"]] of the call alone; data reading is the r.read line.
suppressPackageStartupMessages({
  library(lme4)
  library(data.table)
})
args <- commandArgs(trailingOnly = TRUE)
cat(sprintf("# %s; lme4 %s; Matrix %s; data.table %s\n", R.version.string, packageVersion("lme4"),
            packageVersion("Matrix"), packageVersion("data.table")))
t_read <- system.time({
  d <- fread(args[1], colClasses = list(character = c("stratum", "housing", "loan", "y")), showProgress = FALSE)
})[["elapsed"]]
cat(sprintf("r.read %.3f\n", t_read))
d <- as.data.frame(d)
covs <- setdiff(names(d), c("stratum", "y"))
for (v in covs) {
  if (is.numeric(d[[v]])) {
    d[[v]] <- (d[[v]] - mean(d[[v]])) / sd(d[[v]])
  } else {
    counts <- table(d[[v]])
    ref <- names(counts)[which.max(counts)]
    d[[v]] <- relevel(factor(d[[v]]), ref = ref)
  }
}
d$y <- as.numeric(d$y == "yes")
d$stratum <- factor(d$stratum)
f_glm <- reformulate(covs, response = "y")
t_glm <- system.time(m_glm <- glm(f_glm, family = binomial, data = d))[["elapsed"]]
cat(sprintf("r.glm %.3f %.6f\n", t_glm, as.numeric(logLik(m_glm))))
f_glmer <- update(f_glm, . ~ . + (1 | stratum))
t_glmer <- system.time(m <- glmer(f_glmer, family = binomial, data = d, nAGQ = 0))[["elapsed"]]
cat(sprintf("r.glmer_nagq0 %.3f %.6f\n", t_glmer, as.numeric(logLik(m))))
cat(sprintf("# glmer nAGQ=0 stratum sd %.6f\n", attr(VarCorr(m)$stratum, "stddev")))
