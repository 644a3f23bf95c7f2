import Foundation

/// Fits LR, CRLR and their rho-penalised variants by damped Newton on
/// `PenalizedLogisticObjective`, and turns the optimum into a `FittedModel`.
public enum PenalizedLogisticFit {
  /// - Throws: `.singularDesign` when the Hessian is not positive definite at the start,
  ///   `.didNotConverge` when Newton stops without converging.
  public static func fit(
    _ problem: ModelProblem, kind: ModelKind, lambda: Double = 1, rho: [Double] = [], start: [Double]? = nil,
    maxIterations: Int = 100
  ) throws(FairAuditError) -> FittedModel {
    let objective = PenalizedLogisticObjective(
      problem: problem, randomIntercepts: kind.usesClusters, lambda: lambda, rho: rho)
    let result: NewtonRaphson.Result
    do {
      var options = NewtonRaphson.Options()
      options.maxIterations = maxIterations
      result = try NewtonRaphson(options: options).minimize(objective, from: start ?? [Double](repeating: 0, count: objective.dimension))
    } catch let error as HessianNotPositiveDefinite {
      throw .singularDesign(model: kind.label, detail: error.detail)
    } catch {
      throw .singularDesign(model: kind.label, detail: "\(error)")
    }
    var summary = result.summary
    let eta = objective.linearPredictor(result.theta)
    summary.notes += separationNotes(problem, eta: eta, beta: Array(result.theta[0..<problem.p]))
    let separated = summary.notes.contains { $0.hasPrefix(separationPrefix) }
    if summary.termination == .singular && !separated {
      throw .singularDesign(model: kind.label, detail: "the Hessian became singular after \(summary.iterations) iterations")
    }
    guard summary.didConverge || separated else {
      throw .didNotConverge(model: kind.label, iterations: summary.iterations, gradientNorm: summary.gradientNorm)
    }
    var settings: [String: Double] = kind.usesClusters ? ["lambda": lambda] : [:]
    for (k, r) in rho.enumerated() { settings["rho[\(problem.sensitiveNames[k])]"] = r }
    return makeModel(problem, kind: kind, objective: objective, result: result, summary: summary, settings: settings)
  }

  static func makeModel(
    _ problem: ModelProblem, kind: ModelKind, objective: PenalizedLogisticObjective, result: NewtonRaphson.Result,
    summary: FitSummary, settings: [String: Double], constraints: [ConstraintResult] = []
  ) -> FittedModel {
    let variances = result.model.inverseDiagonal()
    let coefficients = (0..<problem.p).map { j in
      Coefficient(name: problem.names[j], estimate: result.theta[j], standardError: variances[j].squareRoot(),
                  unitScale: problem.columns[j].unitScale)
    }
    var intercepts: RandomIntercepts? = nil
    if kind.usesClusters {
      intercepts = RandomIntercepts(
        grouping: problem.clusterName ?? "", levels: problem.clusterLevels, modes: Array(result.theta[problem.p...]),
        conditionalSD: variances[problem.p...].map { $0.squareRoot() }, variance: nil, sizes: problem.clusterSizes)
    }
    let eta = objective.linearPredictor(result.theta)
    return FittedModel(
      kind: kind, coefficients: coefficients, randomIntercepts: intercepts, logLikelihood: -objective.loss(eta),
      parameterCount: objective.dimension, observationCount: problem.n, objectiveValue: result.model.value,
      summary: summary, settings: settings, constraints: constraints)
  }

  static let separationPrefix = "Possible (quasi-)separation"

  /// Fitted probabilities numerically 0 or 1 signal (quasi-)complete separation: the MLE does not
  /// exist and the reported coefficients are driven to the iteration limit, not estimated.
  static func separationNotes(_ problem: ModelProblem, eta: [Double], beta: [Double]) -> [String] {
    let extreme = eta.filter { abs($0) > 25 }.count
    guard extreme > 0 else { return [] }
    let large = zip(problem.names, beta).filter { abs($0.1) > 10 && $0.0 != "(Intercept)" }.map { "\"\($0.0)\"" }
    let culprits = large.isEmpty ? "" : "; implicated: " + large.joined(separator: ", ")
    return ["\(separationPrefix): \(extreme) training rows have fitted probability within 1e-11 of 0 or 1\(culprits). Coefficients and standard errors of the implicated columns are not reliable."]
  }
}
