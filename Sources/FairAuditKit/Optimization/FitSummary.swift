/// How an iterative fit ended, in the spirit of MixedModels.jl's `OptSummary`.
public struct FitSummary: Equatable, Sendable, Codable {
  public enum Termination: String, Equatable, Sendable, Codable {
    case converged
    case maxIterations
    case stepHalvingFailed
    case singular
  }

  public var iterations: Int
  /// Max-abs gradient of the objective at the returned point.
  public var gradientNorm: Double
  public var termination: Termination
  /// Plain-language warnings (boundary variance, separation, slack constraints); shown in reports.
  public var notes: [String]

  public init(iterations: Int, gradientNorm: Double, termination: Termination, notes: [String] = []) {
    self.iterations = iterations
    self.gradientNorm = gradientNorm
    self.termination = termination
    self.notes = notes
  }

  public var didConverge: Bool { termination == .converged }
}
