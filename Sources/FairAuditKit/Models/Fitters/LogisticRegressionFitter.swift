/// LR (paper P1): maximum likelihood by Newton-Raphson.
public struct LogisticRegressionFitter: ModelFitter {
  public init() {}
  public var kind: ModelKind { .logisticRegression }
  public var startsFrom: [ModelKind] { [] }

  public func methodText(_ model: FittedModel) -> String {
    "**LR** (paper P1): maximum likelihood, Newton-Raphson with step halving and a Cholesky solve of X'WX; SEs from the inverse observed information."
  }

  public func fit(_ context: FitContext) throws(FairAuditError) -> FittedModel {
    try PenalizedLogisticFit.fit(context.problem, kind: kind, maxIterations: context.maxIterations)
  }
}
