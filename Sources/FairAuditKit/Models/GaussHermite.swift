import Foundation

/// Gauss-Hermite rule for integrals of e^{-x^2} f(x): nodes x_k and weights w_k, found by Newton
/// iteration on the orthonormal Hermite recurrence (the classical `gauher` scheme), symmetric pairs.
public struct GaussHermite: Sendable {
  public let nodes: [Double]
  public let weights: [Double]

  public init(count n: Int) {
    precondition(n >= 1)
    var x = [Double](repeating: 0, count: n), w = [Double](repeating: 0, count: n)
    let m = (n + 1) / 2
    var z = 0.0
    for i in 0..<m {
      // Initial guesses for the largest roots, then from the previous roots.
      switch i {
      case 0: z = (2 * Double(n) + 1).squareRoot() - 1.85575 * pow(2 * Double(n) + 1, -0.16667)
      case 1: z -= 1.14 * pow(Double(n), 0.426) / z
      case 2: z = 1.86 * z - 0.86 * x[0]
      case 3: z = 1.91 * z - 0.91 * x[1]
      default: z = 2 * z - x[i - 2]
      }
      var derivative = 0.0
      for _ in 0..<100 {
        let (p, dp) = Self.hermite(n, at: z)
        derivative = dp
        let dz = p / dp
        z -= dz
        if abs(dz) <= 1e-15 * max(1, abs(z)) { break }
      }
      derivative = Self.hermite(n, at: z).1
      x[i] = z
      x[n - 1 - i] = -z
      w[i] = 2 / (derivative * derivative)
      w[n - 1 - i] = w[i]
    }
    nodes = x.reversed()
    weights = w.reversed()
  }

  /// Orthonormal Hermite polynomial of degree n at z and its derivative.
  static func hermite(_ n: Int, at z: Double) -> (Double, Double) {
    var p1 = pow(Double.pi, -0.25), p2 = 0.0
    for j in 1...max(n, 1) where n >= 1 {
      let p3 = p2
      p2 = p1
      p1 = z * (2 / Double(j)).squareRoot() * p2 - (Double(j - 1) / Double(j)).squareRoot() * p3
    }
    return (p1, (2 * Double(n)).squareRoot() * p2)
  }
}
