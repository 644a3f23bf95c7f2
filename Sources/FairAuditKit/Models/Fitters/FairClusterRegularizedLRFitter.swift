/// Fair CRLR (paper P4): CRLR under -c <= g_k <= c with b_i inside eta, started from CRLR.
public struct FairClusterRegularizedLRFitter: ModelFitter {
  public init() {}
  public var kind: ModelKind { .fairClusterRegularizedLR }
  public var startsFrom: [ModelKind] { [.clusterRegularizedLR] }

  public func methodText(_ model: FittedModel) -> String {
    "**Fair CRLR** (P4): CRLR subject to −c ≤ g_k ≤ c, with b_i inside η."
  }

  public func fit(_ context: FitContext) throws(FairAuditError) -> FittedModel {
    let start = try context.start(.clusterRegularizedLR, for: kind)
    return try ConstrainedLogisticFit.fit(
      context.problem, kind: kind, bounds: context.bounds, lambda: context.configuration.crlrLambda, unconstrained: start,
      maxIterations: 2 * context.maxIterations
    ).0
  }
}
