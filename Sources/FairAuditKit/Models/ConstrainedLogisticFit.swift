/// Fair LR (paper P2) and Fair CRLR (P4): the LR / CRLR objective subject to
/// -c_k <= g_k(theta) <= c_k, g_k = a_k'theta / N, for every sensitive feature k, solved by
/// `ConstrainedNewton`, which returns the Lagrange multiplier of each bound. A bound c_k = 0 is
/// the single equality g_k = 0 (free-sign multiplier lambda_k, shadow price |lambda_k|): as two
/// inequalities both would be active with opposite normals and the multiplier system singular.
/// A bound c_k = +infinity leaves feature k unconstrained (multiplier 0), as the per-feature paths
/// of the trade-off sweep need.
public enum ConstrainedLogisticFit {
  /// - Parameters: `bounds` c_k >= 0 per sensitive feature (+infinity: none); `unconstrained` the
  ///   LR/CRLR fit; `start` a warm start (a neighbouring solution), made feasible like the default
  ///   start from `unconstrained`.
  /// - Returns: the model, whose `summary.kktResiduals` are also returned for convenience.
  /// - Throws: `.invalidOption` for a negative or non-finite bound, `.singularDesign`,
  ///   `.didNotConverge`, and `.notOptimal` when the returned point is infeasible or fails the KKT
  ///   conditions (`ConstrainedNewton.Options` tolerances).
  public static func fit(
    _ problem: ModelProblem, kind: ModelKind, bounds: [Double], lambda: Double = 1, unconstrained: FittedModel,
    start: [Double]? = nil, maxIterations: Int = 200
  ) throws(FairAuditError) -> (FittedModel, KKTResiduals) {
    let solution = try fitOnPath(
      problem, kind: kind, bounds: bounds, lambda: lambda, unconstrained: unconstrained, start: start, maxIterations: maxIterations)
    return (solution.model, solution.residuals)
  }

  /// `fit` for a point of a c path: the first Newton steps use the Hessian of the previous point
  /// (`curvature`); unless `toRounding`, chord steps stop at the tolerance and may end the run
  /// (`ChordSettings.sweepPoint`). The model at the optimum is returned for the next point.
  static func fitOnPath(
    _ problem: ModelProblem, kind: ModelKind, bounds: [Double], lambda: Double = 1, unconstrained: FittedModel,
    start: [Double]? = nil, curvature: QuadraticModel? = nil, toRounding: Bool = true, maxIterations: Int = 200
  ) throws(FairAuditError) -> (model: FittedModel, residuals: KKTResiduals, curvature: QuadraticModel) {
    // A cold fit starts on the unconstrained fit's Hessian, from its optimum projected onto the bounds.
    let curvature = curvature ?? (start == nil ? unconstrained.curvature : nil)
    guard bounds.count == problem.sensitiveNames.count, bounds.allSatisfy({ $0 >= 0 && !$0.isNaN }) else {
      throw .invalidOption(option: "--c", reason: "\(kind.label) needs one covariance bound >= 0 per sensitive feature")
    }
    let clusters = kind.usesClusters
    let objective = PenalizedLogisticObjective(problem: problem, randomIntercepts: clusters, lambda: lambda)
    let n = Double(problem.n)
    let directions = problem.sensitiveNames.indices.map { problem.covarianceDirection($0, includeClusters: clusters).map { $0 / n } }
    // index of the constraint a'theta <= c (or a'theta = 0) and of -a'theta <= c, per feature
    var constraints: [LinearConstraint] = []
    var index: [(upper: Int, lower: Int?)] = []
    for (k, a) in directions.enumerated() {
      if bounds[k] == .infinity {
        index.append((-1, nil))
      } else if bounds[k] == 0 {
        index.append((constraints.count, nil))
        constraints.append(LinearConstraint(a: a, b: 0, isEquality: true))
      } else {
        index.append((constraints.count, constraints.count + 1))
        constraints.append(LinearConstraint(a: a, b: bounds[k]))
        constraints.append(LinearConstraint(a: a.map { -$0 }, b: bounds[k]))
      }
    }
    var options = ConstrainedNewton.Options()
    options.maxIterations = maxIterations
    if !toRounding { options.chord = .sweepPoint }
    let result: ConstrainedNewton.Result
    do {
      var from = start ?? unconstrained.parameters
      if let curvature, curvature.gradient.count == from.count { from = metricProjection(from, directions, bounds, solve: curvature.solve) }
      from = feasibleStart(from, directions, bounds)
      // Without a warm start or the unconstrained fit's Hessian, many rows begin at the subsample
      // optimum (`SubsampleStart`).
      if start == nil, curvature == nil, let warm = SubsampleStart.constrained(objective, constraints: constraints, from: from) {
        from = warm
      }
      result = try ConstrainedNewton(options: options).minimize(objective, constraints: constraints, from: from, curvature: curvature)
    } catch let error as HessianNotPositiveDefinite {
      throw .singularDesign(model: kind.label, detail: error.detail)
    } catch let error as ConstrainedNewton.NotOptimal {
      throw .notOptimal(model: kind.label, detail: error.detail)
    } catch {
      throw .singularDesign(model: kind.label, detail: "the constrained Newton iteration failed")
    }
    guard result.summary.didConverge else {
      throw .didNotConverge(model: kind.label, iterations: result.summary.iterations, gradientNorm: result.summary.gradientNorm)
    }
    let constraintResults = directions.indices.map { k -> ConstraintResult in
      let upper = index[k].upper < 0 ? 0 : result.multipliers[index[k].upper]
      let lower = index[k].lower.map { result.multipliers[$0] }
      return ConstraintResult(
        feature: problem.sensitiveNames[k], covariance: Vector.dot(directions[k], result.theta), bound: bounds[k],
        multiplierUpper: lower == nil ? max(upper, 0) : upper, multiplierLower: lower ?? max(-upper, 0))
    }
    // Primal feasibility of what is reported, independently of the optimiser's own check.
    for c in constraintResults where !(abs(c.covariance) - c.bound <= options.feasibilityTolerance) {
      throw .notOptimal(
        model: kind.label,
        detail:
          "the constraint of \(c.feature) is violated: |g| = \(NumberFormat.scientific(abs(c.covariance))) > c = \(NumberFormat.significant(c.bound))"
      )
    }
    let newton = NewtonRaphson.Result(theta: result.theta, model: result.model, summary: result.summary)
    let settings = ModelSettings(lambda: clusters ? lambda : nil, bounds: ModelSettings.perFeature(problem.sensitiveNames, bounds))
    var summary = result.summary
    summary.notes += slackNotes(constraintResults)
    // Standard errors from the covariance restricted to the null space of the active constraints.
    let activeFeatures = constraintResults.indices.filter { bounds[$0] == 0 || constraintResults[$0].isActive }
    summary.notes.append(ConstrainedGLMMFit.seConvention(active: activeFeatures.map { problem.sensitiveNames[$0] }))
    let variances = ReducedCovariance.diagonal(
      solve: result.model.solve, inverseDiagonal: result.model.inverseDiagonal(), active: activeFeatures.map { directions[$0] })
    let model = PenalizedLogisticFit.makeModel(
      problem, kind: kind, objective: objective, result: newton, summary: summary, settings: settings, constraints: constraintResults,
      variances: variances, lossFromValue: !toRounding)
    return (model, result.residuals, result.model)
  }

  /// A feasible start: the unconstrained optimum projected orthogonally onto {g_k = 0 for c_k = 0},
  /// then shrunk towards 0 until every |g_k| <= c_k (g is linear in theta, so t * theta is
  /// feasible for t = min_k c_k / |g_k(theta)|, and scaling keeps the equalities).
  static func feasibleStart(_ start: [Double], _ directions: [[Double]], _ bounds: [Double]) -> [Double] {
    var theta = start
    let equalities = directions.indices.filter { bounds[$0] == 0 }.map { directions[$0] }
    if !equalities.isEmpty { theta = projectOntoNullSpace(theta, equalities) }
    var t = 1.0
    for (k, a) in directions.enumerated() where bounds[k] > 0 {
      let g = abs(Vector.dot(a, theta))
      if g > bounds[k] { t = min(t, bounds[k] / g) }
    }
    return theta.map { $0 * t }
  }

  /// The start moved onto the bounds it violates in the metric of the Hessian H of a neighbouring
  /// point: theta - H^{-1}A'(A H^{-1} A')^{-1}(A theta - t), A the violated rows a_k, t_k = sign(g_k) c_k
  /// (0 for an equality). It is the minimiser of the quadratic model restricted to those bounds,
  /// so on a c path the Newton steps start O(dc^2) from the optimum, where shrinking theta (the
  /// fallback of `feasibleStart`) starts O(dc) away and moves every coefficient.
  static func metricProjection(
    _ theta: [Double], _ directions: [[Double]], _ bounds: [Double], solve: ([Double]) -> [Double]
  ) -> [Double] {
    let violated = directions.indices.filter { k in
      let g = Vector.dot(directions[k], theta)
      return bounds[k] == 0 ? g != 0 : abs(g) > bounds[k]
    }
    guard !violated.isEmpty else { return theta }
    let rows = violated.map { directions[$0] }
    let targets = rows.indices.map { i -> Double in
      let g = Vector.dot(rows[i], theta)
      return (g < 0 ? -1 : 1) * bounds[violated[i]]
    }
    return projection(theta, rows: rows, targets: targets, images: rows.map(solve))
  }

  /// theta - A'(AA')^{-1} A theta for the rows a_k of A, leaving out rows dependent on earlier ones.
  static func projectOntoNullSpace(_ theta: [Double], _ rows: [[Double]]) -> [Double] {
    projection(theta, rows: rows, targets: rows.map { _ in 0 }, images: rows)
  }

  /// theta - M'(AM')^{-1}(A theta - t) for the rows a_k of A, targets t_k and images m_k (M = A H^{-1},
  /// or A itself for H = I): the point nearest theta in H's metric with A theta = t, leaving out rows
  /// dependent on earlier ones.
  static func projection(_ theta: [Double], rows: [[Double]], targets: [Double], images: [[Double]]) -> [Double] {
    guard let (kept, factor) = ReducedCovariance.independentRows(rows, images: images) else { return theta }
    let w = factor.solve(kept.map { Vector.dot(rows[$0], theta) - targets[$0] })
    var out = theta
    for (a, k) in kept.enumerated() { out = Vector.axpy(out, -w[a], images[k]) }
    return out
  }

  static func slackNotes(_ constraints: [ConstraintResult]) -> [String] {
    constraints.filter { !$0.isActive && $0.bound > 0 && $0.bound.isFinite }.map {
      "The fairness constraint of \($0.feature) is slack at the optimum (|g| = \(NumberFormat.scientific(abs($0.covariance))) < c = \(NumberFormat.significant($0.bound))): it does not restrict the fit."
    }
  }
}
