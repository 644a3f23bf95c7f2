/// Primal active-set Newton method for a strictly convex objective under a few linear
/// inequalities. Each iteration solves the equality-constrained Newton step for the working set,
///
///     d = -H^{-1}(g + A_W' lambda),   (A_W H^{-1} A_W') lambda = -A_W H^{-1} g   (so A_W d = 0),
///
/// drops a working constraint whose multiplier is negative, and stops at a blocking constraint.
/// The returned multipliers are exact KKT multipliers of L = f + sum lambda_j (a_j'theta - b_j).
public struct ConstrainedNewton: Sendable {
  public struct Options: Sendable {
    public var maxIterations = 200
    /// Relative to 1 + |f|; rounding keeps the decrement near 1e-14 |f| at the optimum.
    public var decrementTolerance = 1e-14
    public init() {}
  }

  public struct Result: Sendable {
    public let theta: [Double]
    public let multipliers: [Double]
    public let model: QuadraticModel
    public let summary: FitSummary
    public let residuals: KKTResiduals
  }

  public var options = Options()

  public init(options: Options = Options()) { self.options = options }

  /// - Parameters: `start` must satisfy every constraint.
  /// - Throws: `HessianNotPositiveDefinite` from the objective.
  public func minimize(_ f: some NewtonObjective, constraints: [LinearConstraint], from start: [Double]) throws -> Result {
    var theta = start
    var working = Set(constraints.indices.filter { abs(constraints[$0].slack(start)) <= 1e-12 * max(1, abs(constraints[$0].b)) })
    var model = try f.quadraticModel(at: theta)
    var lambda = [Double](repeating: 0, count: constraints.count)
    for iteration in 1...options.maxIterations {
      let active = working.sorted()
      let (step, multipliers) = equalityStep(model, constraints: active.map { constraints[$0] })
      lambda = [Double](repeating: 0, count: constraints.count)
      for (k, j) in active.enumerated() { lambda[j] = multipliers[k] }
      let decrement = -Vector.dot(model.gradient, step)
      if decrement / 2 <= options.decrementTolerance * (1 + abs(model.value)) {
        // A multiplier that is negative only by rounding (a weakly active bound) must not be
        // dropped: the step would re-block on it at once and the working set would cycle.
        let scale = 1e-9 * (1 + (multipliers.map(abs).max() ?? 0))
        guard let (k, value) = multipliers.enumerated().min(by: { $0.element < $1.element }), value < -scale else {
          return try polish(f, theta: theta, step: step, working: active, constraints: constraints, model: model, lambda: lambda, iteration: iteration)
        }
        working.remove(active[k])
        continue
      }
      let (alpha, blocking) = maximumStep(theta, step, constraints: constraints, working: working)
      guard let t = backtrack(f, theta: theta, step: step, maxStep: alpha, value: model.value, slope: -decrement) else {
        return finish(f, theta, lambda, model, constraints, iteration, .stepHalvingFailed)
      }
      theta = Vector.axpy(theta, t, step)
      if t == alpha, let j = blocking { working.insert(j) }
      model = try f.quadraticModel(at: theta)
    }
    return finish(f, theta, lambda, model, constraints, options.maxIterations, .maxIterations)
  }

  /// One last full Newton step inside the working set (quadratic convergence takes the KKT
  /// residuals from the decrement tolerance down to rounding), kept only if it stays feasible.
  func polish(
    _ f: some NewtonObjective, theta: [Double], step: [Double], working: [Int], constraints: [LinearConstraint],
    model: QuadraticModel, lambda: [Double], iteration: Int
  ) throws -> Result {
    let (alpha, _) = maximumStep(theta, step, constraints: constraints, working: Set(working))
    let next = Vector.axpy(theta, 1, step)
    guard alpha >= 1, f.value(at: next).isFinite else { return finish(f, theta, lambda, model, constraints, iteration - 1, .converged) }
    let nextModel = try f.quadraticModel(at: next)
    let (_, multipliers) = equalityStep(nextModel, constraints: working.map { constraints[$0] })
    var nextLambda = [Double](repeating: 0, count: constraints.count)
    for (k, j) in working.enumerated() { nextLambda[j] = multipliers[k] }
    return finish(f, next, nextLambda, nextModel, constraints, iteration, .converged)
  }

  /// Newton step on the null space of the working constraints and their multipliers.
  func equalityStep(_ model: QuadraticModel, constraints: [LinearConstraint]) -> ([Double], [Double]) {
    let hg = model.solve(model.gradient)
    guard !constraints.isEmpty else { return (hg.map { -$0 }, []) }
    let ha = constraints.map { model.solve($0.a) }
    let m = constraints.count
    var s = Matrix(rows: m, columns: m)
    for i in 0..<m { for j in 0..<m { s[i, j] = Vector.dot(constraints[i].a, ha[j]) } }
    let rhs = constraints.map { -Vector.dot($0.a, hg) }
    let lambda = (try? Cholesky(s).solve(rhs)) ?? [Double](repeating: 0, count: m)
    var d = hg.map { -$0 }
    for k in 0..<m { d = Vector.axpy(d, -lambda[k], ha[k]) }
    return (d, lambda)
  }

  /// Largest t <= 1 keeping every constraint outside the working set satisfied, and which blocks.
  func maximumStep(_ theta: [Double], _ d: [Double], constraints: [LinearConstraint], working: Set<Int>) -> (Double, Int?) {
    var alpha = 1.0, blocking: Int? = nil
    for (j, c) in constraints.enumerated() where !working.contains(j) {
      let rate = Vector.dot(c.a, d)
      guard rate > 0 else { continue }
      let t = max(0, c.slack(theta)) / rate
      if t < alpha { alpha = t; blocking = j }
    }
    return (alpha, blocking)
  }

  /// Armijo backtracking on [0, maxStep]; the full step to a blocking constraint is tried first.
  func backtrack(_ f: some NewtonObjective, theta: [Double], step: [Double], maxStep: Double, value: Double, slope: Double) -> Double? {
    var t = maxStep
    for _ in 0..<60 {
      let v = f.value(at: Vector.axpy(theta, t, step))
      if v.isFinite && v <= value + 1e-4 * t * slope + 1e-13 * abs(value) { return t }
      t /= 2
    }
    return maxStep == 0 ? 0 : nil
  }

  func finish(
    _ f: some NewtonObjective, _ theta: [Double], _ lambda: [Double], _ model: QuadraticModel, _ constraints: [LinearConstraint],
    _ iterations: Int, _ termination: FitSummary.Termination
  ) -> Result {
    var lagrangian = model.gradient
    for (j, c) in constraints.enumerated() where lambda[j] != 0 { lagrangian = Vector.axpy(lagrangian, lambda[j], c.a) }
    let residuals = KKTResiduals(
      stationarity: Vector.maxAbs(lagrangian) / max(1, Vector.maxAbs(model.gradient)),
      primalFeasibility: constraints.map { max(0, -$0.slack(theta)) }.max() ?? 0,
      dualFeasibility: lambda.map { max(0, -$0) }.max() ?? 0,
      complementarySlackness: zip(constraints, lambda).map { abs($1 * $0.slack(theta)) }.max() ?? 0)
    let summary = FitSummary(iterations: iterations, gradientNorm: Vector.maxAbs(lagrangian), termination: termination)
    return Result(theta: theta, multipliers: lambda, model: model, summary: summary, residuals: residuals)
  }
}
