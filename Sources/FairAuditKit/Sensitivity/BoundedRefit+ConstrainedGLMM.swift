import Foundation

extension BoundedRefit {
  /// The Fair GLMM (constrained) on the GLMM `base`, fitted by `ConstrainedGLMMFit` at the given
  /// bounds (+infinity: feature free). The warm start is the parameters of a previous fit of this
  /// kind (beta, then the conditional modes), with sigma taken from `base`; an empty start starts
  /// from `base`. The loss is F* = -(marginal log-likelihood) (plus the fallback ridge), whose
  /// derivative in c_k is minus the shadow price.
  public static func constrainedGLMM(base: FittedModel, problem: ModelProblem, options: ConstrainedGLMMFit.Options) -> BoundedRefit {
    BoundedRefit(
      kind: .constrainedGLMM, base: base.kind,
      fit: { (bounds, warm) throws(FairAuditError) in
        let start = warm.parameters
        var from = base
        if start.count == problem.p + problem.q, let r = base.randomIntercepts {
          let coefficients = (0..<problem.p).map { j in
            Coefficient(name: problem.names[j], estimate: start[j], standardError: .nan, unitScale: problem.columns[j].unitScale)
          }
          let intercepts = RandomIntercepts(
            grouping: r.grouping, levels: r.levels, modes: Array(start[problem.p...]), conditionalSD: r.conditionalSD, variance: r.variance,
            sizes: r.sizes)
          from = FittedModel(
            kind: base.kind, coefficients: coefficients, randomIntercepts: intercepts, logLikelihood: base.logLikelihood,
            parameterCount: base.parameterCount, observationCount: base.observationCount, objectiveValue: base.objectiveValue,
            summary: base.summary, settings: base.settings)
        }
        let model = try ConstrainedGLMMFit.fit(problem, bounds: bounds, start: from, options: options)
        return (model, model.objectiveValue, nil)
      }, loss: { $0.objectiveValue })
  }
}
