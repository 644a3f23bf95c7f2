/// How an iterative fit ended, in the spirit of MixedModels.jl's `OptSummary`.
public struct FitSummary: Equatable, Sendable, Codable {
  public enum Termination: String, Equatable, Sendable, Codable {
    case converged
    case maxIterations
    case stepHalvingFailed
    case singular
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

  public init(
    iterations: Int, gradientNorm: Double, termination: Termination, notes: [String] = [], separation: [String] = [],
    fixedEffectRidge: Double = 0, kktResiduals: KKTResiduals? = nil
  ) {
    self.iterations = iterations
    self.gradientNorm = gradientNorm
    self.termination = termination
    self.notes = notes
    self.separation = separation
    self.fixedEffectRidge = fixedEffectRidge
    self.kktResiduals = kktResiduals
  }

  public var didConverge: Bool { termination == .converged }
}
