import Foundation

/// Fits LR, CRLR and their rho-penalised variants by damped Newton on
/// `PenalizedLogisticObjective`, and turns the optimum into a `FittedModel`.
public enum PenalizedLogisticFit {
  /// Without the separation fallback (`problem.fixedEffectRidge == 0`), a fit that diverges along
  /// some columns ((quasi-)separation) is returned, not thrown, with those columns in
  /// `summary.separation`, a note, and the termination it reached; the caller refits with the
  /// ridge (`ModelSuite`). Otherwise every non-converged fit is an error.
  /// - Throws: `.singularDesign` when the Hessian is not positive definite at the start or becomes
  ///   singular without separation, `.didNotConverge` when Newton stops without converging.
  public static func fit(
    _ problem: ModelProblem, kind: ModelKind, lambda: Double = 1, rho: [Double] = [], start: [Double]? = nil,
    maxIterations: Int = 100
  ) throws(FairAuditError) -> FittedModel {
    try fitOnPath(problem, kind: kind, lambda: lambda, rho: rho, start: start, maxIterations: maxIterations).model
  }

  /// `fit` for a point of a rho path: the first Newton steps use the Hessian of the previous
  /// point (`curvature`, given this point's rho); unless `toRounding`, chord steps stop at the
  /// tolerance and may end the run (`ChordSettings.sweepPoint`). The model at the optimum is returned
  /// for the next point.
  static func fitOnPath(
    _ problem: ModelProblem, kind: ModelKind, lambda: Double = 1, rho: [Double] = [], start: [Double]? = nil,
    curvature: QuadraticModel? = nil, toRounding: Bool = true, maxIterations: Int = 100
  ) throws(FairAuditError) -> (model: FittedModel, curvature: QuadraticModel) {
    let objective = PenalizedLogisticObjective(
      problem: problem, randomIntercepts: kind.usesClusters, lambda: lambda, rho: rho)
    let result: NewtonRaphson.Result
    do {
      var options = NewtonRaphson.Options()
      options.maxIterations = maxIterations
      if !toRounding { options.chord = .sweepPoint }
      // Cold starts on many rows begin at the subsample optimum (`SubsampleStart`).
      let from = start ?? SubsampleStart.penalized(objective) ?? [Double](repeating: 0, count: objective.dimension)
      result = try NewtonRaphson(options: options).minimize(objective, from: from, curvature: curvature)
    } catch let error as HessianNotPositiveDefinite {
      throw .singularDesign(model: kind.label, detail: error.detail)
    } catch {
      throw .singularDesign(model: kind.label, detail: "the Newton iteration failed")
    }
    var summary = result.summary
    let variances = result.model.inverseDiagonal()
    // A sweep point that converged skips the pass over the rows for eta: the separation check only
    // adds a note there (which a sweep point does not carry), and the loss comes from the optimum's value.
    let rowPass = toRounding || summary.termination != .converged
    let eta = rowPass ? objective.linearPredictor(result.theta) : nil
    let separated =
      problem.fixedEffectRidge == 0 && rowPass
      ? separatedColumns(problem, eta: eta!, theta: result.theta, variances: variances, termination: summary.termination)
      : []
    if separated.isEmpty {
      if summary.termination == .singular {
        throw .singularDesign(
          model: kind.label,
          detail: "the Hessian became singular after \(summary.iterations) iterations"
            + (result.singularity.map { " (\($0.detail))" } ?? ""))
      }
      guard summary.didConverge else {
        throw .didNotConverge(model: kind.label, iterations: summary.iterations, gradientNorm: summary.gradientNorm)
      }
    } else {
      summary.separation = separated
      summary.notes.append(separationNote(separated))
    }
    let settings = ModelSettings(lambda: kind.usesClusters ? lambda : nil, rho: ModelSettings.perFeature(problem.sensitiveNames, rho))
    let model = makeModel(
      problem, kind: kind, objective: objective, result: result, summary: summary, settings: settings,
      variances: variances, eta: eta, lossFromValue: !rowPass)
    return (model, result.model)
  }

  static func makeModel(
    _ problem: ModelProblem, kind: ModelKind, objective: PenalizedLogisticObjective, result: NewtonRaphson.Result,
    summary: FitSummary, settings: ModelSettings, constraints: [ConstraintResult] = [], variances: [Double]? = nil,
    eta: [Double]? = nil, lossFromValue: Bool = false
  ) -> FittedModel {
    var summary = summary
    summary.fixedEffectRidge = problem.fixedEffectRidge
    let variances = variances ?? result.model.inverseDiagonal()
    let names = problem.names + problem.clusterLevels.map { "b[\($0)]" }
    let (se, note) = FittedModel.standardErrors(variances, names: names)
    if let note { summary.notes.append(note) }
    let coefficients = (0..<problem.p).map { j in
      Coefficient(name: problem.names[j], estimate: result.theta[j], standardError: se[j], unitScale: problem.columns[j].unitScale)
    }
    var intercepts: RandomIntercepts? = nil
    if kind.usesClusters {
      intercepts = RandomIntercepts(
        grouping: problem.clusterName ?? "", levels: problem.clusterLevels, modes: Array(result.theta[problem.p...]),
        conditionalSD: Array(se[problem.p...]), variance: nil, sizes: problem.clusterSizes)
    }
    // The loss at the optimum: summed over eta (the headline fits), or, for a sweep point, its
    // objective value less the penalties (the same number to rounding, without a pass over the rows).
    let loss =
      lossFromValue
      ? (result.model.value - objective.penalty(result.theta)) / objective.lossWeight
      : objective.loss(eta ?? objective.linearPredictor(result.theta))
    var model = FittedModel(
      kind: kind, coefficients: coefficients, randomIntercepts: intercepts, logLikelihood: -loss,
      parameterCount: objective.dimension, observationCount: problem.n, objectiveValue: result.model.value,
      summary: summary, settings: settings, constraints: constraints)
    model.curvature = result.model
    return model
  }

  /// |beta_j| above this on the design scale (odds ratio e^10 per SD or per level) marks a
  /// diverging coefficient.
  static let divergentEstimate = 10.0
  /// A standard error above this means the data carry (almost) no information on the column
  /// (Fisher information below 1e-4, well under one observation's 0.25).
  static let divergentStandardError = 100.0

  /// Design columns along which an unpenalised fit diverges ((quasi-)complete separation: the MLE
  /// does not exist). Evidence that the iteration went off to infinity, i.e. a fitted probability
  /// within 3e-7 of 0 or 1 (|eta| > 15) or a Hessian that became singular, together with
  /// non-intercept coefficients that are huge, or, when none is, that carry no information (under
  /// complete separation every weight vanishes, so only the huge coefficients are named then).
  static func separatedColumns(
    _ problem: ModelProblem, eta: [Double], theta: [Double], variances: [Double], termination: FitSummary.Termination
  ) -> [String] {
    guard termination == .singular || eta.contains(where: { !(abs($0) <= 15) }) else { return [] }
    let candidates = (0..<problem.p).filter { problem.columns[$0] != .intercept }
    // Most divergent first, so the cause leads the (possibly long) list.
    let huge = candidates.filter { !(abs(theta[$0]) <= divergentEstimate) }.sorted { abs(theta[$0]) > abs(theta[$1]) }
    let uninformative = candidates.filter { !(variances[$0] <= divergentStandardError * divergentStandardError) }
      .sorted { variances[$0] > variances[$1] }
    return (huge.isEmpty ? uninformative : huge).map { problem.names[$0] }
  }

  static func separationNote(_ columns: [String]) -> String {
    "Possible (quasi-)separation: the likelihood keeps increasing as the coefficients of "
      + columns.map { "\"\($0)\"" }.joined(separator: ", ")
      + " grow without bound, so their maximum-likelihood estimates do not exist; these estimates and standard errors are not reliable."
  }
}
