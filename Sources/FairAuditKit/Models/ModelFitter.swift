/// The one interface every model is fitted through (lme4's split of setup, objective and
/// optimiser is inside each fit; this is the step `ModelSuite` runs). A fitter names its kind,
/// the kinds whose fits it starts from, and a sentence for the report's methodology.
/// Adding a model: one file with a `ModelFitter` (and its `ModelKind`), and one entry in
/// `ModelCatalog.standard` (or `AuditConfiguration.models` for a run of one's own).
public protocol ModelFitter: Sendable {
  var kind: ModelKind { get }
  /// Kinds that must have been fitted before (they are passed in `FitContext.fitted`); when one
  /// was not fitted, this model is skipped too.
  var startsFrom: [ModelKind] { get }
  /// One Markdown sentence for the report's methodology section.
  func methodText(_ model: FittedModel) -> String
  /// - Throws: `FairAuditError` when the fit fails.
  func fit(_ context: FitContext) throws(FairAuditError) -> FittedModel
}

/// What a fit gets: the training problem (with the fallback ridge when it is on), the run's
/// configuration, and the models fitted so far.
public struct FitContext: Sendable {
  public let problem: ModelProblem
  public let configuration: AuditConfiguration
  public let fitted: [ModelKind: FittedModel]

  public init(problem: ModelProblem, configuration: AuditConfiguration, fitted: [ModelKind: FittedModel]) {
    self.problem = problem
    self.configuration = configuration
    self.fitted = fitted
  }

  /// A model this fit starts from. - Throws: `.invalidOption` naming it when it was not fitted.
  public func start(_ kind: ModelKind, for fitter: ModelKind) throws(FairAuditError) -> FittedModel {
    guard let model = fitted[kind] else {
      throw .invalidOption(option: "--audited-model", reason: "\(fitter.label) starts from \(kind.label), which was not fitted")
    }
    return model
  }

  /// Newton iteration limit of the run.
  public var maxIterations: Int { configuration.maxIterations }

  /// The bounds c_k of the constrained fits, one per sensitive feature.
  public var bounds: [Double] { problem.sensitiveNames.indices.map { configuration.bound(for: $0) } }
}

/// The models fairaudit fits by default: the paper's six in its order, then the constrained GLMM.
public enum ModelCatalog {
  public static let standard: [any ModelFitter] = [
    LogisticRegressionFitter(), FairLogisticRegressionFitter(), ClusterRegularizedLRFitter(), FairClusterRegularizedLRFitter(),
    LogisticGLMMFitter(), FairGLMMFitter(), ConstrainedGLMMFitter(),
  ]
}
