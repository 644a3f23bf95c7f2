/// One linear constraint a'theta <= b, or a'theta = b when `isEquality` (a bound of 0 on |g_k|
/// is one equality, not two opposite inequalities whose multiplier system would be singular).
public struct LinearConstraint: Sendable {
  public let a: [Double]
  public let b: Double
  public let isEquality: Bool

  public init(a: [Double], b: Double, isEquality: Bool = false) {
    self.a = a
    self.b = b
    self.isEquality = isEquality
  }

  public func slack(_ theta: [Double]) -> Double { b - Vector.dot(a, theta) }

  /// How far theta is outside the constraint (0 when satisfied).
  public func violation(_ theta: [Double]) -> Double {
    let s = slack(theta)
    return isEquality ? abs(s) : max(0, -s)
  }
}

/// Residuals of the Karush-Kuhn-Tucker conditions at a returned point, each a max-abs value.
public struct KKTResiduals: Equatable, Sendable, Codable {
  /// ||grad f + sum lambda_j a_j||_inf, relative to max(1, ||grad f||_inf).
  public let stationarity: Double
  /// max_j max(0, a_j'theta - b_j) over inequalities and |a_j'theta - b_j| over equalities.
  public let primalFeasibility: Double
  /// max_j max(0, -lambda_j) over inequalities (an equality's multiplier has free sign).
  public let dualFeasibility: Double
  /// max_j |lambda_j (a_j'theta - b_j)| over inequalities.
  public let complementarySlackness: Double

  public init(stationarity: Double, primalFeasibility: Double, dualFeasibility: Double, complementarySlackness: Double) {
    self.stationarity = stationarity
    self.primalFeasibility = primalFeasibility
    self.dualFeasibility = dualFeasibility
    self.complementarySlackness = complementarySlackness
  }

  public var maximum: Double { max(stationarity, primalFeasibility, dualFeasibility, complementarySlackness) }
}
