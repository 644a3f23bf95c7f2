/// The random-intercept logistic GLMM (Laplace or adaptive Gauss-Hermite), started from LR.
public struct LogisticGLMMFitter: ModelFitter {
  public init() {}
  public var kind: ModelKind { .logisticGLMM }
  public var startsFrom: [ModelKind] { [.logisticRegression] }

  public func methodText(_ model: FittedModel) -> String {
    "**GLMM**: y | b ~ Bernoulli(logistic(x'β + b_i)), b_i ~ N(0, σ²); maximum likelihood with the Laplace approximation or adaptive Gauss-Hermite quadrature, analytic gradients, conditional modes by per-cluster Newton."
  }

  public func fit(_ context: FitContext) throws(FairAuditError) -> FittedModel {
    var options = LogisticGLMMFit.Options()
    options.nAGQ = context.configuration.nAGQ
    options.maxIterations = context.maxIterations
    return try LogisticGLMMFit.fit(context.problem, start: try context.start(.logisticRegression, for: kind).beta, options: options)
  }
}
