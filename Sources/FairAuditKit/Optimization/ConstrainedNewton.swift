/// Primal active-set Newton method for a strictly convex objective under a few linear
/// constraints (inequalities and equalities). Each iteration solves the equality-constrained
/// Newton step for the working set W (every equality plus the active inequalities),
///
///     d = -H^{-1}(g + A_W' lambda),   (A_W H^{-1} A_W') lambda = -A_W H^{-1} g   (so A_W d = 0),
///
/// drops a working inequality whose multiplier is negative, and stops at a blocking constraint.
/// Working constraints that are linearly dependent on others (e.g. two sensitive features with
/// the same covariance direction) are kept out of the multiplier system with multiplier 0, which
/// is one valid choice among the non-unique multipliers. The returned multipliers are exact KKT
/// multipliers of L = f + sum lambda_j (a_j'theta - b_j); an equality's multiplier has free sign.
public struct ConstrainedNewton: Sendable {
  public struct Options: Sendable {
    public var maxIterations = 200
    /// Relative to 1 + |f|; rounding keeps the decrement near 1e-14 |f| at the optimum.
    public var decrementTolerance = 1e-14
    /// Acceptance of the returned point: relative stationarity at most this; dual feasibility
    /// and complementary slackness at most this times max(1, max |lambda|).
    public var kktTolerance = 1e-6
    /// Largest accepted constraint violation a'theta - b (absolute; for fairaudit's constraints
    /// the units of the covariance g_k, where 1e-9 is far below any bound worth setting).
    public var feasibilityTolerance = 1e-9
    /// Chord steps, as in `NewtonRaphson`; the returned model is exact unless the settings let a
    /// point at the floor whose KKT residuals pass end on its chord model.
    public var chord = ChordSettings()
    public init() {}
  }

  public struct Result: Sendable {
    public let theta: [Double]
    public let multipliers: [Double]
    public let model: QuadraticModel
    /// `.converged` only when the KKT residuals are within the options' tolerances.
    public internal(set) var summary: FitSummary
    public let residuals: KKTResiduals
  }

  /// The iteration converged (Newton decrement below tolerance) but the point does not satisfy
  /// the KKT conditions to the options' tolerances, or the start is infeasible.
  public struct NotOptimal: Error, Sendable {
    public let residuals: KKTResiduals
    /// Which condition failed and by how much, e.g. "primal feasibility 3.1e-05 > 1e-09".
    public let detail: String
  }

  public var options = Options()

  public init(options: Options = Options()) { self.options = options }

  /// - Parameters: `start` must satisfy every constraint (to `feasibilityTolerance`); `curvature`
  ///   an exact model of a neighbouring problem (the previous point of a path), whose Hessian the
  ///   first steps use as chord steps.
  /// - Throws: `HessianNotPositiveDefinite` from the objective; `NotOptimal` for an infeasible
  ///   start or a converged point whose KKT residuals exceed the tolerances.
  public func minimize(
    _ f: some NewtonObjective, constraints: [LinearConstraint], from start: [Double], curvature: QuadraticModel? = nil
  ) throws -> Result {
    var theta = start
    let startViolation = constraints.map { $0.violation(start) }.max() ?? 0
    guard startViolation <= options.feasibilityTolerance else {
      throw NotOptimal(
        residuals: KKTResiduals(
          stationarity: .nan, primalFeasibility: startViolation, dualFeasibility: 0,
          complementarySlackness: 0),
        detail: "the start violates a constraint by \(NumberFormat.scientific(startViolation))")
    }
    var working = Set(
      constraints.indices.filter {
        constraints[$0].isEquality || abs(constraints[$0].slack(start)) <= 1e-12 * max(1, abs(constraints[$0].b))
      })
    var log = FitLog(method: "active-set Newton with Armijo backtracking", tolerance: options.decrementTolerance)
    func logged(_ r: Result) -> Result {
      var r = r
      r.summary.log = log
      return r
    }
    var model = try ChordSteps.startModel(f, at: theta, curvature: curvature, settings: options.chord)
    log.count()
    var chord = ChordSteps(start: model, settings: options.chord)
    var lambda = [Double](repeating: 0, count: constraints.count)
    for iteration in 1...options.maxIterations {
      let active = ordered(working, constraints)
      let (step, multipliers, dependent) = equalityStep(model, constraints, working: active)
      lambda = multipliers
      let decrement = -Vector.dot(model.gradient, step)
      let converged = decrement / 2 <= options.decrementTolerance * (1 + abs(model.value))
      // A multiplier that is negative only by rounding (a weakly active bound) must not be
      // dropped: the step would re-block on it at once and the working set would cycle.
      let scale = 1e-9 * (1 + (lambda.map(abs).max() ?? 0))
      let droppable = active.filter { !constraints[$0].isEquality && !dependent.contains($0) && lambda[$0] < -scale }
      // Chord steps continue far below the tolerance, until they stop contracting (rounding),
      // since they converge only linearly. At rounding level the polish (an exact model at the
      // next point) finishes the run; otherwise the point's own Hessian takes over.
      let chordDone = chord.atFloor(decrement, tolerance: options.decrementTolerance, scale: 1 + abs(model.value))
      if chord.stalls(model, decrement: decrement, atFloor: chordDone) {
        if droppable.isEmpty, chord.mayEnd(model, atFloor: chordDone) {
          let result = finish(theta, lambda, model, constraints, iteration, .converged)
          if failure(result) == nil {
            log.record(objective: model.value, gradient: model.gradient, step: 0)
            return logged(result)
          }
        }
        if chordDone, droppable.isEmpty,
          let polished = try chordPolish(f, theta: theta, step: step, working: active, constraints, iteration)
        {
          log.count()
          log.record(objective: model.value, gradient: model.gradient, step: 0)
          return logged(polished)
        }
        model = try f.quadraticModel(at: theta)
        log.count()
        chord.refreshed(model)
        continue
      }
      if converged && model.isExact {
        guard let j = droppable.min(by: { lambda[$0] < lambda[$1] }) else {
          log.record(objective: model.value, gradient: model.gradient, step: 0)
          return logged(
            try polish(
              f, theta: theta, step: step, working: active, constraints: constraints, model: model, lambda: lambda,
              iteration: iteration))
        }
        working.remove(j)
        continue
      }
      let (alpha, blocking) = maximumStep(theta, step, constraints: constraints, working: working)
      let frozen = chord.frozen(model, decrement: decrement, scale: 1 + abs(model.value))
      guard
        let (t, next) = try backtrack(
          f, theta: theta, step: step, maxStep: alpha, model: model, frozen: frozen, slope: -decrement, log: &log)
      else {
        log.record(objective: model.value, gradient: model.gradient, step: 0)
        return logged(finish(theta, lambda, chord.last(model), constraints, iteration, .stepHalvingFailed))
      }
      log.record(objective: model.value, gradient: model.gradient, step: t)
      theta = Vector.axpy(theta, t, step)
      if t == alpha, let j = blocking { working.insert(j) }
      chord.stepped(to: next, decrement: decrement)
      model = next
    }
    log.record(objective: model.value, gradient: model.gradient, step: 0)
    return logged(finish(theta, lambda, chord.last(model), constraints, options.maxIterations, .maxIterations))
  }

  /// From a chord point at rounding level: the exact model one working-set step further, returned
  /// when it passes the acceptance tolerances (nil otherwise: the caller refreshes the Hessian).
  func chordPolish(
    _ f: some NewtonObjective, theta: [Double], step: [Double], working: [Int], _ constraints: [LinearConstraint], _ iteration: Int
  ) throws -> Result? {
    let (alpha, _) = maximumStep(theta, step, constraints: constraints, working: Set(working))
    guard alpha >= 1 else { return nil }
    let next = Vector.axpy(theta, 1, step)
    let nextModel = try f.quadraticModel(at: next)
    guard nextModel.value.isFinite else { return nil }
    let (_, nextLambda, _) = equalityStep(nextModel, constraints, working: working)
    let polished = finish(next, nextLambda, nextModel, constraints, iteration, .converged)
    return failure(polished) == nil ? polished : nil
  }

  /// Equalities first (so that a dependent inequality, not an equality, leaves the multiplier
  /// system), then by index.
  func ordered(_ working: Set<Int>, _ constraints: [LinearConstraint]) -> [Int] {
    working.sorted { (constraints[$0].isEquality ? 0 : 1, $0) < (constraints[$1].isEquality ? 0 : 1, $1) }
  }

  /// One last full Newton step inside the working set (quadratic convergence takes the KKT
  /// residuals from the decrement tolerance down to rounding), kept if it stays feasible; the
  /// result must then pass the acceptance tolerances.
  func polish(
    _ f: some NewtonObjective, theta: [Double], step: [Double], working: [Int], constraints: [LinearConstraint],
    model: QuadraticModel, lambda: [Double], iteration: Int
  ) throws -> Result {
    var best = finish(theta, lambda, model, constraints, iteration - 1, .converged)
    let (alpha, _) = maximumStep(theta, step, constraints: constraints, working: Set(working))
    let next = Vector.axpy(theta, 1, step)
    if alpha >= 1, f.value(at: next).isFinite {
      let nextModel = try f.quadraticModel(at: next)
      let (_, nextLambda, _) = equalityStep(nextModel, constraints, working: working)
      let polished = finish(next, nextLambda, nextModel, constraints, iteration, .converged)
      // Rounding can make the polished point marginally worse; keep it unless that costs acceptance.
      if failure(polished) == nil || failure(best) != nil { best = polished }
    }
    if let detail = failure(best) { throw NotOptimal(residuals: best.residuals, detail: detail) }
    return best
  }

  /// Which KKT condition the result violates beyond tolerance, or nil.
  func failure(_ r: Result) -> String? {
    let m = max(1, r.multipliers.map(abs).max() ?? 0)
    let checks: [(String, Double, Double)] = [
      ("primal feasibility", r.residuals.primalFeasibility, options.feasibilityTolerance),
      ("relative stationarity", r.residuals.stationarity, options.kktTolerance),
      ("dual feasibility", r.residuals.dualFeasibility, options.kktTolerance * m),
      ("complementary slackness", r.residuals.complementarySlackness, options.kktTolerance * m),
    ]
    guard let bad = checks.first(where: { !($0.1 <= $0.2) }) else { return nil }
    return "\(bad.0) \(NumberFormat.scientific(bad.1)) > \(NumberFormat.scientific(bad.2))"
  }

  /// Newton step on the null space of the working constraints and their multipliers (0 for
  /// constraints outside `working` and for the dependent ones, which are also returned).
  func equalityStep(
    _ model: QuadraticModel, _ constraints: [LinearConstraint], working: [Int]
  ) -> (step: [Double], lambda: [Double], dependent: Set<Int>) {
    let hg = model.solve(model.gradient)
    var lambda = [Double](repeating: 0, count: constraints.count)
    let rows = working.map { constraints[$0].a }
    let images = rows.map(model.solve)
    // A working constraint whose a_j is (numerically) a combination of earlier ones leaves the
    // multiplier system (`independentRows`): A_W d = 0 for the rest already keeps it at equality,
    // so it gets multiplier 0 and stays in the working set (the step never blocks on it).
    guard let (kept, factor) = ReducedCovariance.independentRows(rows, images: images) else {
      return (hg.map { -$0 }, lambda, Set(working))
    }
    let multipliers = factor.solve(kept.map { -Vector.dot(rows[$0], hg) })
    var d = hg.map { -$0 }
    for (k, i) in kept.enumerated() {
      d = Vector.axpy(d, -multipliers[k], images[i])
      lambda[working[i]] = multipliers[k]
    }
    let independent = Set(kept.map { working[$0] })
    return (d, lambda, Set(working.filter { !independent.contains($0) }))
  }

  /// Largest t <= 1 keeping every constraint outside the working set satisfied, and which blocks.
  func maximumStep(_ theta: [Double], _ d: [Double], constraints: [LinearConstraint], working: Set<Int>) -> (Double, Int?) {
    var alpha = 1.0, blocking: Int? = nil
    for (j, c) in constraints.enumerated() where !working.contains(j) && !c.isEquality {
      let rate = Vector.dot(c.a, d)
      guard rate > 0 else { continue }
      let t = max(0, c.slack(theta)) / rate
      if t < alpha { alpha = t; blocking = j }
    }
    return (alpha, blocking)
  }

  /// Armijo backtracking on [0, maxStep] and the model at the accepted point. The full step to
  /// `maxStep` (a blocking constraint or 1) is tried first with its whole model (chord when `frozen`
  /// is given), since it is accepted almost always; shorter trials evaluate the objective only.
  func backtrack(
    _ f: some NewtonObjective, theta: [Double], step: [Double], maxStep: Double, model: QuadraticModel, frozen: QuadraticModel?,
    slope: Double, log: inout FitLog
  ) throws -> (Double, QuadraticModel)? {
    if maxStep == 0 { return (0, model) }
    let value = model.value
    let accept = { (t: Double, v: Double) in v.isFinite && v <= value + 1e-4 * t * slope + 1e-13 * abs(value) }
    let full = Vector.axpy(theta, maxStep, step)
    log.count()
    do {
      let candidate = try f.model(at: full, frozen: frozen)
      if accept(maxStep, candidate.value) { return (maxStep, candidate) }
    } catch let failure as HessianNotPositiveDefinite {
      // A point the search rejects anyway may have a singular Hessian; an accepted one may not.
      if accept(maxStep, f.value(at: full)) { throw failure }
    }
    let search = StepHalving.search(maxStep: maxStep / 2, halvings: 58) { t in accept(t, f.value(at: Vector.axpy(theta, t, step))) }
    log.count(search.trials)
    guard let t = search.t else { return nil }
    log.count()
    return (t, try f.quadraticModel(at: Vector.axpy(theta, t, step)))
  }

  func finish(
    _ theta: [Double], _ lambda: [Double], _ model: QuadraticModel, _ constraints: [LinearConstraint],
    _ iterations: Int, _ termination: FitSummary.Termination
  ) -> Result {
    var lagrangian = model.gradient
    for (j, c) in constraints.enumerated() where lambda[j] != 0 { lagrangian = Vector.axpy(lagrangian, lambda[j], c.a) }
    let inequalities = constraints.indices.filter { !constraints[$0].isEquality }
    let residuals = KKTResiduals(
      stationarity: Vector.maxAbs(lagrangian) / max(1, Vector.maxAbs(model.gradient)),
      primalFeasibility: constraints.map { $0.violation(theta) }.max() ?? 0,
      dualFeasibility: inequalities.map { max(0, -lambda[$0]) }.max() ?? 0,
      complementarySlackness: inequalities.map { abs(lambda[$0] * constraints[$0].slack(theta)) }.max() ?? 0)
    let summary = FitSummary(
      iterations: iterations, gradientNorm: Vector.maxAbs(lagrangian), termination: termination,
      kktResiduals: residuals)
    return Result(theta: theta, multipliers: lambda, model: model, summary: summary, residuals: residuals)
  }
}
