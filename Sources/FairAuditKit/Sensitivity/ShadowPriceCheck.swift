import Foundation

/// A shadow price checked in the run: the KKT multiplier lambda_k of feature k's constraint
/// against the finite difference of the optimal loss L*(c) re-solved at c_k +/- h (others fixed):
/// lambda_fd = (L*(c_k - h) - L*(c_k + h)) / (2h), or at c_k = 0 (an equality) the one-sided
/// second-order difference (3 L*(0) - 4 L*(h) + L*(2h)) / (2h). h = 10^-3 c_k (10^-3 of the
/// unconstrained |g_k| when c_k = 0), so the truncation error is of relative order 10^-6.
public struct ShadowPriceCheck: Sendable, Equatable {
  /// Relative disagreement above which the audit warns.
  public static let tolerance = 1e-3
  public static let relativeStep = 1e-3

  public let kind: ModelKind
  public let feature: Int
  public let bound: Double
  public let step: Double
  /// The fit's KKT multiplier (shadow price).
  public let multiplier: Double
  public let finiteDifference: Double
  /// Whether the constraint binds at the fit (multiplier > 0).
  public let binds: Bool

  /// |lambda - lambda_fd| / |lambda|; for a constraint that does not bind, |lambda_fd| relative
  /// to the loss scale (it must be 0 up to rounding).
  public var relativeDifference: Double {
    binds ? abs(multiplier - finiteDifference) / abs(multiplier) : abs(finiteDifference - multiplier) / max(1, abs(multiplier))
  }

  public var agrees: Bool { relativeDifference <= Self.tolerance }

  /// A shadow price on the scale a reviewer reads: the mean (per-row) loss given up per 0.01 of
  /// tightening, lambda * 0.01 / N for N training rows.
  public static func perHundredth(_ lambda: Double, rows: Int) -> Double { lambda * 0.01 / Double(rows) }

  /// Re-solves `refit` around `model`'s bound of feature `k`.
  /// - Throws: the `FairAuditError` of a re-solve.
  public static func check(
    _ refit: BoundedRefit, model: FittedModel, feature k: Int, loss: Double, reference: Double
  ) throws(FairAuditError) -> ShadowPriceCheck {
    let bounds = model.constraints.map(\.bound)
    let c = bounds[k]
    let h = relativeStep * (c > 0 ? c : max(reference, 1e-12))
    func optimalLoss(_ value: Double) throws(FairAuditError) -> Double {
      var moved = bounds
      moved[k] = value
      return try refit.fit(moved, WarmStart(model.parameters, curvature: model.curvature)).loss
    }
    let fd: Double
    if c > 0 {
      fd = (try optimalLoss(c - h) - optimalLoss(c + h)) / (2 * h)
    } else {
      fd = (3 * loss - 4 * (try optimalLoss(h)) + (try optimalLoss(2 * h))) / (2 * h)
    }
    let lambda = model.constraints[k].shadowPrice
    return ShadowPriceCheck(
      kind: model.kind, feature: k, bound: c, step: h, multiplier: lambda, finiteDifference: fd, binds: lambda > 0)
  }
}
