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
  /// Max-abs gradient of the objective at the returned point.
  public var gradientNorm: Double
  public var termination: Termination
  /// Plain-language warnings (boundary variance, separation, slack constraints); shown in reports.
  public var notes: [String]
  public var stopReason: StopReason?

  public init(iterations: Int, gradientNorm: Double, termination: Termination, notes: [String] = [], stopReason: StopReason? = nil) {
    self.iterations = iterations
    self.gradientNorm = gradientNorm
    self.termination = termination
    self.notes = notes
    self.stopReason = stopReason
  }

  public var didConverge: Bool { termination == .converged }
}
