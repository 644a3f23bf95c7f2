import Foundation

/// Fits the paper's models that the data allow, in the paper's order: LR, Fair LR, CRLR,
/// Fair CRLR, GLMM, Fair GLMM (fair models need sensitive features, mixed ones a cluster).
public struct ModelSuite: Sendable {
  public let models: [FittedModel]
  /// Wall time of each fit in seconds (for the reproduction study; never in reports).
  public let seconds: [ModelKind: Double]
  public let kktResiduals: [ModelKind: KKTResiduals]

  /// - Throws: `FairAuditError` from any fit.
  public init(problem: ModelProblem, configuration: AuditConfiguration) throws(FairAuditError) {
    var models: [FittedModel] = []
    var seconds: [ModelKind: Double] = [:]
    var residuals: [ModelKind: KKTResiduals] = [:]
    func timed(_ kind: ModelKind, _ body: () throws(FairAuditError) -> FittedModel) throws(FairAuditError) -> FittedModel {
      let start = DispatchTime.now().uptimeNanoseconds
      let model = try body()
      seconds[kind] = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      models.append(model)
      return model
    }
    let fair = !problem.sensitiveNames.isEmpty
    let limit = configuration.maxIterations
    let bounds = problem.sensitiveNames.indices.map { configuration.bound(for: $0) }
    let lr = try timed(.logisticRegression) { () throws(FairAuditError) in try PenalizedLogisticFit.fit(problem, kind: .logisticRegression, maxIterations: limit) }
    if fair {
      _ = try timed(.fairLogisticRegression) { () throws(FairAuditError) in
        let (model, kkt) = try ConstrainedLogisticFit.fit(
          problem, kind: .fairLogisticRegression, bounds: bounds, unconstrained: lr, maxIterations: 2 * limit)
        residuals[.fairLogisticRegression] = kkt
        return model
      }
    }
    if problem.clusterName != nil {
      let lambda = configuration.crlrLambda
      let crlr = try timed(.clusterRegularizedLR) { () throws(FairAuditError) in
        try PenalizedLogisticFit.fit(problem, kind: .clusterRegularizedLR, lambda: lambda, maxIterations: limit)
      }
      var fairCRLR: FittedModel? = nil
      if fair {
        fairCRLR = try timed(.fairClusterRegularizedLR) { () throws(FairAuditError) in
          let (model, kkt) = try ConstrainedLogisticFit.fit(
            problem, kind: .fairClusterRegularizedLR, bounds: bounds, lambda: lambda, unconstrained: crlr, maxIterations: 2 * limit)
          residuals[.fairClusterRegularizedLR] = kkt
          return model
        }
      }
      var options = LogisticGLMMFit.Options()
      options.nAGQ = configuration.nAGQ
      options.maxIterations = limit
      _ = try timed(.logisticGLMM) { () throws(FairAuditError) in try LogisticGLMMFit.fit(problem, start: lr.beta, options: options) }
      if let fairCRLR {
        let rho = [Double](repeating: configuration.rho, count: problem.sensitiveNames.count)
        let start = fairCRLR.beta + (fairCRLR.randomIntercepts?.modes ?? [])
        _ = try timed(.fairGLMM) { () throws(FairAuditError) in
          try FairGLMMBoosting.fit(problem, rho: rho, start: start, options: configuration.boosting)
        }
      }
    }
    self.models = models
    self.seconds = seconds
    kktResiduals = residuals
  }
}
