/// Fair LR (paper P2) and Fair CRLR (P4): the LR / CRLR objective subject to
/// -c_k <= g_k(theta) <= c_k, g_k = a_k'theta / N, for every sensitive feature k, solved by
/// `ConstrainedNewton`, which returns the Lagrange multiplier of each bound.
public enum ConstrainedLogisticFit {
  /// - Parameters: `bounds` c_k per sensitive feature; `unconstrained` the LR/CRLR fit (warm start).
  /// - Throws: `.singularDesign`, `.didNotConverge`.
  public static func fit(
    _ problem: ModelProblem, kind: ModelKind, bounds: [Double], lambda: Double = 1, unconstrained: FittedModel,
    maxIterations: Int = 200
  ) throws(FairAuditError) -> (FittedModel, KKTResiduals) {
    let clusters = kind.usesClusters
    let objective = PenalizedLogisticObjective(problem: problem, randomIntercepts: clusters, lambda: lambda)
    let n = Double(problem.n)
    let directions = problem.sensitiveNames.indices.map { problem.covarianceDirection($0, includeClusters: clusters).map { $0 / n } }
    var constraints: [LinearConstraint] = []
    for (k, a) in directions.enumerated() {
      constraints.append(LinearConstraint(a: a, b: bounds[k]))
      constraints.append(LinearConstraint(a: a.map { -$0 }, b: bounds[k]))
    }
    let result: ConstrainedNewton.Result
    do {
      var options = ConstrainedNewton.Options()
      options.maxIterations = maxIterations
      result = try ConstrainedNewton(options: options).minimize(objective, constraints: constraints, from: feasibleStart(unconstrained, directions, bounds))
    } catch {
      throw .singularDesign(model: kind.label, detail: "\(error)")
    }
    guard result.summary.didConverge else {
      throw .didNotConverge(model: kind.label, iterations: result.summary.iterations, gradientNorm: result.summary.gradientNorm)
    }
    let constraintResults = directions.indices.map { k in
      ConstraintResult(feature: problem.sensitiveNames[k], covariance: Vector.dot(directions[k], result.theta), bound: bounds[k],
                       multiplierUpper: result.multipliers[2 * k], multiplierLower: result.multipliers[2 * k + 1])
    }
    let newton = NewtonRaphson.Result(theta: result.theta, model: result.model, summary: result.summary)
    var settings: [String: Double] = clusters ? ["lambda": lambda] : [:]
    for (k, c) in bounds.enumerated() { settings["c[\(problem.sensitiveNames[k])]"] = c }
    var summary = result.summary
    summary.notes += slackNotes(constraintResults)
    let model = PenalizedLogisticFit.makeModel(
      problem, kind: kind, objective: objective, result: newton, summary: summary, settings: settings, constraints: constraintResults)
    return (model, result.residuals)
  }

  /// The unconstrained optimum shrunk towards 0 until every |g_k| <= c_k: g is linear in theta,
  /// so t * theta* is feasible for t = min_k c_k / |g_k(theta*)|.
  static func feasibleStart(_ unconstrained: FittedModel, _ directions: [[Double]], _ bounds: [Double]) -> [Double] {
    let theta = unconstrained.parameters
    var t = 1.0
    for (k, a) in directions.enumerated() {
      let g = abs(Vector.dot(a, theta))
      if g > bounds[k] { t = min(t, bounds[k] / g) }
    }
    return theta.map { $0 * t }
  }

  static func slackNotes(_ constraints: [ConstraintResult]) -> [String] {
    constraints.filter { !$0.isActive }.map {
      "The fairness constraint of \($0.feature) is slack at the optimum (|g| = \(NumberFormat.scientific(abs($0.covariance))) < c = \(NumberFormat.significant($0.bound))): it does not restrict the fit."
    }
  }
}
