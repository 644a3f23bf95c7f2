/// One linear inequality a'theta <= b.
public struct LinearConstraint: Sendable {
  public let a: [Double]
  public let b: Double

  public init(a: [Double], b: Double) {
    self.a = a
    self.b = b
  }

  public func slack(_ theta: [Double]) -> Double { b - Vector.dot(a, theta) }
}

/// Residuals of the Karush-Kuhn-Tucker conditions at a returned point, each a max-abs value.
public struct KKTResiduals: Equatable, Sendable, Codable {
  /// ||grad f + sum lambda_j a_j||_inf, relative to max(1, ||grad f||_inf).
  public let stationarity: Double
  /// max_j max(0, a_j'theta - b_j).
  public let primalFeasibility: Double
  /// max_j max(0, -lambda_j).
  public let dualFeasibility: Double
  /// max_j |lambda_j (a_j'theta - b_j)|.
  public let complementarySlackness: Double

  public var maximum: Double { max(stationarity, primalFeasibility, dualFeasibility, complementarySlackness) }
}
