/// A warm start for fits on many rows: the same objective on every k-th training row (k = n / 50,000),
/// its loss weighted by n / n_sub so that the subsample stands in for all rows, and the penalty or
/// constraint directions a_k of the full data. Its optimum lies within a few standard errors of the
/// full one, where the full-data Newton iteration (which alone decides convergence, to its usual
/// tolerance) needs one exact Hessian and a few chord steps instead of six exact iterations from 0.
/// Deterministic (fixed rows, any thread count); used from `minimumRows` rows on.
enum SubsampleStart {
  static let minimumRows = 200_000
  static let targetRows = 50_000

  /// The subsample of `problem` (positions in its rows), or nil when the data are small.
  static func subproblem(_ problem: ModelProblem) -> (problem: ModelProblem, weight: Double)? {
    let n = problem.n
    guard n >= minimumRows else { return nil }
    let rows = Array(stride(from: 0, to: n, by: n / targetRows))
    var sub = ModelProblem(
      columns: problem.columns, x: problem.x.selecting(rows: rows), y: rows.map { problem.y[$0] },
      clusters: problem.clusters.isEmpty ? [] : rows.map { problem.clusters[$0] }, clusterName: problem.clusterName,
      clusterLevels: problem.clusterLevels)
    sub.fixedEffectRidge = problem.fixedEffectRidge
    return (sub, Double(n) / Double(rows.count))
  }

  /// The subsample optimum of `objective`'s penalised problem, or nil when there is none to use.
  static func penalized(_ objective: PenalizedLogisticObjective) -> [Double]? {
    guard let (sub, weight) = subproblem(objective.problem) else { return nil }
    let small = PenalizedLogisticObjective(
      problem: sub, randomIntercepts: objective.hasRandomIntercepts, lambda: objective.lambda, rho: objective.rho,
      directions: objective.directions, lossWeight: weight)
    var options = NewtonRaphson.Options()
    options.decrementTolerance = tolerance
    do {
      let result = try NewtonRaphson(options: options).minimize(small, from: [Double](repeating: 0, count: small.dimension))
      return result.summary.termination == .converged ? result.theta : nil
    } catch {
      // Deliberate fallback, not a swallowed failure: a subsample can lack a rare level (a
      // singular Hessian) where the full data do not; the full fit then starts from 0 and reports
      // its own errors.
      return nil
    }
  }

  /// The subsample optimum under the full data's constraints from a feasible `start`, or nil.
  static func constrained(_ objective: PenalizedLogisticObjective, constraints: [LinearConstraint], from start: [Double]) -> [Double]? {
    guard let (sub, weight) = subproblem(objective.problem) else { return nil }
    let small = PenalizedLogisticObjective(
      problem: sub, randomIntercepts: objective.hasRandomIntercepts, lambda: objective.lambda, rho: [], directions: [],
      lossWeight: weight)
    var options = ConstrainedNewton.Options()
    options.decrementTolerance = tolerance
    do {
      let result = try ConstrainedNewton(options: options).minimize(small, constraints: constraints, from: start)
      return result.summary.termination == .converged ? result.theta : nil
    } catch {
      // Deliberate fallback, as above: the full fit starts from `start` and reports its own errors.
      return nil
    }
  }

  /// Relative decrement of the subsample fit: far below its own sampling error, so the full fit
  /// starts as close as the subsample allows.
  static let tolerance = 1e-10
}
