import Foundation

/// Fits the models of `AuditConfiguration.models` (by default `ModelCatalog.standard`: LR, Fair LR,
/// CRLR, Fair CRLR, GLMM, Fair GLMM) that the data allow, in that order: fair models need
/// sensitive features, mixed ones a cluster, and a model is skipped when one it starts from was
/// not fitted. A model that fails is left out and its error kept in `failures` (the audit shows it
/// as a warning), unless it is the audited model or one the audited model starts from: then the
/// error ends the run.
///
/// Separation fallback (docs/method.md): when the unpenalised LR diverges ((quasi-)separation,
/// `FitSummary.separation` not empty), the problem gets `fixedEffectRidge = separationRidge` and
/// every model, LR included, is fitted on it; each model's summary then names the separated
/// columns and states the ridge it was fitted with.
public struct ModelSuite: Sendable {
  public private(set) var models: [FittedModel] = []
  /// Wall time of each fit in seconds (for the reproduction study; never in reports).
  public private(set) var seconds: [ModelKind: Double] = [:]
  /// Models that could not be fitted, with the reason, in fitting order.
  public private(set) var failures: [(kind: ModelKind, error: FairAuditError)] = []
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

  /// - Throws: the `FairAuditError` of the audited model's fit or of a fit it starts from.
  public init(problem: ModelProblem, configuration: AuditConfiguration) throws(FairAuditError) {
    self.problem = problem
    self.configuration = configuration
    let essential = Self.essential(configuration.auditedModel, fitters: configuration.models)
    let planned = configuration.models.filter { applies($0.kind) }
    for (k, fitter) in planned.enumerated() {
      guard fitter.startsFrom.allSatisfy({ k in models.contains { $0.kind == k } }) else { continue }
      configuration.progress?("fitting \(fitter.kind.label) (\(k + 1) of \(planned.count)) on \(problem.n) rows")
      do {
        try record(fitter)
      } catch {
        if essential.contains(fitter.kind) { throw error }
        failures.append((fitter.kind, error))
      }
    }
  }

  /// KKT residuals of the constrained fits.
  public var kktResiduals: [ModelKind: KKTResiduals] { FittedModel.kktResiduals(models) }

  /// Whether the data allow a model of this kind: sensitive features for fair models, a cluster
  /// for mixed ones.
  func applies(_ kind: ModelKind) -> Bool {
    (!kind.isFair || !problem.sensitiveNames.isEmpty) && (!kind.usesClusters || problem.clusterName != nil)
  }

  /// The audited model and every model it starts from, directly or not.
  static func essential(_ audited: ModelKind, fitters: [any ModelFitter]) -> Set<ModelKind> {
    var out: Set<ModelKind> = [audited]
    var queue = [audited]
    while let kind = queue.popLast() {
      for start in fitters.first(where: { $0.kind == kind })?.startsFrom ?? [] where out.insert(start).inserted {
        queue.append(start)
      }
    }
    return out
  }

  /// Runs one fit, timing it and appending the model. An LR that shows separation switches the
  /// fallback on and is refitted with the ridge; once it is on, every model records it.
  mutating func record(_ fitter: any ModelFitter) throws(FairAuditError) {
    let start = DispatchTime.now().uptimeNanoseconds
    var model = try fitter.fit(context)
    if fitter.kind == .logisticRegression && separation.isEmpty && !model.summary.separation.isEmpty {
      separation = model.summary.separation
      problem.fixedEffectRidge = Self.separationRidge
      model = try fitter.fit(context)
    }
    if !separation.isEmpty {
      model.summary.separation = separation
      model.summary.notes.append(Self.fallbackNote(separation, ridge: model.summary.fixedEffectRidge))
    }
    seconds[fitter.kind] = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    models.append(model)
  }

  var context: FitContext {
    FitContext(problem: problem, configuration: configuration, fitted: Dictionary(models.map { ($0.kind, $0) }) { a, _ in a })
  }

  static func fallbackNote(_ columns: [String], ridge: Double) -> String {
    let named = columns.map { "\"\($0)\"" }.joined(separator: ", ")
    let start =
      "Separation fallback: the unpenalised LR diverges along \(named) ((quasi-)separation; the maximum-likelihood estimate does not exist)"
    guard ridge > 0 else { return start + ". This model is fitted without the fallback ridge." }
    return start
      + ", so this model adds the ridge (κ/2) Σ β_j² on the non-intercept fixed effects with κ = \(NumberFormat.significant(ridge)) "
      + "(a normal prior with SD \(NumberFormat.significant(1 / ridge.squareRoot(), 3)) on the design scale); its estimates and standard errors are those of the penalised fit."
  }
}
