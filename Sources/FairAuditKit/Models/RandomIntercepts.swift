/// Random (or ridge-penalised) intercepts per cluster level: conditional modes b_i with their
/// conditional standard deviations, and the variance sigma^2 (nil for CRLR, which fixes lambda).
public struct RandomIntercepts: Equatable, Sendable, Codable {
  public let grouping: String
  public let levels: [String]
  public let modes: [Double]
  public let conditionalSD: [Double]
  public let variance: Double?
  /// Number of training rows per level (0 for a level seen only in the test rows, whose b is 0).
  public let sizes: [Int]

  public var sigma: Double? { variance.map { $0.squareRoot() } }

  /// The boundary fit sigma^2 = 0: every mode and conditional SD 0.
  static func boundary(_ problem: ModelProblem) -> RandomIntercepts {
    let zeros = [Double](repeating: 0, count: problem.q)
    return RandomIntercepts(
      grouping: problem.clusterName ?? "", levels: problem.clusterLevels, modes: zeros, conditionalSD: zeros, variance: 0,
      sizes: problem.clusterSizes)
  }

  /// Intra-class correlation on the latent logistic scale: sigma^2 / (sigma^2 + pi^2/3).
  public var icc: Double? { variance.map { $0 / ($0 + Double.pi * Double.pi / 3) } }
}
