/// What an optimiser did, after MixedModels.jl's `OptSummary`: the method and its convergence
/// tolerance, the number of objective evaluations, and per iteration the objective, the max-abs
/// gradient and the accepted step length; the first and last entries give the start and final
/// objective. Every Newton-type fit (LR, CRLR, Fair LR, Fair CRLR, GLMM) carries one.
public struct FitLog: Equatable, Sendable, Codable {
  public struct Iteration: Equatable, Sendable, Codable {
    public let objective: Double
    public let gradientNorm: Double
    /// Length t of the step taken from this point (0 on the last entry: no step was taken).
    public let stepLength: Double
  }

  public let method: String
  public let tolerance: Double
  public private(set) var evaluations = 0
  public private(set) var iterations: [Iteration] = []

  public init(method: String, tolerance: Double) {
    self.method = method
    self.tolerance = tolerance
  }

  public var initialObjective: Double? { iterations.first?.objective }
  public var finalObjective: Double? { iterations.last?.objective }

  /// Records one point: its objective, gradient, and the step then taken (0 for the last).
  mutating func record(objective: Double, gradient: [Double], step: Double) {
    iterations.append(Iteration(objective: objective, gradientNorm: Vector.maxAbs(gradient), stepLength: step))
  }

  /// Records a point whose gradient is not computed on the way (the boosting path): NaN, null in JSON.
  mutating func record(objective: Double, step: Double) {
    iterations.append(Iteration(objective: objective, gradientNorm: .nan, stepLength: step))
  }

  /// Counts objective evaluations (each trial point of a line search is one).
  mutating func count(_ evaluations: Int = 1) { self.evaluations += evaluations }
}
