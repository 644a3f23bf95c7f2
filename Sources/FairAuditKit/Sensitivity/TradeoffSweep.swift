import Foundation

/// Fairness-accuracy trade-off paths and checked shadow prices.
///
/// - Penalty paths over the rho grid: penalised Fair LR and Fair CRLR (loss + (rho/2) sum_k
///   (N g_k)^2) and the boosting Fair GLMM with the same penalty.
/// - Bound paths over the c grid, for each bounded model (Fair LR, Fair CRLR, the constrained
///   GLMM): every feature bounded by the same c, and, for Fair LR and Fair CRLR with several
///   features, each feature bounded alone, which prices that feature's constraint by itself.
/// - The shadow price of every fitted bounded model checked by re-solving at c_k +/- h.
///
/// Every point is warm-started from its neighbour on its path: its start extrapolated from the
/// last two solutions, and, for the LR family, its first Newton steps on the neighbour's Hessian. The paths and checks are the
/// pieces of work run in parallel (`ParallelWork`): a piece never depends on the thread count,
/// so the points are the same bytes for any `--threads`.
public struct TradeoffSweep: Sendable {
  public let grid: SweepGrid
  /// All points, path by path, in piece order (see `pieces`), each path in grid order.
  public let points: [TradeoffPoint]
  public let checks: [ShadowPriceCheck]
  /// |g_k| of the unconstrained LR, the reference of the bound fractions.
  public let unconstrainedCovariance: [Double]

  /// Points of one model on one path, in grid order.
  public func path(_ kind: ModelKind, _ path: SweepPath) -> [TradeoffPoint] {
    points.filter { $0.kind == kind && $0.path == path }
  }

  public var penaltyPoints: [TradeoffPoint] { points.filter { $0.path == .penalty } }
  public var boundPoints: [TradeoffPoint] { points.filter { $0.path != .penalty } }

  /// A piece of work: one warm-started path, or one checked shadow price.
  enum Piece {
    case penalty(ModelKind)
    case bound(BoundedRefit, SweepPath)
    case check(BoundedRefit, FittedModel, feature: Int)
  }

  /// - Parameters: `models` the fitted models of the run (the unconstrained LR first);
  ///   `evaluate` assesses a model on the evaluation rows.
  /// - Throws: `FairAuditError` from a fit.
  public init(
    problem: ModelProblem, configuration: AuditConfiguration, models: [FittedModel],
    evaluate: (FittedModel) -> FairnessAssessment
  ) throws(FairAuditError) {
    let n = Double(problem.n)
    let directions = problem.sensitiveNames.indices.map { problem.covarianceDirection($0, includeClusters: problem.clusterName != nil) }
    guard let lr = models.first(where: { $0.kind == .logisticRegression }) else {
      throw .invalidOption(option: "--no-sweep", reason: "the trade-off sweep needs the LR fit")
    }
    let covariance = { (theta: [Double]) in directions.map { Vector.dot(Array($0.prefix(theta.count)), theta) / n } }
    unconstrainedCovariance = covariance(lr.parameters).map(abs)
    grid = SweepGrid.make(
      rhoGrid: configuration.rhoGrid, boundGrid: configuration.boundGrid, points: configuration.sweepPoints,
      curvature: try Self.curvature(problem, lr: lr, directions: directions),
      configuredRho: configuration.penalty(rows: problem.n))
    let crlr = models.first { $0.kind == .clusterRegularizedLR }
    var refits = [
      BoundedRefit.constrainedLogistic(.fairLogisticRegression, base: lr, problem: problem, lambda: configuration.crlrLambda)
    ]
    if let crlr {
      refits.append(
        BoundedRefit.constrainedLogistic(.fairClusterRegularizedLR, base: crlr, problem: problem, lambda: configuration.crlrLambda))
    }
    if models.contains(where: { $0.kind == .constrainedGLMM }), let glmm = models.first(where: { $0.kind == .logisticGLMM }) {
      var options = ConstrainedGLMMFit.Options()
      options.nAGQ = configuration.nAGQ
      options.maxIterations = 2 * configuration.maxIterations
      options.standardErrors = false
      refits.append(BoundedRefit.constrainedGLMM(base: glmm, problem: problem, options: options))
    }
    let pieces = Self.pieces(refits: refits, models: models, features: problem.sensitiveNames.count, clusters: crlr != nil)
    let grid = grid
    let reference = unconstrainedCovariance
    let results = try configuration.parallel.map(pieces.count) { (i: Int) throws(FairAuditError) -> ([TradeoffPoint], ShadowPriceCheck?) in
      let point = { (model: FittedModel, kind: ModelKind, path: SweepPath, parameter: Double) -> TradeoffPoint in
        let g = covariance(model.parameters)
        let multipliers = path == .penalty ? g.map { parameter * n * n * abs($0) } : model.constraints.map(\.shadowPrice)
        return TradeoffPoint(
          kind: kind, path: path, parameter: parameter, assessment: evaluate(model), covariance: g, multipliers: multipliers,
          converged: model.summary.termination == .converged)
      }
      let names = problem.sensitiveNames
      let out: ([TradeoffPoint], ShadowPriceCheck?)
      let done: String
      switch pieces[i] {
      case .penalty(let kind):
        out = (
          try Self.penaltyPath(kind, grid: grid.rho, problem: problem, configuration: configuration, models: models, point: point), nil
        )
        done = "\(kind.label) over \(grid.rho.count) values of rho"
      case .bound(let refit, let path):
        let base = models.first { $0.kind == refit.base }!
        let baseG = covariance(base.parameters).map(abs)
        out = (try Self.boundPath(refit, path, grid: grid, base: base, reference: baseG, point: point), nil)
        done = "\(refit.kind.label) along c (\(path.name(features: names)))"
      case .check(let refit, let model, let k):
        out = ([], try ShadowPriceCheck.check(refit, model: model, feature: k, loss: refit.loss(model), reference: reference[k]))
        done = "\(refit.kind.label): shadow price of \(names[k]) checked"
      }
      // Pieces finish in any order; the message only tells progress, never affects a result.
      configuration.progress?("sweep: \(done) (\(pieces.count) pieces)")
      return out
    }
    points = results.flatMap(\.0)
    checks = results.compactMap(\.1)
  }

  /// The pieces in a fixed order, the costliest first so the threads finish together: the Fair
  /// GLMM's penalty path, the constrained GLMM's bound paths, the other mixed-model paths, the LR
  /// paths, then the checks.
  static func pieces(refits: [BoundedRefit], models: [FittedModel], features: Int, clusters: Bool) -> [Piece] {
    let paths: [SweepPath] = [.jointBound] + (features > 1 ? (0..<features).map { .featureBound($0) } : [])
    var out: [Piece] = clusters ? [.penalty(.fairGLMM)] : []
    // The constrained GLMM, ten times the cost of a constrained LR fit, has its joint path only.
    for refit in refits where refit.kind == .constrainedGLMM { out.append(.bound(refit, .jointBound)) }
    if clusters { out.append(.penalty(.fairClusterRegularizedLR)) }
    out.append(.penalty(.fairLogisticRegression))
    for refit in refits.reversed() where refit.kind != .constrainedGLMM { out += paths.map { .bound(refit, $0) } }
    for refit in refits {
      guard let model = models.first(where: { $0.kind == refit.kind }) else { continue }
      out += (0..<features).map { .check(refit, model, feature: $0) }
    }
    return out
  }

  /// s_k = a_k' H^{-1} a_k at the LR fit (H the Hessian of its loss): how fast the penalty shrinks
  /// feature k's covariance, a'theta(rho) = a'theta0 / (1 + rho s_k).
  static func curvature(_ problem: ModelProblem, lr: FittedModel, directions: [[Double]]) throws(FairAuditError) -> [Double] {
    let objective = PenalizedLogisticObjective(problem: problem, randomIntercepts: false)
    do {
      let model = try lr.curvature ?? objective.quadraticModel(at: lr.parameters)
      return directions.map { a in
        let a = Array(a.prefix(problem.p))
        return Vector.dot(a, model.solve(a))
      }
    } catch {
      throw .singularDesign(model: "LR", detail: "the Hessian at the LR fit is not positive definite")
    }
  }

  /// One penalised model along the rho grid (ascending), each fit started from the previous one
  /// and the first from the unpenalised fit (LR or CRLR, on its Hessian), so rho = 0 returns it.
  /// The Fair GLMM starts from CRLR and then from its previous iterate and variance.
  static func penaltyPath(
    _ kind: ModelKind, grid: [Double], problem: ModelProblem, configuration: AuditConfiguration, models: [FittedModel],
    point: (FittedModel, ModelKind, SweepPath, Double) -> TradeoffPoint
  ) throws(FairAuditError) -> [TradeoffPoint] {
    var out: [TradeoffPoint] = []
    let unpenalised: ModelKind? = [.fairLogisticRegression: .logisticRegression, .fairClusterRegularizedLR: .clusterRegularizedLR][kind]
    var previous = models.first { $0.kind == unpenalised }
    var curvature = previous?.curvature
    var predictor = PathPredictor()
    let features = problem.sensitiveNames.count
    var boosting = configuration.boosting
    boosting.sweepPoint = true
    let probes = kind == .fairGLMM ? boosting.probes(for: problem) : nil
    for rho in grid {
      // theta(rho) is smooth in log rho.
      let start = rho > 0 ? predictor.start(at: log(rho)) : nil
      let weights = [Double](repeating: rho, count: features)
      let model: FittedModel
      switch kind {
      case .fairGLMM:
        let start = previous ?? models.first { $0.kind == .clusterRegularizedLR }!
        var options = boosting
        if let variance = start.randomIntercepts?.variance, variance > 0 { options.initialVariance = variance }
        model = try FairGLMMBoosting.fit(problem, rho: weights, start: start.parameters, options: options, probes: probes)
      case .fairClusterRegularizedLR:
        (model, curvature) = try PenalizedLogisticFit.fitOnPath(
          problem, kind: .clusterRegularizedLR, lambda: configuration.crlrLambda, rho: weights, start: start ?? previous?.parameters,
          curvature: curvature, toRounding: false)
      default:
        (model, curvature) = try PenalizedLogisticFit.fitOnPath(
          problem, kind: .logisticRegression, rho: weights, start: start ?? previous?.parameters, curvature: curvature,
          toRounding: false)
      }
      previous = model
      if rho > 0 { predictor.record(log(rho), model.parameters) }
      out.append(point(model, kind, .penalty, rho))
    }
    return out
  }

  /// One bounded model along the c grid (descending), each fit started from the previous one.
  static func boundPath(
    _ refit: BoundedRefit, _ path: SweepPath, grid: SweepGrid, base: FittedModel, reference: [Double],
    point: (FittedModel, ModelKind, SweepPath, Double) -> TradeoffPoint
  ) throws(FairAuditError) -> [TradeoffPoint] {
    let features = reference.count
    let values: [Double]
    switch path {
    case .featureBound(let k): values = grid.bounds(reference: reference[k])
    default: values = grid.bounds(reference: reference.max() ?? 0)
    }
    var out: [TradeoffPoint] = []
    var predictor = PathPredictor()
    var curvature = base.curvature
    for c in values {
      let bounds = (0..<features).map { k -> Double in
        if case .featureBound(let bounded) = path, bounded != k { return .infinity }
        return c
      }
      let refitted = try refit.fit(bounds, WarmStart(predictor.start(at: c) ?? base.parameters, curvature: curvature, toRounding: false))
      let model = refitted.model
      curvature = refitted.curvature
      predictor.record(c, model.parameters)
      out.append(point(model, refit.kind, path, c))
    }
    return out
  }
}
