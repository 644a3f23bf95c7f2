# Reference fixtures for fairaudit on a design with constant and aliased (rank-deficient) columns,
# from R's glm (stats) and lme4's glmer.
#
# Run from the repository root:
#     Rscript Benchmarks/reference/aliased_glm.R
#
# Writes (relative to the repo root):
#   Tests/FairAuditKitTests/Fixtures/aliased.csv          generated data (seed below), 11 columns
#   Tests/FairAuditKitTests/Fixtures/aliased_glm.json     glm(binomial) on the full design, NA for aliased columns
#   Tests/FairAuditKitTests/Fixtures/aliased_glmer.json   glmer Laplace (nAGQ = 1), (1 | region)
#
# The fixtures stand for these fairaudit commands:
#   fairaudit aliased.csv --target y --sensitive female --exclude region --test-fraction 0   (LR)
#   fairaudit aliased.csv --target y --sensitive female --cluster region --test-fraction 0   (GLMM)
#
# Design (docs/conventions.md, plus the rules for sensitive features, constant and aliased columns):
#   - column 0 is `(Intercept)`; then the sensitive features' columns (here `female`), then the other
#     covariates in CSV column order;
#   - numeric columns standardised with the sample sd (scale()); categorical columns treatment-coded
#     with the most frequent level as reference (ties: byte-wise smallest), other levels byte-wise
#     ascending, named `column=level`;
#   - columns constant in the data (`version`, `country`) are dropped before the design is built;
#   - aliased columns are found in design order: a column that is a linear combination of earlier
#     kept columns is dropped. glm's pivoting QR (LINPACK dqrdc2, limited pivoting) and lme4's
#     rank check (same QR) both do this; the script checks that they agree.
# The design is built by hand (build_design(), as in glmm_lme4.R), and checked against the formula
# interface `y ~ female + sex + x1 + x2 + x3 + grade + grade_word` with relevel() to the most frequent
# level: same column space, same NA pattern, same estimates and log-likelihood.
#
# Optimum: glm is fitted with the default control and with epsilon = 1e-14 (maxit 100), and via the
# formula interface; the tight fit is kept and all are listed under `fits_compared`. glmer is fitted as
# in glmm_lme4.R: lme4 defaults, then bobyqa (rhoend 1e-10) and nloptwrap (xtol_abs = ftol_abs = 1e-12),
# both with tolPwrss = 1e-10 and started at the default fit, a bobyqa restart if those disagree; the
# highest log-likelihood is kept and every candidate is recorded under `fits_compared`.
# Runtime: a few seconds.

suppressPackageStartupMessages({
  library(lme4)
  library(jsonlite)
})

if (!file.exists("docs/conventions.md")) {
  stop("run this script from the repository root (Rscript Benchmarks/reference/aliased_glm.R)")
}

script_path <- "Benchmarks/reference/aliased_glm.R"
fixture_dir <- "Tests/FairAuditKitTests/Fixtures"
csv_rel <- file.path(fixture_dir, "aliased.csv")
dir.create(fixture_dir, recursive = TRUE, showWarnings = FALSE)

versions <- list(
  R = R.version.string,
  stats = as.character(packageVersion("stats")),
  lme4 = as.character(packageVersion("lme4")),
  Matrix = as.character(packageVersion("Matrix")),
  minqa = as.character(packageVersion("minqa")),
  nloptr = as.character(packageVersion("nloptr")),
  jsonlite = as.character(packageVersion("jsonlite"))
)
run_date <- format(Sys.Date())

# ---------------------------------------------------------------------------------------------
# 1. Data
# ---------------------------------------------------------------------------------------------

seed <- 20260314L
set.seed(seed)
n_regions <- 12L
regions <- sprintf("r%02d", seq_len(n_regions))
sizes <- sample(20:80, n_regions, replace = TRUE)
n <- sum(sizes)
region <- rep(regions, times = sizes)
reg_idx <- rep(seq_len(n_regions), times = sizes)
# region intercepts with realised sample sd exactly 0.7 (mean 0)
b <- as.numeric(scale(rnorm(n_regions))) * 0.7

sex <- ifelse(runif(n) < 0.45, "F", "M")
female <- as.integer(sex == "F")
x1 <- round(rnorm(n, 0, 1), 4)
x2 <- round(rnorm(n, 1, 2), 4)
x3 <- 2 * x1 - x2                                  # exact linear combination (written with 4 decimals)
# grade: exact counts, B most frequent (so the reference is not the first level), then A, then C
n_grade <- c(A = round(0.30 * n), B = 0, C = round(0.22 * n))
n_grade[["B"]] <- n - n_grade[["A"]] - n_grade[["C"]]
grade <- sample(rep(names(n_grade), times = n_grade))
grade_word <- c(A = "low", B = "mid", C = "high")[grade]
eta <- -0.9 + 0.5 * female + 0.8 * x1 - 0.4 * x2 - 0.6 * (grade == "A") + 0.5 * (grade == "C") + b[reg_idx]
y <- rbinom(n, 1, plogis(eta))

out <- data.frame(
  sex = sex, female = female,
  x1 = formatC(x1, format = "f", digits = 4),
  x2 = formatC(x2, format = "f", digits = 4),
  x3 = formatC(x3, format = "f", digits = 4),
  grade = grade, grade_word = unname(grade_word),
  version = 3L, country = "PT", region = region, y = y,
  stringsAsFactors = FALSE)
write.csv(out, csv_rel, row.names = FALSE, quote = FALSE)
cat("wrote", csv_rel, sprintf("(%d rows)\n", n))

# Everything below uses the CSV as written.
df <- read.csv(csv_rel, stringsAsFactors = FALSE, colClasses = "character", na.strings = character(0))
stopifnot(identical(names(df), c("sex", "female", "x1", "x2", "x3", "grade", "grade_word",
                                 "version", "country", "region", "y")))
X1 <- as.numeric(df$x1); X2 <- as.numeric(df$x2); X3 <- as.numeric(df$x3)
stopifnot(max(abs(X1 - x1)) == 0, max(abs(X2 - x2)) == 0,
          max(abs(X3 - (2 * X1 - X2))) < 1e-12,
          all((df$female == "1") == (df$sex == "F")),
          all(df$version == "3"), all(df$country == "PT"))
yy <- as.numeric(df$y)
grade_counts <- table(df$grade)
stopifnot(sum(grade_counts == max(grade_counts)) == 1,
          all(grade_counts[c("A", "B", "C")] == table(df$grade_word)[c("low", "mid", "high")]),
          min(sizes) >= 20, max(sizes) <= 80)
base_rate <- mean(yy)
cat(sprintf("n = %d, base rate %.4f, %% F %.4f, grade counts %s, region sizes %s\n", n, base_rate,
            mean(df$sex == "F"), paste(names(grade_counts), grade_counts, sep = ":", collapse = " "),
            paste(sizes, collapse = " ")))
stopifnot(base_rate >= 0.25, base_rate <= 0.40)

# ---------------------------------------------------------------------------------------------
# 2. Design
# ---------------------------------------------------------------------------------------------

bytewise_sort <- function(x) sort(x, method = "radix")
is_missing <- function(v) is.na(v) | v == "" | v == "NA" | v == "?"
is_numeric_column <- function(v) {
  v <- as.character(v)
  v <- v[!is_missing(v)]
  num <- suppressWarnings(as.numeric(v))
  all(!is.na(num) & is.finite(num))
}
is_constant_column <- function(v) {
  v <- as.character(v)
  if (is_numeric_column(v)) { x <- as.numeric(v); return(length(unique(x)) < 2 || sd(x) == 0) }
  length(unique(v)) < 2
}

target <- "y"
sensitive <- "female"
cluster <- "region"
others <- setdiff(names(df), c(target, cluster, sensitive))
covariates_all <- c(sensitive, others)                       # sensitive features first, then CSV order
constant_cols <- covariates_all[vapply(covariates_all, function(c) is_constant_column(df[[c]]), TRUE)]
covariates <- setdiff(covariates_all, constant_cols)
stopifnot(identical(constant_cols, c("version", "country")))

build_design <- function(df, covariates) {
  cols <- list(`(Intercept)` = rep(1, nrow(df)))
  reference_levels <- list()
  scaling <- list()
  for (col in covariates) {
    v <- as.character(df[[col]])
    if (is_numeric_column(v)) {
      x <- as.numeric(v)
      m <- mean(x)
      s <- sd(x)
      cols[[col]] <- (x - m) / s
      scaling[[col]] <- list(mean = m, sd = s)
    } else {
      levs <- bytewise_sort(unique(v))
      counts <- table(factor(v, levels = levs))
      ref <- levs[which(counts == max(counts))[1]]
      reference_levels[[col]] <- ref
      for (lev in levs[levs != ref]) cols[[paste0(col, "=", lev)]] <- as.numeric(v == lev)
    }
  }
  X <- do.call(cbind, cols)
  colnames(X) <- names(cols)
  list(X = X, reference_levels = reference_levels, scaling = scaling)
}

design <- build_design(df, covariates)
X <- design$X
cat("design columns:", paste(colnames(X), collapse = ", "), "\n")

# formula-interface data: numerics scale()d, factors relevelled to the most frequent level
d2 <- data.frame(y = yy)
formula_name <- character(0)   # R's coefficient name -> ours
for (col in covariates) {
  v <- as.character(df[[col]])
  if (is_numeric_column(v)) {
    d2[[col]] <- as.numeric(scale(as.numeric(v)))
    formula_name[col] <- col
  } else {
    f <- factor(v, levels = bytewise_sort(unique(v)))
    tab <- table(f)
    f <- relevel(f, ref = names(tab)[which.max(tab)])
    d2[[col]] <- f
    for (lev in levels(f)[-1]) formula_name[paste0(col, lev)] <- paste0(col, "=", lev)
  }
}
formula_name["(Intercept)"] <- "(Intercept)"
fml <- reformulate(covariates, response = "y")
mm <- model.matrix(fml, data = d2)
stopifnot(ncol(mm) == ncol(X), identical(unname(formula_name[colnames(mm)]), colnames(X)),
          max(abs(unname(mm) - unname(X))) < 1e-12)

# ---------------------------------------------------------------------------------------------
# 3. glm
# ---------------------------------------------------------------------------------------------

strip_x <- function(nm) sub("^X", "", nm)
# NOTE: glm.fit's QR rank tolerance is min(1e-7, epsilon / 1000). With epsilon <= 1e-12 the tolerance
# (<= 1e-15) no longer detects the aliasing of x3 and the grade_word columns on this data: IRLS then
# diverges (coefficients ~1e14, "algorithm did not converge"). So the aliasing is taken from fits with
# epsilon = 1e-8 (default, tol 1e-11) and 1e-10 (tol 1e-13), and the reported estimates come from a
# refit on the kept (full-rank) columns with epsilon = 1e-14; all must agree.
glm_quiet <- function(expr) {
  warn <- character(0)
  fit <- withCallingHandlers(expr, warning = function(w) { warn <<- c(warn, conditionMessage(w)); invokeRestart("muffleWarning") })
  list(fit = fit, warnings = warn)
}
glm_runs <- list(
  default = c(list(description = "glm(y ~ 0 + X, family = binomial), glm.control() defaults (epsilon = 1e-8, maxit = 25; QR tol 1e-11)"),
              glm_quiet(glm(yy ~ 0 + X, family = binomial))),
  epsilon_1e10 = c(list(description = "glm(y ~ 0 + X, family = binomial, control = glm.control(epsilon = 1e-10, maxit = 100)) (QR tol 1e-13)"),
                   glm_quiet(glm(yy ~ 0 + X, family = binomial, control = glm.control(epsilon = 1e-10, maxit = 100)))),
  formula_epsilon_1e10 = c(list(description = paste0("glm(", deparse(fml), ", family = binomial, control = glm.control(epsilon = 1e-10, ",
                                                     "maxit = 100)) with scale()d numerics and relevel()led factors")),
                           glm_quiet(glm(fml, data = d2, family = binomial, control = glm.control(epsilon = 1e-10, maxit = 100))))
)
afit <- glm_runs$default$fit    # aliasing (NA pattern, alias()) from the default fit
coef_a <- coef(afit); names(coef_a) <- strip_x(names(coef_a))
aliased_names <- names(coef_a)[is.na(coef_a)]
kept_names <- names(coef_a)[!is.na(coef_a)]
Xk <- X[, kept_names, drop = FALSE]
glm_runs$kept_columns_tight <- c(
  list(description = paste0("glm(y ~ 0 + Xk, family = binomial, control = glm.control(epsilon = 1e-14, maxit = 100)), ",
                            "Xk = the design without the columns glm reports as NA (full rank)")),
  glm_quiet(glm(yy ~ 0 + Xk, family = binomial, control = glm.control(epsilon = 1e-14, maxit = 100))))
gfit <- glm_runs$kept_columns_tight$fit
stopifnot(gfit$converged, gfit$rank == ncol(Xk))
coef_g <- setNames(rep(NA_real_, ncol(X)), colnames(X))
coef_g[kept_names] <- coef(gfit)
for (nm in c("default", "epsilon_1e10", "formula_epsilon_1e10")) {
  f <- glm_runs[[nm]]$fit
  cf <- coef(f)
  names(cf) <- if (nm == "formula_epsilon_1e10") formula_name[names(cf)] else strip_x(names(cf))
  stopifnot(f$converged, identical(names(cf), colnames(X)), identical(is.na(cf), is.na(coef_g)),
            max(abs(cf - coef_g), na.rm = TRUE) < 1e-6,
            abs(as.numeric(logLik(f)) - as.numeric(logLik(gfit))) < 1e-9)
}
# the caution above, recorded: full design with epsilon = 1e-14
glm_caution <- glm_quiet(glm(yy ~ 0 + X, family = binomial, control = glm.control(epsilon = 1e-14, maxit = 100)))
cat("glm NA columns:", paste(aliased_names, collapse = ", "), "\n")

sm <- summary(gfit)$coefficients
rownames(sm) <- sub("^Xk", "", rownames(sm))
p_kept <- plogis(drop(X[, kept_names, drop = FALSE] %*% coef_g[kept_names]))
score <- drop(crossprod(X, yy - p_kept))

al <- alias(afit)$Complete
dimnames(al) <- lapply(dimnames(al), strip_x)
stopifnot(identical(rownames(al), aliased_names))
aliased_list <- lapply(aliased_names, function(a) {
  cf <- al[a, ]
  nz <- cf[abs(cf) > 1e-8]
  list(name = a, combination_of = I(names(nz)), coefficients = as.list(nz))
})
# each aliased column is reproduced by its combination to rounding error
for (a in aliased_list) {
  rec <- X[, names(a$coefficients), drop = FALSE] %*% unlist(a$coefficients)
  stopifnot(max(abs(rec - X[, a$name])) < 1e-9)
}

glm_coefs <- lapply(colnames(X), function(nm) list(
  name = nm,
  estimate = if (nm %in% kept_names) unname(coef_g[nm]) else NA_real_,
  std_error = if (nm %in% kept_names) unname(sm[nm, "Std. Error"]) else NA_real_,
  z = if (nm %in% kept_names) unname(sm[nm, "z value"]) else NA_real_,
  aliased = !(nm %in% kept_names)))

# ---------------------------------------------------------------------------------------------
# 4. glmer
# ---------------------------------------------------------------------------------------------

tight_pwrss <- 1e-10
controls <- list(
  default = list(
    description = "glmerControl() defaults (lme4 two-stage: nAGQ=0 stage then bobyqa; default tolerances, tolPwrss = 1e-7)",
    ctrl = glmerControl()),
  bobyqa_tight = list(
    description = "glmerControl(optimizer = 'bobyqa', tolPwrss = 1e-10, optCtrl = list(rhobeg = 0.02, rhoend = 1e-10, maxfun = 1e6))",
    ctrl = glmerControl(optimizer = "bobyqa", tolPwrss = tight_pwrss,
                        optCtrl = list(rhobeg = 0.02, rhoend = 1e-10, maxfun = 1e6))),
  nloptwrap_tight = list(
    description = paste0("glmerControl(optimizer = 'nloptwrap', tolPwrss = 1e-10, optCtrl = list(algorithm = 'NLOPT_LN_BOBYQA', ",
                         "xtol_abs = 1e-12, ftol_abs = 1e-12, xtol_rel = 0, ftol_rel = 0, maxeval = 1e6))"),
    ctrl = glmerControl(optimizer = "nloptwrap", tolPwrss = tight_pwrss,
                        optCtrl = list(algorithm = "NLOPT_LN_BOBYQA", xtol_abs = 1e-12, ftol_abs = 1e-12,
                                       xtol_rel = 0, ftol_rel = 0, maxeval = 1e6)))
)
glmer_data <- list(y = yy, X = X, group = factor(df[[cluster]], levels = bytewise_sort(unique(df[[cluster]]))))

fit_one <- function(ctrl, start = NULL) {
  warn <- character(0); msg <- character(0)
  t <- system.time({
    fit <- withCallingHandlers(
      glmer(y ~ 0 + X + (1 | group), data = glmer_data, family = binomial, nAGQ = 1L, control = ctrl, start = start),
      warning = function(w) { warn <<- c(warn, conditionMessage(w)); invokeRestart("muffleWarning") },
      message = function(m) { msg <<- c(msg, trimws(conditionMessage(m))); invokeRestart("muffleMessage") })
  })[["elapsed"]]
  list(fit = fit, warnings = warn, messages = msg, seconds = t)
}
conv_messages <- function(r) {
  fit <- r$fit
  msgs <- c(r$warnings, fit@optinfo$conv$lme4$messages, fit@optinfo$message, unlist(fit@optinfo$warnings))
  msgs <- unique(as.character(msgs[!is.null(msgs)]))
  if (isSingular(fit)) msgs <- c(msgs, "isSingular(fit) is TRUE")
  msgs
}
ll_of <- function(r) as.numeric(logLik(r$fit))
start_of <- function(fit) list(theta = getME(fit, "theta"), fixef = fixef(fit))

runs <- list()
run <- function(nm, ctrl, description, start = NULL) {
  cat(sprintf("  glmer %-16s ... ", nm))
  r <- tryCatch(fit_one(ctrl, start), error = function(e) list(error = conditionMessage(e)))
  r$name <- nm; r$description <- description
  if (is.null(r$error)) cat(sprintf("loglik %.10f  (%.1f s)\n", ll_of(r), r$seconds)) else cat("FAILED:", r$error, "\n")
  r
}
ok <- function() Filter(function(r) is.null(r$error), runs)
lls <- function() sapply(ok(), ll_of)
runs$default <- run("default", controls$default$ctrl, controls$default$description)
st <- start_of(runs$default$fit)
for (nm in c("bobyqa_tight", "nloptwrap_tight")) {
  runs[[nm]] <- run(nm, controls[[nm]]$ctrl, paste0(controls[[nm]]$description, ", started at the default fit's estimates"), st)
}
tight <- lls()[intersect(c("bobyqa_tight", "nloptwrap_tight"), names(ok()))]
if (length(tight) < 2 || diff(range(tight)) > 1e-7) {
  best0 <- ok()[[names(which.max(lls()))]]
  runs$restart_bobyqa <- run("restart_bobyqa", controls$bobyqa_tight$ctrl,
                             paste0(controls$bobyqa_tight$description, ", started at the best of the fits above"),
                             start_of(best0$fit))
}
devfun <- suppressMessages(suppressWarnings(
  glmer(y ~ 0 + X + (1 | group), data = glmer_data, family = binomial, nAGQ = 1L,
        control = glmerControl(tolPwrss = tight_pwrss), devFunOnly = TRUE)))
for (nm in names(ok())) runs[[nm]]$loglik_reevaluated <- -0.5 * devfun(c(getME(runs[[nm]]$fit, "theta"), fixef(runs[[nm]]$fit)))
best <- ok()[[names(which.max(lls()))]]
mfit <- best$fit

beta_kept <- fixef(mfit); names(beta_kept) <- strip_x(names(beta_kept))
beta_all <- fixef(mfit, add.dropped = TRUE); names(beta_all) <- strip_x(names(beta_all))
stopifnot(identical(names(beta_all), colnames(X)))
dropped_glmer <- colnames(X)[is.na(beta_all)]
dropped_attr <- strip_x(names(attr(getME(mfit, "X"), "col.dropped")))
stopifnot(identical(dropped_glmer, dropped_attr))
cat("glmer dropped columns:", paste(dropped_glmer, collapse = ", "), "\n")
same_drop <- identical(dropped_glmer, aliased_names)
if (!same_drop) cat("NOTE: glmer drops different columns than glm's NA set\n")
se_m <- sqrt(diag(as.matrix(vcov(mfit)))); names(se_m) <- names(beta_kept)
glmer_beta <- lapply(colnames(X), function(nm) list(
  name = nm,
  estimate = if (nm %in% names(beta_kept)) unname(beta_kept[nm]) else NA_real_,
  std_error = if (nm %in% names(beta_kept)) unname(se_m[nm]) else NA_real_,
  dropped = !(nm %in% names(beta_kept))))
sigma2 <- as.numeric(VarCorr(mfit)$group[1, 1])
re <- ranef(mfit)$group
lme4_rank_message <- unique(unlist(lapply(runs, function(r) r$messages)))

# formula-interface glmer: same dropped columns (R names mapped to ours) and log-likelihood
d3 <- d2; d3$region <- glmer_data$group
ffit <- withCallingHandlers(
  glmer(update(fml, . ~ . + (1 | region)), data = d3, family = binomial, nAGQ = 1L,
        control = controls$bobyqa_tight$ctrl, start = start_of(mfit)),
  message = function(m) invokeRestart("muffleMessage"), warning = function(w) invokeRestart("muffleWarning"))
fb <- fixef(ffit, add.dropped = TRUE); names(fb) <- formula_name[names(fb)]
stopifnot(identical(names(fb), colnames(X)), identical(is.na(fb), is.na(beta_all)),
          abs(as.numeric(logLik(ffit)) - ll_of(best)) < 1e-6)

# ---------------------------------------------------------------------------------------------
# 5. Fixtures
# ---------------------------------------------------------------------------------------------

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
# keys are kept in the order written here (coefficient lists are arrays, in design order)
write_fixture <- function(obj, file) {
  prep <- function(x) {
    if (is.double(x)) return(num_to_json(x))
    if (is.list(x) && !is.data.frame(x)) x[] <- lapply(x, prep)
    x
  }
  path <- file.path(fixture_dir, file)
  writeLines(toJSON(prep(obj), auto_unbox = TRUE, json_verbatim = TRUE, pretty = TRUE, null = "null", na = "null"), path)
  cat("wrote", path, "\n")
}

data_desc <- list(
  path = csv_rel, separator = ",", target = "y", positive_label = "1", rows = "all (test fraction 0)",
  n = n, base_rate = base_rate,
  generator = paste0(
    "set.seed(", seed, "); sizes = sample(20:80, 12, replace = TRUE) (regions r01..r12); ",
    "b = 0.7 * scale(rnorm(12)) (realised sd exactly 0.7); sex = F when runif(n) < 0.45 else M; female = [sex == F]; ",
    "x1 = round(rnorm(n), 4); x2 = round(rnorm(n, 1, 2), 4); x3 = 2 x1 - x2 (exact, 4 decimals); ",
    "grade = permutation of exact counts A: round(.30 n), C: round(.22 n), B: the rest; grade_word = A->low, B->mid, C->high; ",
    "version = 3; country = PT; eta = -0.9 + 0.5 female + 0.8 x1 - 0.4 x2 - 0.6 [grade=A] + 0.5 [grade=C] + b_region; ",
    "y = rbinom(n, 1, plogis(eta))"),
  region_sizes = as.list(setNames(sizes, regions)),
  true_b = as.list(setNames(b, regions)),
  true_values = list(intercept = -0.9, female = 0.5, x1 = 0.8, x2 = -0.4, `grade=A` = -0.6, `grade=C` = 0.5,
                     sigma = 0.7, note = "on the raw (unstandardised) scale, grade reference B"))

design_desc <- list(
  columns = I(colnames(X)),
  covariate_order = I(covariates_all),
  covariate_order_note = "sensitive features first (female), then the other covariates in CSV order",
  constant_columns_dropped = I(constant_cols),
  reference_levels = design$reference_levels,
  standardisation = design$scaling,
  note = paste0("If female were not moved first, sex=F would come before it and female would be the aliased column; ",
                "the order above is what makes sex=F (not female) the NA column."))

glm_fixture <- list(
  source = list(
    script = script_path, date = run_date, R = versions$R, stats = versions$stats, lme4 = versions$lme4,
    versions = versions,
    command = "fairaudit aliased.csv --target y --sensitive female --exclude region --test-fraction 0",
    fit = paste0("aliasing: glm(y ~ 0 + X, family = binomial) (default control), X = design below; estimates: ",
                 "glm on the kept columns with glm.control(epsilon = 1e-14, maxit = 100)"),
    formula_equivalent = paste0(deparse(fml), "  [numerics scale()d, factors relevel()led to the most frequent level]"),
    selection = "aliasing from the default fit; estimates from the full-rank refit; every fit in fits_compared agrees (checked)"),
  data = data_desc,
  design = design_desc,
  family = "binomial(link = 'logit')",
  n = n,
  n_columns = ncol(X),
  rank = gfit$rank,
  loglik = as.numeric(logLik(gfit)),
  deviance = deviance(gfit),
  null_deviance = gfit$null.deviance,
  aic = AIC(gfit),
  iterations = gfit$iter,
  max_abs_score = max(abs(score)),
  coefficients = glm_coefs,
  aliased = aliased_list,
  aliased_note = paste0("from alias(fit)$Complete: column = sum of coefficients * combination_of columns ",
                        "(design scale, i.e. standardised numerics); entries with |coef| <= 1e-8 omitted"),
  fits_compared = lapply(glm_runs, function(r) list(control = r$description, loglik = as.numeric(logLik(r$fit)),
                                                    iterations = r$fit$iter, converged = r$fit$converged,
                                                    n_na = sum(is.na(coef(r$fit))), warnings = I(r$warnings))),
  caution_tight_epsilon_full_design = list(
    control = "glm(y ~ 0 + X, family = binomial, control = glm.control(epsilon = 1e-14, maxit = 100)) on the full design",
    converged = glm_caution$fit$converged, iterations = glm_caution$fit$iter,
    n_na = sum(is.na(coef(glm_caution$fit))), loglik_at_stop = as.numeric(logLik(glm_caution$fit)),
    max_abs_coefficient = max(abs(coef(glm_caution$fit)), na.rm = TRUE), warnings = I(glm_caution$warnings),
    note = paste0("glm.fit's QR tolerance is min(1e-7, epsilon/1000) = 1e-17 here, too small to detect the aliasing; ",
                  "IRLS diverges. Not a candidate; recorded as a warning for anyone re-fitting with tight epsilon."))
)
write_fixture(glm_fixture, "aliased_glm.json")

glmer_fixture <- list(
  source = list(
    script = script_path, date = run_date, R = versions$R, stats = versions$stats, lme4 = versions$lme4,
    versions = versions,
    command = "fairaudit aliased.csv --target y --sensitive female --cluster region --test-fraction 0",
    fit = "glmer(y ~ 0 + X + (1 | region), family = binomial, nAGQ = 1), X = design below (region is the grouping factor)",
    optimizer = best$name, control = best$description,
    selection = "highest log-likelihood among fits_compared"),
  data = data_desc,
  design = design_desc,
  family = "binomial(link = 'logit')",
  nAGQ = 1L,
  n = nobs(mfit),
  n_groups = n_regions,
  loglik = ll_of(best),
  `loglik_reevaluated_tolPwrss_1e-10` = best$loglik_reevaluated,
  loglik_default_control = ll_of(runs$default),
  deviance = -2 * ll_of(best),
  sigma = sqrt(sigma2),
  variance = sigma2,
  theta = unname(getME(mfit, "theta")),
  beta = glmer_beta,
  beta_se_note = "std_error from vcov(fit) (lme4 default use.hessian = TRUE)",
  dropped = I(dropped_glmer),
  dropped_same_as_glm_aliased = same_drop,
  lme4_rank_message = I(lme4_rank_message),
  conditional_modes = as.list(setNames(re[, 1], rownames(re))),
  convergence_messages = I(conv_messages(best)),
  is_singular = isSingular(mfit),
  fits_compared = lapply(runs, function(r) if (!is.null(r$error)) list(control = r$description, error = r$error) else list(
    control = r$description, loglik = ll_of(r),
    `loglik_reevaluated_tolPwrss_1e-10` = r$loglik_reevaluated,
    sigma = sqrt(as.numeric(VarCorr(r$fit)$group[1, 1])),
    intercept = unname(fixef(r$fit)[1]), seconds = r$seconds,
    convergence_messages = I(conv_messages(r)))),
  formula_interface_check = list(
    fit = paste0("glmer(", deparse(update(fml, . ~ . + (1 | region))), ", nAGQ = 1), bobyqa tight, started at the kept fit"),
    loglik = as.numeric(logLik(ffit)),
    dropped = I(names(fb)[is.na(fb)]))
)
write_fixture(glmer_fixture, "aliased_glmer.json")
cat("done\n")
