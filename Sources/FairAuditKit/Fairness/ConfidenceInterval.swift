import Foundation

/// 95% intervals for the rates and ratios in the fairness tables, from the group counts alone
/// (no refitting, no bootstrap), so small groups show their uncertainty.
public enum ConfidenceInterval {
  static let z = 1.959963984540054

  /// Wilson score interval for x successes in n trials; (NaN, NaN) when n = 0.
  public static func wilson(successes x: Int, trials n: Int) -> (lower: Double, upper: Double) {
    guard n > 0 else { return (.nan, .nan) }
    let p = Double(x) / Double(n), nn = Double(n), z2 = z * z
    let centre = (p + z2 / (2 * nn)) / (1 + z2 / nn)
    let half = z * (p * (1 - p) / nn + z2 / (4 * nn * nn)).squareRoot() / (1 + z2 / nn)
    return (max(0, centre - half), min(1, centre + half))
  }

  /// Katz log interval for the ratio of two proportions x1/n1 over x0/n0; NaN when a count is 0.
  public static func ratio(_ x1: Int, _ n1: Int, over x0: Int, _ n0: Int) -> (lower: Double, upper: Double) {
    guard x1 > 0, x0 > 0, n1 > 0, n0 > 0 else { return (.nan, .nan) }
    let p1 = Double(x1) / Double(n1), p0 = Double(x0) / Double(n0)
    let se = ((1 - p1) / Double(x1) + (1 - p0) / Double(x0)).squareRoot()
    let centre = Foundation.log(p1 / p0)
    return (Foundation.exp(centre - z * se), Foundation.exp(centre + z * se))
  }
}
