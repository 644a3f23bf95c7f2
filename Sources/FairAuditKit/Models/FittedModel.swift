import Foundation

/// The common summary every fitted model exposes (coefficients, SEs, log-likelihood, AIC/BIC,
/// iterations, convergence), plus the random intercepts and fairness constraints where present.
public struct FittedModel: Sendable {
  public let kind: ModelKind
  public let coefficients: [Coefficient]
  public let randomIntercepts: RandomIntercepts?
  /// Bernoulli log-likelihood (marginal Laplace/AGQ for the GLMM, conditional on b otherwise).
  public let logLikelihood: Double
  /// Parameters counted in AIC/BIC.
  public let parameterCount: Int
  public let observationCount: Int
  /// Value of the minimised objective (loss + penalties), summed-loss convention.
  public let objectiveValue: Double
  /// Settable inside the library so that `ModelSuite` can record the separation fallback.
  public internal(set) var summary: FitSummary
  /// Settings that define the fit (lambda, c and rho per feature, nAGQ, ...), for the report.
  public let settings: ModelSettings
  /// Fairness constraints and their multipliers, for the constrained models.
  public let constraints: [ConstraintResult]
  /// The exact quadratic model of the objective at the optimum, for the Newton-fitted LR family:
  /// a fit that starts here (Fair LR from LR, the next point of a sweep path, a shadow-price
  /// re-solve) takes its first steps on this Hessian.
  public internal(set) var curvature: QuadraticModel? = nil

  public init(
    kind: ModelKind, coefficients: [Coefficient], randomIntercepts: RandomIntercepts?, logLikelihood: Double,
    parameterCount: Int, observationCount: Int, objectiveValue: Double, summary: FitSummary,
    settings: ModelSettings = ModelSettings(), constraints: [ConstraintResult] = []
  ) {
    self.kind = kind
    self.coefficients = coefficients
    self.randomIntercepts = randomIntercepts
    self.logLikelihood = logLikelihood
    self.parameterCount = parameterCount
    self.observationCount = observationCount
    self.objectiveValue = objectiveValue
    self.summary = summary
    self.settings = settings
    self.constraints = constraints
  }

  /// The KKT residuals of the constrained fits among `models`, by kind.
  public static func kktResiduals(_ models: [FittedModel]) -> [ModelKind: KKTResiduals] {
    var out: [ModelKind: KKTResiduals] = [:]
    for m in models { if let r = m.summary.kktResiduals { out[m.kind] = r } }
    return out
  }

  public var aic: Double { -2 * logLikelihood + 2 * Double(parameterCount) }
  public var bic: Double { -2 * logLikelihood + Double(parameterCount) * log(Double(observationCount)) }
  public var deviance: Double { -2 * logLikelihood }
  public var beta: [Double] { coefficients.map(\.estimate) }
  /// theta = (beta, b): the fixed effects followed by the cluster intercepts, if any.
  public var parameters: [Double] { beta + (randomIntercepts?.modes ?? []) }

  /// eta = x'beta + b_cluster for every row of `x` (e.g. the design matrix itself, not a copy); a
  /// cluster unseen in training contributes 0.
  public func linearPredictor(_ x: MatrixRows, clusters: [Int]) -> [Double] {
    var eta = x.multiply(beta)
    if let r = randomIntercepts, !clusters.isEmpty {
      for i in eta.indices { eta[i] += r.modes[clusters[i]] }
    }
    return eta
  }

  /// Standard errors sqrt(v) of the variances read off an inverted Hessian. A variance that is
  /// not positive and finite (the Hessian is numerically singular in that direction) gives NaN,
  /// shown as such and as null in JSON, and a note naming the parameters: never a silent NaN.
  static func standardErrors(_ variances: [Double], names: [String]) -> (se: [Double], note: String?) {
    let se = variances.map { $0 > 0 && $0.isFinite ? $0.squareRoot() : Double.nan }
    let missing = se.indices.filter { se[$0].isNaN }
    guard !missing.isEmpty else { return (se, nil) }
    let listed = missing.prefix(6).map { "\"\(names[$0])\"" }.joined(separator: ", ") + (missing.count > 6 ? ", ..." : "")
    return (se, "Standard errors of \(listed) are not available: the Hessian is numerically singular in their direction.")
  }

  public func linearPredictor(_ x: Matrix, clusters: [Int]) -> [Double] {
    linearPredictor(MatrixRows(x), clusters: clusters)
  }

  public func probabilities(_ x: MatrixRows, clusters: [Int]) -> [Double] {
    StableMath.logistic(linearPredictor(x, clusters: clusters))
  }
}

/// The constraint -c <= g_k <= c of one sensitive feature at the optimum.
public struct ConstraintResult: Equatable, Sendable, Codable {
  public let feature: String
  /// g_k = (1/N) sum (z - zbar) eta at the optimum.
  public let covariance: Double
  public let bound: Double
  /// Multipliers of g <= c and -g <= c (summed-loss convention).
  public let multiplierUpper: Double
  public let multiplierLower: Double

  /// Shadow price lambda_k = mu+ + mu- = -d f* / d c_k.
  public var shadowPrice: Double { multiplierUpper + multiplierLower }
  public var isActive: Bool { shadowPrice > 0 }
}
