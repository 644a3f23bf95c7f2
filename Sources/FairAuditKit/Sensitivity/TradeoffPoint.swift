/// One fitted model on a sweep: its setting (rho or c) and what it achieves on the evaluation rows.
public struct TradeoffPoint: Sendable, Equatable {
  /// Selection rates of one feature's two groups.
  public struct GroupRates: Sendable, Equatable {
    public let protected: Double
    public let other: Double
  }

  public let kind: ModelKind
  public let path: SweepPath
  /// rho on the penalty path, c on a bound path (the bounded features' c).
  public let parameter: Double
  public let accuracy: Double
  public let auc: Double
  /// p%-rule (100 times the impact ratio) per sensitive feature, in feature order.
  public let pRule: [Double]
  /// DI = 1 - impact ratio per feature.
  public let disparateImpact: [Double]
  /// |selection rate difference| per feature.
  public let demographicParityDifference: [Double]
  public let selectionRates: [GroupRates]
  /// g_k at the fit, in feature order.
  public let covariance: [Double]
  /// Bound paths: the KKT shadow price lambda_k = -d(optimal loss)/dc_k (0 where the constraint
  /// does not bind). Penalty path: the implied penalty weight rho N^2 |g_k|, a multiplier only
  /// where the fit is stationary.
  public let multipliers: [Double]
  /// Whether the fit met its convergence test (boosting iterates stopped early do not).
  public let converged: Bool

  public init(
    kind: ModelKind, path: SweepPath, parameter: Double, assessment: FairnessAssessment, covariance: [Double],
    multipliers: [Double], converged: Bool
  ) {
    self.kind = kind
    self.path = path
    self.parameter = parameter
    accuracy = assessment.performance.accuracy
    auc = assessment.performance.auc
    pRule = assessment.features.map { 100 * $0.impactRatio }
    disparateImpact = assessment.features.map(\.disparateImpact)
    demographicParityDifference = assessment.features.map(\.demographicParityDifference)
    selectionRates = assessment.features.map { GroupRates(protected: $0.protected.selectionRate, other: $0.other.selectionRate) }
    self.covariance = covariance
    self.multipliers = multipliers
    self.converged = converged
  }

  /// The worst feature's p%-rule (NaN when a feature's is undefined: nobody selected).
  public var worstPRule: Double { pRule.contains(where: \.isNaN) ? .nan : pRule.min() ?? .nan }
}
