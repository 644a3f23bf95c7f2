import Foundation

/// The penalties rho and bounds c a trade-off sweep visits.
///
/// Default rho grid, chosen from the data: near the unconstrained optimum theta0 the penalised
/// problem min loss + (rho/2) (a'theta)^2 (a = N times the covariance direction) has
/// a'theta(rho) = a'theta0 / (1 + rho s) with s = a' H^{-1} a, H the Hessian of the loss at theta0.
/// The covariance therefore falls to 99% of its unconstrained value at rho = 0.01/s and to 1% at
/// rho = 99/s; the grid is 0 plus `points` log-spaced values from 0.01/s_max to 100/s_min over the
/// features, so every feature's path runs from the unconstrained fit to near-zero covariance.
///
/// Default c grid: `points` bounds log-spaced from the unconstrained |g| down to 1% of it, then
/// c = 0 (zero covariance, the tightest the constraint can be).
public struct SweepGrid: Sendable, Equatable {
  public static let defaultRhoPoints = 25
  public static let defaultBoundPoints = 15
  /// Smallest bound of the default c grid, as a fraction of the unconstrained |g|.
  public static let smallestBoundFraction = 0.01

  /// Ascending, starting at 0.
  public let rho: [Double]
  /// Fractions of the unconstrained |g| (descending from 1): the joint path uses fraction times
  /// the largest |g_k|, the path of feature k fraction times |g_k|. Empty when `bounds` is given.
  public let boundFractions: [Double]
  /// Explicit bounds (`--c-grid`), descending; they replace the fractions on every path.
  public let bounds: [Double]

  public init(rho: [Double], boundFractions: [Double], bounds: [Double]) {
    self.rho = rho
    self.boundFractions = boundFractions
    self.bounds = bounds
  }

  /// - Parameters: `curvature` s_k = a_k' H^{-1} a_k per feature at the unconstrained fit;
  ///   `configuredRho` is added to the grid so the audited setting is on the path.
  public static func make(
    rhoGrid: [Double], boundGrid: [Double], points: Int?, curvature: [Double], configuredRho: Double
  ) -> SweepGrid {
    let rho: [Double]
    if !rhoGrid.isEmpty {
      rho = Array(Set(rhoGrid)).sorted()
    } else {
      let s = curvature.filter { $0.isFinite && $0 > 0 }
      let low = 0.01 / (s.max() ?? 1), high = 100 / (s.min() ?? 1)
      rho = Array(Set([0, configuredRho] + logSpaced(from: low, to: high, count: points ?? defaultRhoPoints))).sorted()
    }
    let fractions =
      boundGrid.isEmpty ? logSpaced(from: 1, to: smallestBoundFraction, count: (points ?? defaultBoundPoints) - 1) + [0] : []
    return SweepGrid(rho: rho, boundFractions: fractions, bounds: Array(Set(boundGrid)).sorted(by: >))
  }

  /// The bounds of a path whose unconstrained |g| is `reference`.
  public func bounds(reference: Double) -> [Double] {
    bounds.isEmpty ? boundFractions.map { $0 * reference } : bounds
  }

  /// `count` values from a to b, equally spaced in log; exact at both ends.
  static func logSpaced(from a: Double, to b: Double, count: Int) -> [Double] {
    guard count > 1 else { return [a] }
    let la = log(a), lb = log(b)
    return (0..<count).map { i in
      i == 0 ? a : i == count - 1 ? b : exp(la + (lb - la) * Double(i) / Double(count - 1))
    }
  }
}
