import Foundation

extension BoostingState {
  /// Gradient of the penalised objective l_p - sum (rho/2)(a'delta)^2 in (beta, b); boosting stops
  /// early on purpose, so this measures how far the returned iterate is from its stationary point.
  func penalisedScore() -> [Double] {
    var score = problem.x.transposeMultiply(residual) + [Double](repeating: 0, count: clusters)
    for (i, c) in problem.clusters.enumerated() { score[p + c] += residual[i] }
    for c in 0..<clusters { score[p + c] -= delta[p + c] / q }
    for (k, a) in directions.enumerated() { score = Vector.axpy(score, -rho[k] * Vector.dot(a, delta), a) }
    return score
  }

  /// The minimal-BIC iterate as a `FittedModel`: SEs from the penalised Fisher matrix, the Laplace
  /// marginal log-likelihood at (beta, sigma^2 = Q) so it compares with the GLMM's.
  mutating func model(_ best: Snapshot, stopReason: String, converged: Bool) throws -> FittedModel {
    let stepsRun = steps
    delta = best.delta
    q = best.q
    refresh()
    let variances = try penalisedFisher().inverseDiagonal()
    let coefficients = (0..<p).map { j in
      Coefficient(name: problem.names[j], estimate: delta[j], standardError: variances[j].squareRoot(), unitScale: problem.columns[j].unitScale)
    }
    let intercepts = RandomIntercepts(
      grouping: problem.clusterName ?? "", levels: problem.clusterLevels, modes: Array(delta[p...]),
      conditionalSD: variances[p...].map { $0.squareRoot() }, variance: q, sizes: problem.clusterSizes)
    let laplace = RandomInterceptLikelihood(problem: problem, nAGQ: 1)
      .evaluate(beta: Array(delta[0..<p]), tau: 0.5 * Foundation.log(q), modes: Array(delta[p...]), information: false)
    let n = Double(problem.n)
    let constraints = directions.enumerated().map { k, a -> ConstraintResult in
      let g = Vector.dot(a, delta) / n
      let implied = rho[k] * n * n * abs(g)
      return ConstraintResult(feature: problem.sensitiveNames[k], covariance: g, bound: 0,
                              multiplierUpper: g > 0 ? implied : 0, multiplierLower: g < 0 ? implied : 0)
    }
    let probes = options.traceProbes
    let notes = [
      "Boosting ran \(stepsRun) steps and stopped at \(stopReason); the minimal-BIC iterate (step \(best.steps), BIC \(NumberFormat.fixed(best.bic, 1)), df \(NumberFormat.fixed(best.df, 2))) is reported.",
      "Hat-matrix trace: exact tr(M_r) per candidate plus a Hutchinson estimate of tr(M_r H) with \(probes) seeded Rademacher probes (increments clamped to [0, tr(M_r)]); no N x N matrix is formed.",
      "Iteration count and gradient refer to the boosting path: the gradient is that of the penalised objective at the reported iterate, which boosting does not drive to 0.",
      "Multipliers shown for the Fair GLMM are those implied by the penalty, rho N^2 |g_k| (the multiplier of the equality g_k = 0).",
    ]
    var settings: [String: Double] = ["nu": options.nu, "steps": Double(stepsRun)]
    for (k, r) in rho.enumerated() { settings["rho[\(problem.sensitiveNames[k])]"] = r }
    return FittedModel(
      kind: .fairGLMM, coefficients: coefficients, randomIntercepts: intercepts, logLikelihood: laplace.logLikelihood,
      parameterCount: p + 1, observationCount: problem.n, objectiveValue: best.bic,
      summary: FitSummary(iterations: best.steps, gradientNorm: Vector.maxAbs(penalisedScore()), termination: converged ? .converged : .maxIterations, notes: notes),
      settings: settings, constraints: constraints)
  }
}
