import Foundation

/// Fits the paper's models that the data allow, in the paper's order: LR, Fair LR, CRLR,
/// Fair CRLR, GLMM, Fair GLMM (fair models need sensitive features, mixed ones a cluster).
///
/// Separation fallback (docs/method.md): when the unpenalised LR diverges ((quasi-)separation,
/// `FitSummary.separation` not empty), the problem gets `fixedEffectRidge = separationRidge` and
/// every model, LR included, is fitted on it; each model's summary then names the separated
/// columns and states the ridge it was fitted with.
public struct ModelSuite: Sendable {
  public private(set) var models: [FittedModel] = []
  /// Wall time of each fit in seconds (for the reproduction study; never in reports).
  public private(set) var seconds: [ModelKind: Double] = [:]
  public private(set) var kktResiduals: [ModelKind: KKTResiduals] = [:]
  /// The training problem the models were fitted on: the given one, with `fixedEffectRidge` set
  /// when the separation fallback is used (later fits on the same data, e.g. the trade-off
  /// sweep, should use this one).
  public private(set) var problem: ModelProblem
  /// Design columns along which the unpenalised LR diverged; empty when the fallback is not used.
  public private(set) var separation: [String] = []

  /// kappa of the separation fallback: (kappa / 2) sum_{j>0} beta_j^2 on the summed loss is a
  /// N(0, 1/kappa) prior, SD 1/sqrt(0.1) = 3.16 on the design scale (per SD of a numeric column,
  /// per level of a dummy), worth 0.4 observations at p = 1/2 per coefficient: it bounds the
  /// diverging coefficients and leaves well-identified ones practically unchanged.
  public static let separationRidge = 0.1

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

  /// Runs one fit, timing it and appending the model. An LR that shows separation switches the
  /// fallback on and is refitted with the ridge; once it is on, every model records it.
  @discardableResult
  mutating func record(_ kind: ModelKind, _ fit: (ModelSuite) throws(FairAuditError) -> FittedModel) throws(FairAuditError) -> FittedModel {
    let start = DispatchTime.now().uptimeNanoseconds
    var model = try fit(self)
    if kind == .logisticRegression && separation.isEmpty && !model.summary.separation.isEmpty {
      separation = model.summary.separation
      problem.fixedEffectRidge = Self.separationRidge
      model = try fit(self)
    }
    if !separation.isEmpty {
      model.summary.separation = separation
      model.summary.notes.append(Self.fallbackNote(separation, ridge: model.summary.fixedEffectRidge))
    }
    seconds[kind] = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    models.append(model)
    return model
  }

  static func fallbackNote(_ columns: [String], ridge: Double) -> String {
    let named = columns.map { "\"\($0)\"" }.joined(separator: ", ")
    let start = "Separation fallback: the unpenalised LR diverges along \(named) ((quasi-)separation; the maximum-likelihood estimate does not exist)"
    guard ridge > 0 else { return start + ". This model is fitted without the fallback ridge." }
    return start + ", so this model adds the ridge (κ/2) Σ β_j² on the non-intercept fixed effects with κ = \(NumberFormat.significant(ridge)) "
      + "(a normal prior with SD \(NumberFormat.significant(1 / ridge.squareRoot(), 3)) on the design scale); its estimates and standard errors are those of the penalised fit."
  }
}
