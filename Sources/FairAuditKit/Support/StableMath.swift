import Foundation

/// Numerically stable scalar primitives for the Bernoulli/logit family.
public enum StableMath {
  /// log(1 + e^x) without overflow for large x and without cancellation for very negative x.
  @inlinable public static func log1pExp(_ x: Double) -> Double {
    x > 0 ? x + Foundation.log1p(Foundation.exp(-x)) : Foundation.log1p(Foundation.exp(x))
  }

  /// 1 / (1 + e^-x), evaluated sign-wise so neither branch overflows.
  @inlinable public static func logistic(_ x: Double) -> Double {
    if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
    let e = Foundation.exp(x)
    return e / (1 + e)
  }

  /// Bernoulli negative log-likelihood of y in {0,1} at linear predictor eta: log(1+e^eta) - y*eta.
  @inlinable public static func bernoulliLoss(y: Double, eta: Double) -> Double {
    log1pExp(eta) - y * eta
  }

  /// `bernoulliLoss` and `logistic` at eta from one exponential, e = e^-|eta|:
  /// log(1 + e^eta) = max(eta, 0) + log1p(e), mu = 1 / (1 + e) or e / (1 + e) (the same bits).
  @inline(__always) public static func lossAndMean(y: Double, eta: Double) -> (loss: Double, mean: Double) {
    let e = Foundation.exp(-abs(eta))
    let softplus = eta > 0 ? eta + Foundation.log1p(e) : Foundation.log1p(e)
    return (softplus - y * eta, eta >= 0 ? 1 / (1 + e) : e / (1 + e))
  }

  /// log(sum exp(x_i)), shifted by the maximum.
  public static func logSumExp(_ values: [Double]) -> Double {
    guard let m = values.max(), m.isFinite else { return values.max() ?? -.infinity }
    var s = 0.0
    for v in values { s += Foundation.exp(v - m) }
    return m + Foundation.log(s)
  }

  /// Upper tail of the standard normal, 2 * P(Z > |z|), via erfc to keep precision for large |z|.
  public static func twoSidedNormalPValue(_ z: Double) -> Double {
    Foundation.erfc(Swift.abs(z) / 2.0.squareRoot())
  }
}
