/// One fitted model on a sweep: its setting (rho or c) and what it achieves on the evaluation rows.
public struct TradeoffPoint: Sendable {
  public let kind: ModelKind
  /// rho for penalty sweeps, c for bound sweeps.
  public let parameter: Double
  public let accuracy: Double
  /// DI per sensitive feature, in feature order.
  public let disparateImpact: [Double]
  /// g_k at the fit, in feature order.
  public let covariance: [Double]
  /// Shadow prices (bound sweeps) or implied multipliers rho N^2 |g_k| (penalty sweeps).
  public let multipliers: [Double]

  /// The worst feature's DI, the quantity a four-fifths-style gate looks at.
  public var worstDisparateImpact: Double { disparateImpact.max() ?? .nan }
}
