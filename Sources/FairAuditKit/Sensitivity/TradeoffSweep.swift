import Foundation

/// Accuracy vs disparate-impact trade-off paths: the three fair models over a grid of penalties
/// rho (penalised Fair LR, penalised Fair CRLR, Fair GLMM), and Fair LR / Fair CRLR over a grid of
/// covariance bounds c with their shadow prices. Fits along a rho path are warm-started.
public struct TradeoffSweep: Sendable {
  public let rhoPath: [TradeoffPoint]
  public let boundPath: [TradeoffPoint]
  public let rhoGrid: [Double]
  public let boundGrid: [Double]

  /// Default rho grid: 0 and 10^k / N for k = -1..2 (the penalty is on (N g)^2, so rho scales as
  /// 1/N, like the default rule 10/N), plus the configured rho. The top, 100/N, puts a curvature
  /// of order 100 N cov(z, x)^2 on a_k, far above the log-likelihood's (order N/4): the
  /// covariance is then nearly 0, and the safeguarded boosting steps keep that fit stable.
  public static func defaultRhoGrid(n: Int, configured: Double) -> [Double] {
    Array(Set([0, configured] + (-1...2).map { pow(10, Double($0)) / Double(n) })).sorted()
  }

  /// Default c grid: fractions 1, 0.75, 0.5, 0.25, 0.1, 0.05 of the largest unconstrained |g_k|.
  public static func defaultBoundGrid(largestCovariance: Double) -> [Double] {
    [1, 0.75, 0.5, 0.25, 0.1, 0.05].map { $0 * largestCovariance }
  }

  /// - Parameters: `evaluate` returns accuracy and per-feature DI of a model on the evaluation rows.
  /// - Throws: `FairAuditError` from a fit.
  public init(
    problem: ModelProblem, configuration: AuditConfiguration, unconstrained: FittedModel,
    evaluate: (FittedModel) -> (Double, [Double])
  ) throws(FairAuditError) {
    // a_k once per sweep (O(Np) each); models without intercepts use its first p entries.
    let directions = problem.sensitiveNames.indices.map { problem.covarianceDirection($0, includeClusters: problem.clusterName != nil) }
    let n = Double(problem.n)
    let point = { (model: FittedModel, kind: ModelKind, parameter: Double) -> TradeoffPoint in
      Self.point(model, as: kind, parameter: parameter, directions: directions, n: n, evaluate: evaluate)
    }
    let unconstrainedG = directions.map { abs(Vector.dot(Array($0.prefix(problem.p)), unconstrained.beta)) / n }
    rhoGrid =
      configuration.rhoGrid.isEmpty
      ? Self.defaultRhoGrid(n: problem.n, configured: configuration.penalty(rows: problem.n)) : configuration.rhoGrid
    boundGrid =
      configuration.boundGrid.isEmpty
      ? Self.defaultBoundGrid(largestCovariance: unconstrainedG.max() ?? 0.1) : configuration.boundGrid
    let crlr =
      problem.clusterName == nil
      ? nil : try PenalizedLogisticFit.fit(problem, kind: .clusterRegularizedLR, lambda: configuration.crlrLambda)
    rhoPath = try Self.rhoPath(rhoGrid, problem: problem, configuration: configuration, crlr: crlr, point: point)
    boundPath = try Self.boundPath(
      boundGrid, problem: problem, configuration: configuration, unconstrained: unconstrained, crlr: crlr, point: point)
  }

  /// Penalised Fair LR and Fair CRLR, warm-started along the grid, and the Fair GLMM, always
  /// started from Fair CRLR at the configured bound (as in the authors' code) so the path shows
  /// what the penalty does from the same start.
  static func rhoPath(
    _ grid: [Double], problem: ModelProblem, configuration: AuditConfiguration, crlr: FittedModel?,
    point: (FittedModel, ModelKind, Double) -> TradeoffPoint
  ) throws(FairAuditError) -> [TradeoffPoint] {
    let glmmStart = try crlr.map { crlr throws(FairAuditError) -> [Double] in
      let bounds = problem.sensitiveNames.indices.map { configuration.bound(for: $0) }
      let (fair, _) = try ConstrainedLogisticFit.fit(
        problem, kind: .fairClusterRegularizedLR, bounds: bounds, lambda: configuration.crlrLambda, unconstrained: crlr)
      return fair.parameters
    }
    var points: [TradeoffPoint] = []
    var lrStart: [Double]? = nil, crlrStart: [Double]? = nil
    for rho in grid {
      let weights = [Double](repeating: rho, count: problem.sensitiveNames.count)
      let lr = try PenalizedLogisticFit.fit(problem, kind: .logisticRegression, rho: weights, start: lrStart)
      lrStart = lr.beta
      points.append(point(lr, .fairLogisticRegression, rho))
      guard let glmmStart else { continue }
      let penalised = try PenalizedLogisticFit.fit(
        problem, kind: .clusterRegularizedLR, lambda: configuration.crlrLambda, rho: weights, start: crlrStart)
      crlrStart = penalised.parameters
      points.append(point(penalised, .fairClusterRegularizedLR, rho))
      let glmm = try FairGLMMBoosting.fit(problem, rho: weights, start: glmmStart, options: configuration.boosting)
      points.append(point(glmm, .fairGLMM, rho))
    }
    return points
  }

  /// Fair LR and Fair CRLR at each bound c, with their shadow prices.
  static func boundPath(
    _ grid: [Double], problem: ModelProblem, configuration: AuditConfiguration, unconstrained: FittedModel, crlr: FittedModel?,
    point: (FittedModel, ModelKind, Double) -> TradeoffPoint
  ) throws(FairAuditError) -> [TradeoffPoint] {
    var points: [TradeoffPoint] = []
    for c in grid {
      let bounds = [Double](repeating: c, count: problem.sensitiveNames.count)
      let (fair, _) = try ConstrainedLogisticFit.fit(problem, kind: .fairLogisticRegression, bounds: bounds, unconstrained: unconstrained)
      points.append(point(fair, .fairLogisticRegression, c))
      guard let crlr else { continue }
      let (fairC, _) = try ConstrainedLogisticFit.fit(
        problem, kind: .fairClusterRegularizedLR, bounds: bounds, lambda: configuration.crlrLambda, unconstrained: crlr)
      points.append(point(fairC, .fairClusterRegularizedLR, c))
    }
    return points
  }

  static func point(
    _ model: FittedModel, as kind: ModelKind, parameter: Double, directions: [[Double]], n: Double,
    evaluate: (FittedModel) -> (Double, [Double])
  ) -> TradeoffPoint {
    let (accuracy, di) = evaluate(model)
    let theta = model.parameters
    let g = directions.map { Vector.dot(Array($0.prefix(theta.count)), theta) / n }
    let multipliers = model.constraints.isEmpty ? g.map { parameter * n * n * abs($0) } : model.constraints.map(\.shadowPrice)
    return TradeoffPoint(kind: kind, parameter: parameter, accuracy: accuracy, disparateImpact: di, covariance: g, multipliers: multipliers)
  }
}
