# Reference fixtures for fairaudit's logistic GLMM (random intercept per stratum), from R lme4.
#
# Run from the repository root:
#     Rscript Benchmarks/reference/glmm_lme4.R
#
# Writes (relative to the repo root):
#   Tests/FairAuditKitTests/Fixtures/bank_full_glmer_laplace.json
#   Tests/FairAuditKitTests/Fixtures/bank_full_glmer_agq7.json
#   Tests/FairAuditKitTests/Fixtures/glmm_generated.csv
#   Tests/FairAuditKitTests/Fixtures/generated_glmer_laplace.json
#   Tests/FairAuditKitTests/Fixtures/generated_glmer_agq7.json
#
# The design matrix follows docs/conventions.md exactly: intercept first, then the covariates in
# CSV column order; numeric columns standardised with the sample sd (scale()); categorical columns
# treatment-coded with the most frequent level as reference (ties: byte-wise smallest), the other
# levels in byte-wise ascending order, named `column=level`.  The design matrix is built by hand
# (build_design() below) and passed to glmer as `y ~ 0 + X + (1 | group)`, so the coefficient
# order and names are exactly the design order.  The script also checks that the
# formula-interface fit (`y ~ age + marital + ... + (1 | job)` on the same data, with relevel())
# produces the same column space.
#
# Optimum: every fixture is fitted several times (lme4 default control; bobyqa with tight rhoend
# and nloptwrap with tight xtol/ftol, both with tolPwrss = 1e-10 and started at the default fit; a
# further bobyqa restart if those two disagree); the fixture holds the fit with the highest
# log-likelihood and records all of them under `fits_compared`.  Every candidate's log-likelihood
# is also re-evaluated with tolPwrss = 1e-10 (see the note on tolPwrss below).
# Runtime: about a minute for the generated data, tens of minutes for bank-full.
#
# Optional arguments: `--only=bank` or `--only=generated`, and `--nagq=1` or `--nagq=7`, to produce a
# subset (e.g. to run the two slow bank-full fits in parallel processes).

suppressPackageStartupMessages({
  library(lme4)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)
only <- sub("^--only=", "", args[grepl("^--only=", args)])
if (length(only) == 0) only <- "all"
nagq_arg <- sub("^--nagq=", "", args[grepl("^--nagq=", args)])
nagq_list <- if (length(nagq_arg) == 0) c(1L, 7L) else as.integer(nagq_arg)

if (!file.exists("docs/conventions.md")) {
  stop("run this script from the repository root (Rscript Benchmarks/reference/glmm_lme4.R)")
}

script_path <- "Benchmarks/reference/glmm_lme4.R"
fixture_dir <- "Tests/FairAuditKitTests/Fixtures"
dir.create(fixture_dir, recursive = TRUE, showWarnings = FALSE)

versions <- list(
  R = R.version.string,
  lme4 = as.character(packageVersion("lme4")),
  Matrix = as.character(packageVersion("Matrix")),
  minqa = as.character(packageVersion("minqa")),
  nloptr = as.character(packageVersion("nloptr")),
  jsonlite = as.character(packageVersion("jsonlite"))
)
have_tmb <- requireNamespace("glmmTMB", quietly = TRUE)
if (have_tmb) versions$glmmTMB <- as.character(packageVersion("glmmTMB"))

# ---------------------------------------------------------------------------------------------
# Design matrix per docs/conventions.md
# ---------------------------------------------------------------------------------------------

# byte-wise ordering, independent of the locale
bytewise_sort <- function(x) sort(x, method = "radix")

is_missing <- function(v) is.na(v) | v == "" | v == "NA" | v == "?"

is_numeric_column <- function(v) {
  v <- as.character(v)
  v <- v[!is_missing(v)]
  num <- suppressWarnings(as.numeric(v))
  all(!is.na(num) & is.finite(num))
}

# Returns list(X = matrix with named columns, reference_levels, numeric_columns, scaling)
build_design <- function(df, covariates) {
  cols <- list(`(Intercept)` = rep(1, nrow(df)))
  reference_levels <- list()
  scaling <- list()
  for (col in covariates) {
    v <- as.character(df[[col]])
    if (is_numeric_column(v)) {
      x <- as.numeric(v)
      m <- mean(x)
      s <- sd(x)  # denominator n - 1, as scale()
      cols[[col]] <- (x - m) / s
      scaling[[col]] <- list(mean = m, sd = s)
    } else {
      levs <- bytewise_sort(unique(v))
      counts <- table(factor(v, levels = levs))
      ref <- levs[which(counts == max(counts))[1]]  # levs are sorted, so ties -> smallest
      reference_levels[[col]] <- ref
      for (lev in levs[levs != ref]) {
        cols[[paste0(col, "=", lev)]] <- as.numeric(v == lev)
      }
    }
  }
  X <- do.call(cbind, cols)
  colnames(X) <- names(cols)
  list(X = X, reference_levels = reference_levels, scaling = scaling)
}

# Cross-check against R's own formula machinery: factor levels in byte-wise order, relevel() to
# the most frequent level, numerics through scale().  Must give identical columns.
check_against_model_matrix <- function(df, covariates, X) {
  d2 <- df
  for (col in covariates) {
    v <- as.character(df[[col]])
    if (is_numeric_column(v)) {
      d2[[col]] <- as.numeric(scale(as.numeric(v)))
    } else {
      f <- factor(v, levels = bytewise_sort(unique(v)))
      tab <- table(f)
      f <- relevel(f, ref = names(tab)[which.max(tab)])  # which.max: first max = smallest level
      d2[[col]] <- f
    }
  }
  mm <- model.matrix(reformulate(covariates), data = d2)
  stopifnot(ncol(mm) == ncol(X), max(abs(unname(mm) - unname(X))) < 1e-12)
  invisible(TRUE)
}

# ---------------------------------------------------------------------------------------------
# Fitting
# ---------------------------------------------------------------------------------------------

# NOTE on tolPwrss: lme4's default inner (PIRLS) tolerance, tolPwrss = 1e-7, leaves the conditional
# modes inexact enough to bias the Laplace log-likelihood by ~2e-4 (measured on the generated data
# set: -721.30234 with the default vs -721.30213 with tolPwrss <= 1e-10, which agrees with glmmTMB).
# The cause: every deviance evaluation restarts PIRLS from the same linear predictor and stops when
# the relative change of the penalised deviance is below tolPwrss, so the error is ~ tolPwrss * pdev
# (pdev ~ 1.4e3 for the generated data, ~2.2e4 for bank-full).  That is above the 1e-4 tolerance
# fairaudit is checked to, so the tight fits use tolPwrss = 1e-10.  (1e-12 makes PIRLS fail with
# "maxstephalfit" on bank-full.)
tight_pwrss <- 1e-10
controls <- list(
  default = list(
    description = "glmerControl() defaults (lme4 two-stage: nAGQ=0 stage then bobyqa; default tolerances, tolPwrss = 1e-7)",
    ctrl = glmerControl()
  ),
  bobyqa_tight = list(
    description = "glmerControl(optimizer = 'bobyqa', tolPwrss = 1e-10, optCtrl = list(rhobeg = 0.02, rhoend = 1e-10, maxfun = 1e6))",
    ctrl = glmerControl(optimizer = "bobyqa", tolPwrss = tight_pwrss,
                        optCtrl = list(rhobeg = 0.02, rhoend = 1e-10, maxfun = 1e6))
  ),
  nloptwrap_tight = list(
    description = paste0("glmerControl(optimizer = 'nloptwrap', tolPwrss = 1e-10, optCtrl = list(algorithm = 'NLOPT_LN_BOBYQA', ",
                         "xtol_abs = 1e-12, ftol_abs = 1e-12, xtol_rel = 0, ftol_rel = 0, maxeval = 1e6))"),
    ctrl = glmerControl(optimizer = "nloptwrap", tolPwrss = tight_pwrss,
                        optCtrl = list(algorithm = "NLOPT_LN_BOBYQA", xtol_abs = 1e-12, ftol_abs = 1e-12,
                                       xtol_rel = 0, ftol_rel = 0, maxeval = 1e6))
  )
)

fit_one <- function(X, y, group, nAGQ, ctrl, start = NULL) {
  dat <- list(y = y, X = X, group = factor(group, levels = bytewise_sort(unique(group))))
  warn <- character(0)
  t <- system.time({
    fit <- withCallingHandlers(
      glmer(y ~ 0 + X + (1 | group), data = dat, family = binomial, nAGQ = nAGQ,
            control = ctrl, start = start),
      warning = function(w) {
        warn <<- c(warn, conditionMessage(w))
        invokeRestart("muffleWarning")
      }
    )
  })[["elapsed"]]
  list(fit = fit, warnings = warn, seconds = t)
}

conv_messages <- function(res) {
  fit <- res$fit
  msgs <- c(res$warnings,
            fit@optinfo$conv$lme4$messages,
            fit@optinfo$message,
            unlist(fit@optinfo$warnings))
  msgs <- unique(as.character(msgs[!is.null(msgs)]))
  if (isSingular(fit)) msgs <- c(msgs, "isSingular(fit) is TRUE")
  msgs
}

# lme4 deviance function of c(theta, beta) with the tight PIRLS tolerance, to re-evaluate every fit's
# log-likelihood on the same (accurate) footing.
tight_devfun <- function(X, y, group, nAGQ) {
  dat <- list(y = y, X = X, group = factor(group, levels = bytewise_sort(unique(group))))
  suppressWarnings(glmer(y ~ 0 + X + (1 | group), data = dat, family = binomial, nAGQ = nAGQ,
                         control = glmerControl(tolPwrss = tight_pwrss), devFunOnly = TRUE))
}
reevaluate <- function(devfun, fit) -0.5 * devfun(c(getME(fit, "theta"), fixef(fit)))

# Candidates: lme4 defaults; then bobyqa and nloptwrap with tight settings, both started at the
# default fit's estimates (a cold start with tight settings costs many minutes on bank-full and
# reaches the same point); then, if those two disagree by more than 1e-7 in log-likelihood, a
# further tight bobyqa restart from the better one.  A candidate that errors is recorded and skipped.
fit_best <- function(X, y, group, nAGQ) {
  runs <- list()
  run <- function(nm, ctrl, description, start = NULL) {
    cat(sprintf("  nAGQ=%d %-16s ... ", nAGQ, nm))
    r <- tryCatch(fit_one(X, y, group, nAGQ, ctrl, start = start),
                  error = function(e) list(error = conditionMessage(e)))
    r$name <- nm
    r$description <- description
    if (is.null(r$error)) {
      cat(sprintf("loglik %.10f  (%.1f s)\n", as.numeric(logLik(r$fit)), r$seconds))
    } else {
      cat("FAILED:", r$error, "\n")
    }
    r
  }
  start_of <- function(fit) list(theta = getME(fit, "theta"), fixef = fixef(fit))
  ok <- function() Filter(function(r) is.null(r$error), runs)
  lls <- function() sapply(ok(), function(r) as.numeric(logLik(r$fit)))

  runs$default <- run("default", controls$default$ctrl, controls$default$description)
  st <- start_of(runs$default$fit)
  for (nm in c("bobyqa_tight", "nloptwrap_tight")) {
    runs[[nm]] <- run(nm, controls[[nm]]$ctrl,
                      paste0(controls[[nm]]$description, ", started at the default fit's estimates"), st)
  }
  tight <- lls()[intersect(c("bobyqa_tight", "nloptwrap_tight"), names(ok()))]
  if (length(tight) < 2 || diff(range(tight)) > 1e-7) {
    best <- ok()[[names(which.max(lls()))]]
    runs$restart_bobyqa <- run("restart_bobyqa", controls$bobyqa_tight$ctrl,
                               paste0(controls$bobyqa_tight$description, ", started at the best of the fits above"),
                               start_of(best$fit))
  }
  devfun <- tight_devfun(X, y, group, nAGQ)
  for (nm in names(ok())) runs[[nm]]$loglik_reevaluated <- reevaluate(devfun, runs[[nm]]$fit)
  list(best = ok()[[names(which.max(lls()))]], runs = runs)
}

# ---------------------------------------------------------------------------------------------
# Fixture
# ---------------------------------------------------------------------------------------------

make_fixture <- function(fb, design, n_groups, data_desc, formula_desc, nAGQ, extra = list()) {
  res <- fb$best
  fit <- res$fit
  beta <- fixef(fit)
  names(beta) <- colnames(design$X)
  V <- as.matrix(vcov(fit))               # default: use.hessian = TRUE
  vcov_warnings <- character(0)
  V_rx <- withCallingHandlers(as.matrix(vcov(fit, use.hessian = FALSE)), warning = function(w) {
    vcov_warnings <<- c(vcov_warnings, gsub("\\s+", " ", conditionMessage(w)))
    invokeRestart("muffleWarning")
  })
  se <- sqrt(diag(V))
  zval <- beta / se
  pval <- 2 * pnorm(-abs(zval))
  fe <- lapply(seq_along(beta), function(k) list(
    name = names(beta)[k], estimate = unname(beta[k]), se = unname(se[k]),
    z = unname(zval[k]), p = unname(pval[k])))
  se_rx <- sqrt(diag(V_rx))
  names(se_rx) <- names(beta)

  ll <- as.numeric(logLik(fit))
  sigma2 <- as.numeric(VarCorr(fit)$group[1, 1])
  re <- ranef(fit, condVar = TRUE)$group
  pv <- attr(re, "postVar")
  modes <- as.list(setNames(re[, 1], rownames(re)))
  csd <- as.list(setNames(sqrt(pv[1, 1, ]), rownames(re)))

  fits_compared <- lapply(fb$runs, function(r) if (!is.null(r$error)) list(control = r$description, error = r$error) else list(
    control = r$description,
    loglik = as.numeric(logLik(r$fit)),
    sigma = sqrt(as.numeric(VarCorr(r$fit)$group[1, 1])),
    intercept = unname(fixef(r$fit)[1]),
    `loglik_reevaluated_tolPwrss_1e-10` = r$loglik_reevaluated,
    seconds = r$seconds,
    convergence_messages = I(conv_messages(r))))

  out <- list(
    source = list(
      script = script_path,
      R = versions$R,
      lme4 = versions$lme4,
      versions = versions,
      fit = "glmer(y ~ 0 + X + (1 | group), family = binomial, nAGQ = nAGQ), X = design matrix per docs/conventions.md",
      optimizer = res$name,
      control = res$description,
      selection = "highest log-likelihood among fits_compared"
    ),
    data = data_desc,
    formula = formula_desc,
    family = "binomial(link = 'logit')",
    nAGQ = nAGQ,
    n_obs = nobs(fit),
    n_groups = n_groups,
    n_params = length(beta) + 1L,
    design_columns = colnames(design$X),
    reference_levels = design$reference_levels,
    standardisation = design$scaling,
    fixed_effects = fe,
    fixed_effects_se_note = paste0("se from vcov(fit) (lme4 default use.hessian = TRUE: inverse of the finite-difference ",
                                   "Hessian of the deviance in (theta, beta)); se_conditional_on_theta from ",
                                   "vcov(fit, use.hessian = FALSE) (sigma fixed at its estimate)"),
    se_conditional_on_theta = as.list(se_rx),
    se_conditional_on_theta_warnings = I(vcov_warnings),
    variance = sigma2,
    sigma = sqrt(sigma2),
    theta = unname(getME(fit, "theta")),
    loglik = ll,
    `loglik_reevaluated_tolPwrss_1e-10` = res$loglik_reevaluated,
    loglik_default_control = as.numeric(logLik(fb$runs$default$fit)),
    `loglik_default_control_reevaluated_tolPwrss_1e-10` = fb$runs$default$loglik_reevaluated,
    deviance = -2 * ll,
    aic = AIC(fit),
    bic = BIC(fit),
    conditional_modes = modes,
    conditional_sd = csd,
    convergence_messages = I(conv_messages(res)),
    is_singular = isSingular(fit),
    fits_compared = fits_compared
  )
  c(out, extra)
}

# jsonlite (1.8.x) prints at most 15 significant digits, so doubles are formatted here with the
# shortest of %.15g / %.16g / %.17g that reads back to the identical double, and embedded verbatim.
num_to_json <- function(x) {
  s <- vapply(x, function(v) {
    if (!is.finite(v)) return("null")
    for (d in 15:17) {
      s <- sprintf("%.*g", d, v)
      if (as.numeric(s) == v) return(s)
    }
    s
  }, "")
  if (length(x) == 1 && !inherits(x, "AsIs")) structure(s, class = "json")
  else structure(paste0("[", paste(s, collapse = ","), "]"), class = "json")
}

write_fixture <- function(obj, file) {
  prep <- function(x) {
    if (is.double(x)) return(num_to_json(x))
    if (is.list(x) && !is.data.frame(x)) {
      if (!is.null(names(x))) x <- x[order(names(x), method = "radix")]  # sorted keys
      x[] <- lapply(x, prep)
    }
    x
  }
  obj <- prep(obj)
  path <- file.path(fixture_dir, file)
  writeLines(toJSON(obj, auto_unbox = TRUE, json_verbatim = TRUE, pretty = TRUE, null = "null", na = "null"), path)
  cat("wrote", path, "\n")
}

glmmtmb_loglik <- function(X, y, group) {
  if (!have_tmb) return(NULL)
  dat <- list(y = y, X = X, group = factor(group))
  t <- system.time(
    m <- suppressWarnings(glmmTMB::glmmTMB(y ~ 0 + X + (1 | group), data = dat, family = binomial))
  )[["elapsed"]]
  list(glmmTMB_version = versions$glmmTMB, loglik = as.numeric(logLik(m)),
       sigma = unname(sqrt(glmmTMB::VarCorr(m)$cond$group[1, 1])),
       intercept = unname(glmmTMB::fixef(m)$cond[1]), seconds = t,
       note = "glmmTMB Laplace fit of the same model (independent implementation), for cross-checking only")
}

run_model <- function(df, y, group_col, covariates, data_desc, formula_desc, prefix, n_groups) {
  design <- build_design(df, covariates)
  check_against_model_matrix(df, covariates, design$X)
  cat(sprintf("%s: %d rows, %d design columns, %d groups\n", prefix, nrow(design$X), ncol(design$X), n_groups))
  group <- as.character(df[[group_col]])
  for (nAGQ in nagq_list) {
    fb <- fit_best(design$X, y, group, nAGQ)
    extra <- list()
    if (nAGQ == 1L && have_tmb) extra$cross_check_glmmTMB <- glmmtmb_loglik(design$X, y, group)
    fx <- make_fixture(fb, design, n_groups, data_desc, formula_desc, nAGQ, extra)
    write_fixture(fx, sprintf("%s_glmer_%s.json", prefix, if (nAGQ == 1L) "laplace" else "agq7"))
  }
}

# ---------------------------------------------------------------------------------------------
# 1. bank-full, random intercept per job
# ---------------------------------------------------------------------------------------------

if (only %in% c("all", "bank")) {
  bank <- read.csv("Examples/bank/bank-full.csv", sep = ";", stringsAsFactors = FALSE,
                   colClasses = "character", na.strings = character(0))
  stopifnot(nrow(bank) == 45211, ncol(bank) == 17)
  y <- as.numeric(bank$y == "yes")
  covs <- setdiff(names(bank), c("y", "job"))
  run_model(
    bank, y, "job", covs,
    data_desc = list(path = "Examples/bank/bank-full.csv", separator = ";", target = "y",
                     positive_label = "yes", cluster = "job", rows = "all (test fraction 0)"),
    formula_desc = paste0("y ~ ", paste(covs, collapse = " + "), " + (1 | job)  ",
                          "[numerics standardised with sample sd; categoricals treatment-coded, most frequent level as reference]"),
    prefix = "bank_full",
    n_groups = length(unique(bank$job))
  )
}

# ---------------------------------------------------------------------------------------------
# 2. generated data set
# ---------------------------------------------------------------------------------------------

if (only %in% c("all", "generated")) {
  set.seed(20261126)
  n_clusters <- 40
  sizes <- sample(5:80, n_clusters, replace = TRUE)
  # one singleton cluster (edge case: a group with a single observation); cluster c40
  sizes[n_clusters] <- 1L
  labels <- sprintf("c%02d", seq_len(n_clusters))
  b <- rnorm(n_clusters, 0, 0.8)
  n <- sum(sizes)
  cluster <- rep(labels, times = sizes)
  cl_idx <- rep(seq_len(n_clusters), times = sizes)
  # covariates rounded to 6 decimals so that the CSV holds the data exactly as fitted
  x1 <- round(rnorm(n, 0, 1), 6)
  x2 <- round(rnorm(n, 2, 3), 6)
  g <- sample(c("a", "b", "c"), n, replace = TRUE, prob = c(0.5, 0.3, 0.2))
  z <- rbinom(n, 1, 0.4)
  eta <- -0.5 + 0.7 * x1 - 0.3 * x2 + 0.4 * (g == "b") - 0.6 * (g == "c") + 0.5 * z + b[cl_idx]
  yy <- rbinom(n, 1, plogis(eta))
  gen <- data.frame(cluster = cluster, x1 = x1, x2 = x2, g = g, z = z, y = yy, stringsAsFactors = FALSE)
  csv_path <- file.path(fixture_dir, "glmm_generated.csv")
  out <- gen
  out$x1 <- formatC(gen$x1, format = "f", digits = 6)
  out$x2 <- formatC(gen$x2, format = "f", digits = 6)
  write.csv(out, csv_path, row.names = FALSE, quote = FALSE)
  cat("wrote", csv_path, sprintf("(%d rows)\n", n))

  # fit from the CSV as written
  gen2 <- read.csv(csv_path, stringsAsFactors = FALSE, colClasses = "character")
  stopifnot(max(abs(as.numeric(gen2$x1) - x1)) == 0, max(abs(as.numeric(gen2$x2) - x2)) == 0)
  y2 <- as.numeric(gen2$y)
  run_model(
    gen2, y2, "cluster", c("x1", "x2", "g", "z"),
    data_desc = list(path = "Tests/FairAuditKitTests/Fixtures/glmm_generated.csv", separator = ",",
                     target = "y", positive_label = "1", cluster = "cluster",
                     generator = paste0("set.seed(20261126); sizes = sample(5:80, 40, replace = TRUE), then sizes[40] = 1 ",
                                        "(singleton cluster c40); b = rnorm(40, 0, 0.8); x1 = round(rnorm(n), 6); ",
                                        "x2 = round(rnorm(n, 2, 3), 6); g = sample(a,b,c; prob .5,.3,.2); z = rbinom(n, 1, .4); ",
                                        "eta = -0.5 + 0.7 x1 - 0.3 x2 + 0.4 [g=b] - 0.6 [g=c] + 0.5 z + b_cluster; ",
                                        "y = rbinom(n, 1, plogis(eta))"),
                     true_values = list(intercept = -0.5, x1 = 0.7, x2 = -0.3, `g=b` = 0.4, `g=c` = -0.6, z = 0.5,
                                        sigma = 0.8, note = "on the raw (unstandardised) scale"),
                     cluster_sizes = as.list(setNames(sizes, labels)),
                     true_b = as.list(setNames(b, labels))),
    formula_desc = "y ~ x1 + x2 + g + z + (1 | cluster)  [x1, x2, z standardised with sample sd; g treatment-coded, most frequent level as reference]",
    prefix = "generated",
    n_groups = n_clusters
  )
}

cat("done\n")
