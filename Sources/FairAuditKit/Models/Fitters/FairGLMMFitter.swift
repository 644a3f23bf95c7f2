/// The Fair GLMM (paper P6) by componentwise boosting, started from Fair CRLR.
public struct FairGLMMFitter: ModelFitter {
  public init() {}
  public var kind: ModelKind { .fairGLMM }
  public var startsFrom: [ModelKind] { [.fairClusterRegularizedLR] }

  public func methodText(_ model: FittedModel) -> String {
    "**Fair GLMM** (P6): penalised likelihood − (ρ/2) Σ_k (N g_k)², fitted by componentwise boosting with Newton-Raphson steps, BIC selection (n = number of strata) and an EM update of σ²."
  }

  public func fit(_ context: FitContext) throws(FairAuditError) -> FittedModel {
    let rho = [Double](repeating: context.configuration.penalty(rows: context.problem.n), count: context.problem.sensitiveNames.count)
    let start = try context.start(.fairClusterRegularizedLR, for: kind)
    return try FairGLMMBoosting.fit(context.problem, rho: rho, start: start.parameters, options: context.configuration.boosting)
  }
}
