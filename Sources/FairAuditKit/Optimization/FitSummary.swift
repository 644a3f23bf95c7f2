/// How an iterative fit ended, in the spirit of MixedModels.jl's `OptSummary`.
public struct FitSummary: Equatable, Sendable, Codable {
  public enum Termination: String, Equatable, Sendable, Codable {
    case converged
    case maxIterations
    case stepHalvingFailed
    case singular
    /// Stopped by a selection or change rule (boosting) at an iterate that is not stationary.
    case earlyStopped
  }

  /// Which rule ended a method with several (the Fair GLMM's boosting); nil for Newton fits.
  public enum StopReason: String, Equatable, Sendable, Codable {
    /// The relative change of the random-intercept variance fell below the tolerance.
    case varianceTolerance
    /// The relative change of the coefficients fell below the tolerance.
    case coefficientTolerance
    /// The criterion (BIC) had not reached a new minimum for the configured number of steps.
    case bicMinimum
    /// The step limit was reached.
    case stepLimit
    /// No candidate step, however short, decreased the objective.
    case noDescent
  }

  public var iterations: Int
  /// Max-abs gradient of the objective at the returned point (of the Lagrangian for the
  /// constrained fits).
  public var gradientNorm: Double
  public var termination: Termination
  /// Plain-language warnings (boundary variance, separation, slack constraints); shown in reports.
  public var notes: [String]
  /// Design columns (names as in `Coefficient.name`, e.g. "job=student") in whose direction the
  /// unpenalised LR diverged ((quasi-)separation); empty when there is none. Set on every model
  /// of a run in which the separation fallback was used, and on an LR fitted without it.
  public var separation: [String]
  /// kappa of the fallback ridge (kappa / 2) sum_{j>0} beta_j^2 this model was fitted with; 0 when
  /// the fit is unpenalised in the fixed effects (docs/method.md, "Separation fallback").
  public var fixedEffectRidge: Double
  /// KKT residuals reached by a constrained fit (Fair LR, Fair CRLR); nil for the other models.
  public var kktResiduals: KKTResiduals?
  /// Why an iterative fit without a convergence test of its own (the boosting Fair GLMM) stopped.
  public var stopReason: StopReason?
  /// The optimiser's per-iteration record (every fit of the paper's six; the boosting Fair GLMM
  /// records its penalised objective per step without a gradient).
  public var log: FitLog?
  /// Largest max-abs gradient at which a fit without a convergence test of its own (the boosting
  /// Fair GLMM) counts as converged; nil for the Newton-type fits, whose tests are in their logs.
  public var gradientTolerance: Double?

  public init(
    iterations: Int, gradientNorm: Double, termination: Termination, notes: [String] = [], separation: [String] = [],
    fixedEffectRidge: Double = 0, kktResiduals: KKTResiduals? = nil, stopReason: StopReason? = nil, log: FitLog? = nil,
    gradientTolerance: Double? = nil
  ) {
    self.gradientTolerance = gradientTolerance
    self.iterations = iterations
    self.gradientNorm = gradientNorm
    self.termination = termination
    self.notes = notes
    self.separation = separation
    self.fixedEffectRidge = fixedEffectRidge
    self.kktResiduals = kktResiduals
    self.stopReason = stopReason
    self.log = log
  }

  public var didConverge: Bool { termination == .converged }
}
