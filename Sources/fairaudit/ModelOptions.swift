import ArgumentParser
import FairAuditKit

/// Settings of the models and of the trade-off sweeps.
struct ModelOptions: ParsableArguments {
  @Option(help: "Ridge weight lambda of CRLR on the cluster intercepts.")
  var crlrLambda: Double = 1

  @Option(help: "Gauss-Hermite nodes of the GLMM likelihood (1 = Laplace), as lme4's nAGQ.")
  var nagq: Int = 1

  @Option(
    name: .customLong("c"), help: "Covariance bound c of Fair LR / Fair CRLR: one value, or one per sensitive feature (comma-separated).")
  var covarianceBound: NumberList = NumberList(values: [0.1])

  @Option(
    help:
      "Fairness penalty rho of the Fair GLMM and penalised variants, on the summed penalty (rho/2) sum_k (N g_k)^2. Default: the rule rho = 10/N (N training rows), which keeps the penalty's curvature commensurate with the log-likelihood's at any N; a value given here overrides the rule (the authors' simulation used 0.8 at N of about 400)."
  )
  var rho: Double?

  @Option(help: "Fair GLMM boosting step length nu (authors' code 1, GMMBoost 0.1).")
  var boostNu: Double = 1

  @Option(help: "Fair GLMM boosting step limit.")
  var boostMaxSteps: Int = 1000

  @Option(help: "Fair GLMM stopping tolerance on the relative change of the variance or the coefficients.")
  var boostTolerance: Double = 1e-3

  @Option(help: "Rademacher probes of the Fair GLMM hat-matrix trace estimate.")
  var traceProbes: Int = 20

  @Option(help: "Newton iteration limit of LR, CRLR and the GLMM; a fit that needs more exits with status 21.")
  var maxIterations: Int = 100

  @Option(
    help:
      "Comma-separated rho values of the trade-off sweep (default: 0 and 25 log-spaced values from where the penalty starts to bind to where the covariance is near 0, plus the rho used)."
  )
  var rhoGrid: NumberList?

  @Option(
    help:
      "Comma-separated bounds c of the shadow-price sweep (default: 14 values log-spaced from the unconstrained |g| down to 1% of it, then 0)."
  )
  var cGrid: NumberList?

  @Option(help: "Points of the default rho and c grids (default: 25 rho values plus 0, 15 bounds c).")
  var sweepPoints: Int?

  @Flag(help: "Skip the rho and c trade-off sweeps.")
  var noSweep = false

  @Option(help: "Threads for fits, sweep points and row blocks (default: all cores). Results are the same bytes for any value.")
  var threads: Int?

  @Option(
    help: ArgumentHelp(
      "Memory the audit may use, in MB (default: what the system has available); a larger estimate stops before fitting (exit 19).",
      valueName: "MB"))
  var maxMemory: Int?

  func validate() throws {
    guard (1...25).contains(nagq) else { throw ValidationError("--nagq must be between 1 and 25") }
    guard crlrLambda > 0 else { throw ValidationError("--crlr-lambda must be positive") }
    guard boostNu > 0 && boostNu <= 1 else { throw ValidationError("--boost-nu must be in (0, 1]") }
    guard boostMaxSteps >= 1, traceProbes >= 1, boostTolerance >= 0 else {
      throw ValidationError("--boost-max-steps and --trace-probes must be at least 1, --boost-tolerance non-negative")
    }
    if let threads { guard threads >= 1 else { throw ValidationError("--threads must be at least 1") } }
    if let maxMemory { guard maxMemory >= 1 else { throw ValidationError("--max-memory must be at least 1 (MB)") } }
    if let sweepPoints { guard (3...500).contains(sweepPoints) else { throw ValidationError("--sweep-points must be between 3 and 500") } }
    guard maxIterations >= 1 else { throw ValidationError("--max-iterations must be at least 1") }
    if let rho { guard rho >= 0, rho.isFinite else { throw ValidationError("--rho must be non-negative") } }
    guard !covarianceBound.values.isEmpty else { throw ValidationError("--c needs at least one bound") }
  }

  func apply(to c: inout AuditConfiguration) {
    c.crlrLambda = crlrLambda
    c.nAGQ = nagq
    c.maxIterations = maxIterations
    c.boosting.nu = boostNu
    c.boosting.maxSteps = boostMaxSteps
    c.boosting.tolerance = boostTolerance
    c.boosting.traceProbes = traceProbes
    c.rho = rho
    c.covarianceBound = covarianceBound.values
    c.rhoGrid = rhoGrid?.values ?? []
    c.boundGrid = cGrid?.values ?? []
    c.sweep = !noSweep
    c.sweepPoints = sweepPoints
    if let threads { c.parallel = ParallelWork(threads: threads) }
    if let maxMemory { c.memoryLimit = maxMemory.multipliedReportingOverflow(by: 1 << 20).overflow ? Int.max : maxMemory << 20 }
  }
}
