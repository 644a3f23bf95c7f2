/// The Fair GLMM (constrained): the GLMM's marginal likelihood under -c <= g_k <= c with the
/// conditional modes inside eta, started from the GLMM.
public struct ConstrainedGLMMFitter: ModelFitter {
  public init() {}
  public var kind: ModelKind { .constrainedGLMM }
  public var startsFrom: [ModelKind] { [.logisticGLMM] }

  public func methodText(_ model: FittedModel) -> String {
    "**Fair GLMM (constrained)**: the GLMM's marginal log-likelihood (\(model.settings.nAGQ.map { $0 == 1 ? "Laplace" : "adaptive Gauss-Hermite, \($0) nodes" } ?? "Laplace")) maximised over (β, log σ) subject to −c ≤ g_k ≤ c, with the conditional modes b_i(β, σ) inside η; sequential quadratic programming with the exact gradients of the likelihood and of g (through the modes, by the implicit function theorem), returning exact KKT multipliers."
  }

  public func fit(_ context: FitContext) throws(FairAuditError) -> FittedModel {
    var options = ConstrainedGLMMFit.Options()
    options.nAGQ = context.configuration.nAGQ
    options.maxIterations = 2 * context.maxIterations
    options.parallel = context.configuration.parallel
    return try ConstrainedGLMMFit.fit(
      context.problem, bounds: context.bounds, start: try context.start(.logisticGLMM, for: kind), options: options)
  }
}
