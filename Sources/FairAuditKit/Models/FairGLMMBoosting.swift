import Foundation

/// Fair GLMM (paper P6): componentwise likelihood-based boosting (Tutz & Groll's bGLMM) of
///
///     l_p(delta) - sum_k (rho_k / 2)(a_k' delta)^2,   l_p = sum log p(y | eta) - b'b / (2Q),
///
/// in the clean formulation of docs/method.md (paper digest section 4.4): one Newton-Raphson step
/// per candidate covariate on (intercept, x_r, b) with the full current penalty, BIC selection
/// with n = number of clusters, step length nu, an EM update of the variance Q after every step
/// (K rebuilt), and the minimal-BIC iterate returned. The hat-matrix trace is tracked as
/// df_l = df_{l-1} + nu [tr(M_r) - tr(M_r H_{l-1})]: tr(M_r) exactly in (2+q) dimensions, the cross
/// term by Hutchinson's estimator with seeded Rademacher probes, so no N x N matrix is formed.
/// Every step is safeguarded (step halving on the penalised objective, EM update accepted only if
/// it does not worsen the variance objective; see `BoostingState`), and the fit's `FitSummary`
/// says which rule stopped it and whether the returned iterate is stationary.
public enum FairGLMMBoosting {
  public struct Options: Sendable {
    /// Step length (authors' code 1; GMMBoost 0.1).
    public var nu = 1.0
    public var maxSteps = 1000
    /// Relative change of Q or of delta that stops the boosting (paper digest section 8, item 9).
    public var tolerance = 1e-3
    /// Stop when the BIC has not reached a new minimum for this many steps (0: never); the
    /// minimal-BIC iterate is returned in any case, so later steps could only matter if the BIC
    /// fell again after this many steps without a new minimum.
    public var bicPatience = 25
    /// Random-intercept variance before the first EM update (authors' code: 3).
    public var initialVariance = 3.0
    /// Rademacher probes of the trace estimator (each costs about 1.5 ms per step on bank-full).
    public var traceProbes = 20
    public var seed: UInt64 = 42
    /// The returned iterate counts as converged only when max |gradient| of the penalised objective
    /// f(delta; Q) (summed-loss units) is at most this; otherwise its termination is `earlyStopped`.
    public var gradientTolerance = 1e-4
    /// Newton steps on f(delta; Q) at the returned Q from the minimal-BIC iterate until the gradient
    /// tolerance is met (off by default: the paper's estimator is the early-stopped iterate).
    public var polish = false
    /// A point of a trade-off sweep: the fit reports its estimates, variance and convergence only,
    /// without what a sweep point never shows (standard errors and the Laplace log-likelihood are
    /// NaN), which saves the penalised Fisher matrix and the Laplace pass at the returned iterate.
    public var sweepPoint = false
    /// Test hook: explicit probe vectors (e.g. the N unit vectors, which make the trace exact).
    var probeVectors: [[Double]]? = nil
    public init() {}

    /// The probes of these options for `problem`, to share among the fits of a path.
    func probes(for problem: ModelProblem) -> TraceProbes {
      TraceProbes(count: traceProbes, rows: problem.n, seed: seed, explicit: probeVectors, parallel: problem.x.storage.parallel)
    }
  }

  /// - Parameters: `start` the Fair CRLR solution (beta then b), as in the authors' code; `probes`
  ///   those of `options.probes(for: problem)`, drawn once for a path of fits (drawn here if nil).
  /// - Throws: `.singularDesign` when a Newton system is not positive definite or a quantity of the
  ///   boosting is not finite.
  static func fit(
    _ problem: ModelProblem, rho: [Double], start: [Double], options: Options = Options(), probes: TraceProbes?
  ) throws(FairAuditError) -> FittedModel {
    var state = BoostingState(problem: problem, rho: rho, delta: start, q: options.initialVariance, options: options)
    try state.initialise(probes: probes ?? options.probes(for: problem))
    var best = state.snapshot()
    var reason = FitSummary.StopReason.stepLimit
    for _ in 0..<options.maxSteps {
      let before = state.objective
      let outcome = try state.step()
      state.log.record(objective: before, step: outcome.accepted ? state.lastStepFactor : 0)
      if state.bic < best.bic { best = state.snapshot() }
      if options.bicPatience > 0 && state.steps - best.steps >= options.bicPatience {
        reason = .bicMinimum
        break
      }
      if !outcome.accepted {
        reason = .noDescent
        break
      }
      if outcome.varianceChange <= options.tolerance {
        reason = .varianceTolerance
        break
      }
      if outcome.deltaChange <= options.tolerance {
        reason = .coefficientTolerance
        break
      }
    }
    state.log.record(objective: state.objective, step: 0)
    return try state.model(best, stopReason: reason)
  }

  /// One fit, its probes drawn for it.
  public static func fit(
    _ problem: ModelProblem, rho: [Double], start: [Double], options: Options = Options()
  ) throws(FairAuditError) -> FittedModel {
    try fit(problem, rho: rho, start: start, options: options, probes: nil)
  }
}
