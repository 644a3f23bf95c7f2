import Foundation

/// Fits the paper's models that the data allow, in the paper's order: LR, Fair LR, CRLR,
/// Fair CRLR, GLMM, Fair GLMM (fair models need sensitive features, mixed ones a cluster).
public struct ModelSuite: Sendable {
  public private(set) var models: [FittedModel] = []
  /// Wall time of each fit in seconds (for the reproduction study; never in reports).
  public private(set) var seconds: [ModelKind: Double] = [:]
  public private(set) var kktResiduals: [ModelKind: KKTResiduals] = [:]

  let problem: ModelProblem
  let configuration: AuditConfiguration

  /// - Throws: `FairAuditError` from any fit.
  public init(problem: ModelProblem, configuration: AuditConfiguration) throws(FairAuditError) {
    self.problem = problem
    self.configuration = configuration
    let lr = try record(.logisticRegression) { s throws(FairAuditError) in
      try PenalizedLogisticFit.fit(s.problem, kind: .logisticRegression, maxIterations: s.limit)
    }
    if isFair { try constrained(.fairLogisticRegression, unconstrained: lr) }
    if problem.clusterName != nil { try fitMixedModels(lr: lr) }
  }

  var isFair: Bool { !problem.sensitiveNames.isEmpty }
  var limit: Int { configuration.maxIterations }

  /// CRLR, Fair CRLR, GLMM (started from LR) and Fair GLMM (started from Fair CRLR).
  mutating func fitMixedModels(lr: FittedModel) throws(FairAuditError) {
    let crlr = try record(.clusterRegularizedLR) { s throws(FairAuditError) in
      try PenalizedLogisticFit.fit(s.problem, kind: .clusterRegularizedLR, lambda: s.configuration.crlrLambda, maxIterations: s.limit)
    }
    let fairCRLR = isFair ? try constrained(.fairClusterRegularizedLR, unconstrained: crlr) : nil
    var options = LogisticGLMMFit.Options()
    options.nAGQ = configuration.nAGQ
    options.maxIterations = limit
    try record(.logisticGLMM) { s throws(FairAuditError) in try LogisticGLMMFit.fit(s.problem, start: lr.beta, options: options) }
    guard let fairCRLR else { return }
    let rho = [Double](repeating: configuration.penalty(rows: problem.n), count: problem.sensitiveNames.count)
    try record(.fairGLMM) { s throws(FairAuditError) in
      try FairGLMMBoosting.fit(s.problem, rho: rho, start: fairCRLR.parameters, options: s.configuration.boosting)
    }
  }

  /// Fair LR or Fair CRLR at the configured bounds, keeping its KKT residuals.
  @discardableResult
  mutating func constrained(_ kind: ModelKind, unconstrained: FittedModel) throws(FairAuditError) -> FittedModel {
    let bounds = problem.sensitiveNames.indices.map { configuration.bound(for: $0) }
    var residuals: KKTResiduals? = nil
    let model = try record(kind) { s throws(FairAuditError) in
      let (model, kkt) = try ConstrainedLogisticFit.fit(
        s.problem, kind: kind, bounds: bounds, lambda: s.configuration.crlrLambda, unconstrained: unconstrained,
        maxIterations: 2 * s.limit)
      residuals = kkt
      return model
    }
    kktResiduals[kind] = residuals
    return model
  }

  /// Runs one fit, timing it and appending the model.
  @discardableResult
  mutating func record(_ kind: ModelKind, _ fit: (ModelSuite) throws(FairAuditError) -> FittedModel) throws(FairAuditError) -> FittedModel {
    let start = DispatchTime.now().uptimeNanoseconds
    let model = try fit(self)
    seconds[kind] = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    models.append(model)
    return model
  }
}
