import Foundation

extension BoostingState {
  /// Minus the gradient of f(delta; Q) in (beta, b) at the current iterate; boosting stops early on
  /// purpose, so this measures how far the returned iterate is from its stationary point.
  func penalisedScore() -> [Double] {
    var score = problem.x.transposeMultiply(residual) + [Double](repeating: 0, count: clusters)
    for j in 1..<p { score[j] -= ridge * delta[j] }
    for (i, c) in problem.clusters.enumerated() { score[p + c] += residual[i] }
    for c in 0..<clusters { score[p + c] -= delta[p + c] / q }
    for (k, a) in directions.enumerated() where rho[k] > 0 { score = Vector.axpy(score, -rho[k] * Vector.dot(a, delta), a) }
    return score
  }

  /// The minimal-BIC iterate as a `FittedModel`: SEs from the penalised Fisher matrix, the Laplace
  /// marginal log-likelihood at (beta, sigma^2 = Q) so it compares with the GLMM's.
  mutating func model(_ best: Snapshot, stopReason: FitSummary.StopReason) throws(FairAuditError) -> FittedModel {
    let stepsRun = steps
    delta = best.delta
    q = best.q
    refresh()
    let boostedScore = penalisedScore()
    let boostedGradient = Vector.maxAbs(boostedScore)
    let polishSteps = options.polish ? try polishToStationarity() : 0
    let score = polishSteps > 0 ? penalisedScore() : boostedScore
    // A sweep point reports no standard errors, so it needs no Fisher matrix (NaN below).
    let fisher = options.sweepPoint ? nil : try penalisedFisher()
    let variances = fisher?.inverseDiagonal() ?? [Double](repeating: .nan, count: p + clusters)
    let decrement = fisher.map { Vector.dot(score, $0.solve(score)) / 2 }
    if fisher != nil {
      guard let decrement, decrement.isFinite, variances.allSatisfy(\.isFinite) else {
        throw numerical("the penalised Fisher matrix at the returned iterate is numerically singular")
      }
    }
    let tolerance = options.gradientTolerance
    let stationary = Vector.maxAbs(score) <= tolerance
    let termination: FitSummary.Termination =
      stationary ? .converged : stopReason == .stepLimit ? .maxIterations : .earlyStopped
    let coefficients = (0..<p).map { j in
      Coefficient(
        name: problem.names[j], estimate: delta[j], standardError: variances[j].squareRoot(), unitScale: problem.columns[j].unitScale)
    }
    let intercepts = RandomIntercepts(
      grouping: problem.clusterName ?? "", levels: problem.clusterLevels, modes: Array(delta[p...]),
      conditionalSD: variances[p...].map { $0.squareRoot() }, variance: q, sizes: problem.clusterSizes)
    let logLikelihood =
      options.sweepPoint
      ? Double.nan
      : RandomInterceptLikelihood(problem: problem, nAGQ: 1)
        .evaluate(beta: Array(delta[0..<p]), tau: 0.5 * Foundation.log(q), modes: Array(delta[p...]), information: false).logLikelihood
    let n = Double(problem.n)
    let constraints = directions.enumerated().map { k, a -> ConstraintResult in
      let g = Vector.dot(a, delta) / n
      let implied = rho[k] * n * n * abs(g)
      return ConstraintResult(
        feature: problem.sensitiveNames[k], covariance: g, bound: 0,
        multiplierUpper: g > 0 ? implied : 0, multiplierLower: g < 0 ? implied : 0)
    }
    let probes = options.traceProbes
    let why: String
    switch stopReason {
    case .varianceTolerance: why = "the relative change of Q fell below \(options.tolerance)"
    case .coefficientTolerance: why = "the relative change of the coefficients fell below \(options.tolerance)"
    case .bicMinimum: why = "the BIC had not reached a new minimum for \(options.bicPatience) steps"
    case .stepLimit: why = "the step limit (\(options.maxSteps)) was reached"
    case .noDescent: why = "no candidate step, however short, decreased the penalised objective"
    }
    let selected = best.steps == stepsRun ? "the last iterate is also the BIC minimum" : "the BIC minimum at step \(best.steps) is reported"
    let status =
      stationary
      ? "it is stationary: max |gradient| of the penalised objective \(NumberFormat.scientific(Vector.maxAbs(score))) <= tolerance \(NumberFormat.scientific(tolerance))"
      : "it is not a stationary point of the penalised objective: max |gradient| \(NumberFormat.scientific(Vector.maxAbs(score))) > tolerance \(NumberFormat.scientific(tolerance))\(decrement.map { " (Newton decrement \(NumberFormat.scientific($0)))" } ?? ""), so it is reported as stopped early, not converged"
    var notes = [
      "Boosting ran \(stepsRun) steps and stopped because \(why); \(selected) (BIC \(NumberFormat.fixed(best.bic, 1)), df \(NumberFormat.fixed(best.df, 2))), and \(status).",
      "Hat-matrix trace: exact tr(M_r) per candidate plus a Hutchinson estimate of tr(M_r H) with \(probes) seeded Rademacher probes (increments clamped to [0, tr(M_r)]); no N x N matrix is formed.",
      "Iteration count and gradient refer to the boosting path: the gradient is that of the penalised objective (log-likelihood, b'b/(2Q), fairness penalty\(ridge > 0 ? ", fixed-effect ridge \(NumberFormat.significant(ridge))" : "")) at the reported iterate. Steps were halved until that objective did not increase; the EM update of Q was accepted only when it did not worsen the variance objective.",
      stationary
        ? "The values rho N^2 |g_k| shown for the Fair GLMM are implied penalty weights: at this stationary point they are the multipliers of the equality g_k = 0 in the penalised problem."
        : "The values rho N^2 |g_k| shown for the Fair GLMM are implied penalty weights, not shadow prices: the iterate is not stationary, so they are not derivatives of an optimal objective. The Fair GLMM (constrained) gives exact shadow prices.",
    ]
    if polishSteps > 0 {
      notes.append(
        "Polished: \(polishSteps) Newton steps on the penalised objective at the returned Q took max |gradient| from \(NumberFormat.scientific(boostedGradient)) at the boosting iterate to \(NumberFormat.scientific(Vector.maxAbs(score))); the estimates are those of the polished point."
      )
    }
    let settings = ModelSettings(
      nu: options.nu, steps: stepsRun, kappa: ridge > 0 ? ridge : nil, rho: ModelSettings.perFeature(problem.sensitiveNames, rho))
    return FittedModel(
      kind: .fairGLMM, coefficients: coefficients, randomIntercepts: intercepts, logLikelihood: logLikelihood,
      parameterCount: p + 1, observationCount: problem.n, objectiveValue: best.bic,
      summary: FitSummary(
        iterations: best.steps, gradientNorm: Vector.maxAbs(score), termination: termination, notes: notes, stopReason: stopReason,
        log: log, gradientTolerance: tolerance),
      settings: settings, constraints: constraints)
  }

  /// Newton steps on f(delta; Q) at fixed Q (F, the penalised Fisher matrix, is its exact Hessian for
  /// the logit link), halved until f decreases, until max |gradient| <= the tolerance; returns the
  /// number of steps taken.
  mutating func polishToStationarity() throws(FairAuditError) -> Int {
    var taken = 0
    var current = penalisedObjective(loss: currentLoss, delta: delta)
    for _ in 0..<50 {
      let score = penalisedScore()
      guard Vector.maxAbs(score) > options.gradientTolerance else { break }
      let step = try penalisedFisher().solve(score)
      let start = delta
      var accepted = false
      for halving in 0..<40 {
        delta = Vector.axpy(start, Foundation.pow(0.5, Double(halving)), step)
        refresh()
        let value = penalisedObjective(loss: currentLoss, delta: delta)
        if value.isFinite && value <= current {
          current = value
          accepted = true
          break
        }
      }
      guard accepted else {
        delta = start
        refresh()
        break
      }
      taken += 1
    }
    objective = current
    return taken
  }
}
