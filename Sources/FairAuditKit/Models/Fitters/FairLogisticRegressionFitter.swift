/// Fair LR (paper P2): LR under -c <= g_k <= c, started from LR.
public struct FairLogisticRegressionFitter: ModelFitter {
  public init() {}
  public var kind: ModelKind { .fairLogisticRegression }
  public var startsFrom: [ModelKind] { [.logisticRegression] }

  public func methodText(_ model: FittedModel) -> String {
    "**Fair LR** (P2, Zafar et al. 2017): LR subject to −c ≤ g_k ≤ c for each sensitive feature, with g_k = (1/N) Σ (z_k − z̄_k) η; solved by an active-set Newton method that returns the Lagrange multipliers."
  }

  public func fit(_ context: FitContext) throws(FairAuditError) -> FittedModel {
    let start = try context.start(.logisticRegression, for: kind)
    return try ConstrainedLogisticFit.fit(
      context.problem, kind: kind, bounds: context.bounds, lambda: context.configuration.crlrLambda, unconstrained: start,
      maxIterations: 2 * context.maxIterations
    ).0
  }
}
