/// CRLR (paper P3): logistic loss + lambda sum_i b_i^2.
public struct ClusterRegularizedLRFitter: ModelFitter {
  public init() {}
  public var kind: ModelKind { .clusterRegularizedLR }
  public var startsFrom: [ModelKind] { [] }

  public func methodText(_ model: FittedModel) -> String {
    "**CRLR** (P3): logistic loss + λ Σ b_i² with λ = \(model.settings.lambda.map { NumberFormat.significant($0) } ?? "n/a") (authors' default 1), Newton with the random-intercept block eliminated by a Schur complement."
  }

  public func fit(_ context: FitContext) throws(FairAuditError) -> FittedModel {
    try PenalizedLogisticFit.fit(
      context.problem, kind: kind, lambda: context.configuration.crlrLambda, maxIterations: context.maxIterations)
  }
}
