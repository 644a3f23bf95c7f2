import Foundation

/// The Fair GLMM (constrained): the random-intercept GLMM's marginal log-likelihood (Laplace, or
/// adaptive Gauss-Hermite with nAGQ > 1) maximised over theta = (beta, tau = log sigma) subject to
/// -c_k <= g_k(beta, tau) <= c_k, with g_k the boundary covariance whose linear predictor includes
/// the conditional modes b(beta, tau) (`ModeCovariance`). The constraints are nonlinear through the
/// modes, so the fit is a sequential quadratic programme (docs/method.md, "Constrained GLMM"):
///
/// - at theta, minimise the quadratic model of F = -log L with the Lagrangian's Hessian B subject to
///   the constraints linearised at theta (`LinearizedBoxQP`), which gives the step and multipliers;
/// - B: the exact Hessian of the Lagrangian with the Laplace approximation (one weighted cross
///   product: `RandomInterceptLikelihood.laplaceHessian`); with nAGQ > 1 the profiled information plus
///   sum_k lambda_k d2 g_k in the beta block (`ModeCovariance.lagrangianBlock`) and a tau row from a
///   forward difference of the Lagrangian's exact gradient; shifted until positive definite;
/// - step length by Armijo backtracking on the exact l1 merit F + nu sum_k max(0, |g_k| - c_k),
///   nu >= 2 max |lambda|, with a second-order correction of the constraints tried first.
///
/// Multipliers are those of the Lagrangian F + sum_k lambda_k g_k (summed-loss convention, as for Fair
/// LR and Fair CRLR), so the shadow price |lambda_k| is -d(max log L)/dc_k.
public enum ConstrainedGLMMFit {
  public struct Options: Sendable {
    public var nAGQ = 1
    public var maxIterations = 200
    /// Stop when the relative stationarity max |grad F + sum lambda_k grad g_k| / max(1, max |grad F|)
    /// is below this (at a feasible point), or the merit's predicted decrease d'Bd/2 +
    /// sum_k |lambda_k| (|g_k| - c_k)+ is below `decrementTolerance` * 1e-4 (1 + |F|), rounding level.
    public var stationarityTolerance = 1e-10
    public var decrementTolerance = 1e-14
    /// Acceptance: relative stationarity, dual feasibility and complementary slackness (the last
    /// two times max(1, max |lambda|)) at most this.
    public var kktTolerance = 1e-6
    /// Largest accepted |g_k| - c_k.
    public var feasibilityTolerance = 1e-9
    /// sigma below this is a singular (boundary) fit: the model reduces to Fair LR, as the GLMM to LR.
    public var singularSigma = 1e-4
    /// Threads for the columns of the finite-difference Hessian behind the standard errors.
    public var parallel = ParallelWork.serial
    /// Whether to compute standard errors (a finite-difference Hessian, most of a warm-started
    /// fit's cost); sweep points, which report no coefficient table, leave them out.
    public var standardErrors = true
    public init() {}
  }

  /// One evaluated point of the SQP.
  struct Point {
    let theta: [Double]
    let evaluation: RandomInterceptLikelihood.Evaluation
    let values: [Double]
    /// Minimised objective F = -(log L - ridge).
    var objective: Double { -evaluation.objective }
  }

  /// - Parameters: `bounds` c_k >= 0 per sensitive feature (+infinity: feature k free); `start` a fitted GLMM (the unconstrained
  ///   fit, or a constrained fit at nearby bounds: a warm start along a c path), whose beta, sigma
  ///   and modes start the iteration (it need not be feasible).
  /// - Throws: `.invalidOption` for a bad bound, `.singularDesign` when sigma is 0 or a system is
  ///   singular, `.didNotConverge`, `.notOptimal` when the KKT conditions fail the tolerances.
  public static func fit(
    _ problem: ModelProblem, bounds: [Double], start: FittedModel, options: Options = Options()
  ) throws(FairAuditError) -> FittedModel {
    let kind = ModelKind.constrainedGLMM
    guard bounds.count == problem.sensitiveNames.count, bounds.allSatisfy({ $0 >= 0 && !$0.isNaN }) else {
      throw .invalidOption(option: "--c", reason: "\(kind.label) needs one covariance bound >= 0 per sensitive feature")
    }
    guard let r = start.randomIntercepts, r.modes.count == problem.q else {
      throw .singularDesign(model: kind.label, detail: "the start has no random intercepts")
    }
    guard let variance = r.variance, variance >= options.singularSigma * options.singularSigma else {
      return try singularFit(problem, bounds: bounds, nAGQ: options.nAGQ)
    }
    let likelihood = RandomInterceptLikelihood(problem: problem, nAGQ: options.nAGQ)
    let covariance = ModeCovariance(problem: problem, likelihood: likelihood)
    let p = problem.p, m = bounds.count
    let (lower, upper) = (bounds.map { -$0 }, bounds)
    var point = evaluate(likelihood, covariance, theta: start.beta + [0.5 * Foundation.log(variance)], modes: r.modes)
    var lambda = [Double](repeating: 0, count: m)
    var sides = [LinearizedBoxQP.Side](repeating: .free, count: m)
    var penalty = 0.0
    var log = FitLog(
      method: "SQP: Lagrangian Newton on the linearised constraints, l1 merit, second-order correction",
      tolerance: options.decrementTolerance)
    log.count()
    var converged = false
    var iterations = 0
    var gradients: [[Double]] = []
    while iterations < options.maxIterations {
      iterations += 1
      guard point.theta[p] > Foundation.log(options.singularSigma) else {
        return try singularFit(problem, bounds: bounds, nAGQ: options.nAGQ)
      }
      let (gradients_, hessian) = lagrangianHessianAndGradients(likelihood, covariance, point, lambda: lambda)
      gradients = gradients_
      guard let factor = Cholesky.damped(hessian)?.factor else {
        throw .singularDesign(model: kind.label, detail: "the Hessian of the Lagrangian cannot be made positive definite")
      }
      let gradient = point.evaluation.gradient.map { -$0 }
      let qp = LinearizedBoxQP(
        factor: factor, gradient: gradient, rows: gradients, values: point.values, lower: lower, upper: upper
      )
      .solve(preferred: sides)
      (lambda, sides) = (qp.multipliers, qp.sides)
      var stationarity = gradient
      for k in 0..<m { stationarity = Vector.axpy(stationarity, lambda[k], gradients[k]) }
      let violation = Self.violation(point.values, bounds)
      // The merit's predicted decrease, d'Bd/2 + sum_k |lambda_k| (|g_k| - c_k)+: small only when the
      // step is small and the point feasible to rounding level, whose price lambda * violation
      // would otherwise stay in the optimal value.
      let decrement =
        Vector.dot(qp.step, hessian.multiply(qp.step)) / 2
        + zip(lambda, zip(point.values, bounds)).reduce(0) { $0 + abs($1.0) * max(0, abs($1.1.0) - $1.1.1) }
      let relative = Vector.maxAbs(stationarity) / max(1, Vector.maxAbs(gradient))
      if violation <= options.feasibilityTolerance
        && (relative <= options.stationarityTolerance
          || decrement <= options.decrementTolerance * 1e-4 * (1 + abs(point.objective)))
      {
        converged = true
        break
      }
      penalty = max(penalty, 2 * (lambda.map(abs).max() ?? 0))
      guard
        let next = lineSearch(
          likelihood, covariance, from: point, qp: qp, factor: factor, gradient: gradient, rows: gradients, bounds: bounds,
          penalty: penalty, log: &log)
      else {
        // No length decreases the merit: the step is at rounding level. The point is accepted if
        // it passes the KKT tolerances below.
        log.record(objective: point.objective, gradient: stationarity, step: 0)
        converged = true
        break
      }
      log.record(objective: point.objective, gradient: stationarity, step: next.t)
      point = next.point
    }
    let result = finish(point, lambda: lambda, sides: sides, gradients: gradients, bounds: bounds)
    log.record(objective: point.objective, gradient: result.stationarityVector, step: 0)
    guard converged else {
      throw .didNotConverge(model: kind.label, iterations: iterations, gradientNorm: Vector.maxAbs(result.stationarityVector))
    }
    let scale = max(1, lambda.map(abs).max() ?? 0)
    let checks: [(String, Double, Double)] = [
      ("primal feasibility", result.residuals.primalFeasibility, options.feasibilityTolerance),
      ("relative stationarity", result.residuals.stationarity, options.kktTolerance),
      ("dual feasibility", result.residuals.dualFeasibility, options.kktTolerance * scale),
      ("complementary slackness", result.residuals.complementarySlackness, options.kktTolerance * scale),
    ]
    if let bad = checks.first(where: { !($0.1 <= $0.2) }) {
      throw .notOptimal(model: kind.label, detail: "\(bad.0) \(NumberFormat.scientific(bad.1)) > \(NumberFormat.scientific(bad.2))")
    }
    return makeModel(
      problem, likelihood: likelihood, covariance: covariance, point: point, lambda: lambda, bounds: bounds,
      constraints: result.constraints,
      summary: FitSummary(
        iterations: iterations, gradientNorm: Vector.maxAbs(result.stationarityVector), termination: .converged,
        fixedEffectRidge: problem.fixedEffectRidge, kktResiduals: result.residuals, log: log),
      nAGQ: options.nAGQ, parallel: options.parallel, standardErrors: options.standardErrors)
  }

  static func evaluate(
    _ likelihood: RandomInterceptLikelihood, _ covariance: ModeCovariance, theta: [Double], modes: [Double]
  ) -> Point {
    let p = likelihood.p
    let e = likelihood.evaluate(beta: Array(theta[0..<p]), tau: theta[p], modes: modes, information: false)
    return Point(theta: theta, evaluation: e, values: covariance.values(beta: Array(theta[0..<p]), modes: e.modes))
  }

  /// sum_k max(0, |g_k| - c_k).
  static func violation(_ values: [Double], _ bounds: [Double]) -> Double {
    zip(values, bounds).reduce(0) { $0 + max(0, abs($1.0) - $1.1) }
  }

  /// Gradient of the Lagrangian F + sum_k lambda_k g_k at theta (modes warm-started from `modes`).
  static func lagrangianGradient(
    _ likelihood: RandomInterceptLikelihood, _ covariance: ModeCovariance, theta: [Double], modes: [Double], lambda: [Double]
  ) -> [Double] {
    let p = likelihood.p
    let e = likelihood.evaluate(beta: Array(theta[0..<p]), tau: theta[p], modes: modes, information: false)
    var out = e.gradient.map { -$0 }
    guard lambda.contains(where: { $0 != 0 }), let terms = e.modeTerms else { return out }
    let g = covariance.gradients(terms, tau: theta[p], modes: e.modes)
    for k in lambda.indices where lambda[k] != 0 { out = Vector.axpy(out, lambda[k], g[k]) }
    return out
  }

  /// The constraints' gradients and the Hessian of the Lagrangian F + sum_k lambda_k g_k at `point`:
  /// exact for the Laplace approximation (`laplaceHessian` with the cluster weights
  /// m_i = sum_k lambda_k s_ik / N, whose modes' curvature is that of g); for nAGQ > 1 the analytic
  /// beta block of `ModeCovariance.lagrangianBlock` with a tau row from a forward difference of the
  /// Lagrangian's exact gradient (one evaluation).
  static func lagrangianHessianAndGradients(
    _ likelihood: RandomInterceptLikelihood, _ covariance: ModeCovariance, _ point: Point, lambda: [Double]
  ) -> (gradients: [[Double]], hessian: Matrix) {
    let p = likelihood.p, theta = point.theta, beta = Array(theta[0..<p])
    if likelihood.rule.nodes.count == 1, let terms = point.evaluation.modeTerms {
      let gradients = covariance.gradients(terms, tau: theta[p], modes: point.evaluation.modes)
      let hessian = likelihood.laplaceHessian(
        beta: beta, tau: theta[p], at: point.evaluation, clusterWeights: covariance.clusterWeights(lambda))
      return (gradients, hessian)
    }
    let g = covariance.lagrangianBlock(beta: beta, tau: theta[p], modes: point.evaluation.modes, lambda: lambda)
    var lagrangian = point.evaluation.gradient.map { -$0 }
    for k in lambda.indices where lambda[k] != 0 { lagrangian = Vector.axpy(lagrangian, lambda[k], g.gradients[k]) }
    let h = 1e-5
    let gu = lagrangianGradient(likelihood, covariance, theta: beta + [theta[p] + h], modes: point.evaluation.modes, lambda: lambda)
    var b = Matrix(rows: p + 1, columns: p + 1)
    for r in 0..<p { for s in 0..<p { b[r, s] = g.block[r, s] } }
    for r in 0...p {
      let value = (gu[r] - lagrangian[r]) / h
      b[r, p] = value
      b[p, r] = value
    }
    return (g.gradients, b)
  }

  /// The accepted point and step length: the full step with its second-order correction, else
  /// Armijo backtracking on the l1 merit along the QP step; nil when no length decreases it.
  static func lineSearch(
    _ likelihood: RandomInterceptLikelihood, _ covariance: ModeCovariance, from point: Point, qp: LinearizedBoxQP.Solution,
    factor: Cholesky, gradient: [Double], rows: [[Double]], bounds: [Double], penalty: Double, log: inout FitLog
  ) -> (point: Point, t: Double)? {
    let p = likelihood.p
    func merit(_ x: Point) -> Double { x.objective + penalty * violation(x.values, bounds) }
    let current = merit(point)
    let slope = Vector.dot(gradient, qp.step) - penalty * violation(point.values, bounds)
    let accept = { (x: Point, t: Double) -> Bool in
      let v = merit(x)
      return v.isFinite && v <= current + 1e-4 * t * min(slope, 0) + 1e-13 * abs(current)
    }
    // Cap the log-sigma move so that one step cannot jump across scales.
    let maxStep = abs(qp.step[p]) > 2 ? 2 / abs(qp.step[p]) : 1
    if maxStep == 1 {
      let full = evaluate(likelihood, covariance, theta: Vector.axpy(point.theta, 1, qp.step), modes: point.evaluation.modes)
      log.count()
      if accept(full, 1) { return (full, 1) }
      // Second-order correction: the same QP with the constraint values seen at the full step.
      let shifted = zip(full.values, rows).map { $0 - Vector.dot($1, qp.step) }
      let corrected = LinearizedBoxQP(
        factor: factor, gradient: gradient, rows: rows, values: shifted, lower: bounds.map { -$0 }, upper: bounds
      ).solve(preferred: qp.sides)
      let soc = evaluate(likelihood, covariance, theta: Vector.axpy(point.theta, 1, corrected.step), modes: point.evaluation.modes)
      log.count()
      if accept(soc, 1) { return (soc, 1) }
    }
    var found: Point? = nil
    let search = StepHalving.search(maxStep: maxStep, halvings: 40) { t in
      let x = evaluate(likelihood, covariance, theta: Vector.axpy(point.theta, t, qp.step), modes: point.evaluation.modes)
      guard accept(x, t) else { return false }
      found = x
      return true
    }
    log.count(search.trials)
    guard let t = search.t, let found else { return nil }
    return (found, t)
  }

  /// KKT residuals and constraint results at the returned point.
  static func finish(
    _ point: Point, lambda: [Double], sides: [LinearizedBoxQP.Side], gradients: [[Double]], bounds: [Double]
  ) -> (residuals: KKTResiduals, constraints: [(upper: Double, lower: Double)], stationarityVector: [Double]) {
    let gradient = point.evaluation.gradient.map { -$0 }
    var stationarity = gradient
    for k in lambda.indices where !gradients.isEmpty { stationarity = Vector.axpy(stationarity, lambda[k], gradients[k]) }
    var dual = 0.0, slackness = 0.0
    var split: [(upper: Double, lower: Double)] = []
    for k in lambda.indices {
      let (g, c) = (point.values[k], bounds[k])
      if c == 0 {
        split.append((max(lambda[k], 0), max(-lambda[k], 0)))
        continue
      }
      if !c.isFinite {
        split.append((0, 0))
        continue
      }
      // An inequality's multiplier belongs to the side it is on; a wrong sign is dual infeasibility.
      let (mu, slack) = sides[k] == .lower ? (-lambda[k], c + g) : (lambda[k], c - g)
      dual = max(dual, max(0, -mu))
      slackness = max(slackness, abs(mu * slack))
      split.append(sides[k] == .lower ? (0, max(mu, 0)) : (max(mu, 0), 0))
    }
    let residuals = KKTResiduals(
      stationarity: Vector.maxAbs(stationarity) / max(1, Vector.maxAbs(gradient)),
      primalFeasibility: zip(point.values, bounds).map { max(0, abs($0) - $1) }.max() ?? 0, dualFeasibility: dual,
      complementarySlackness: slackness)
    return (residuals, split, stationarity)
  }

  /// sigma -> 0: the GLMM likelihood tends to the LR likelihood and g to Fair LR's (b = 0), so the
  /// constrained GLMM on the boundary is Fair LR; reported as such with a notice.
  static func singularFit(_ problem: ModelProblem, bounds: [Double], nAGQ: Int) throws(FairAuditError) -> FittedModel {
    let lr = try PenalizedLogisticFit.fit(problem, kind: .logisticRegression)
    let (fair, _) = try ConstrainedLogisticFit.fit(problem, kind: .fairLogisticRegression, bounds: bounds, unconstrained: lr)
    var summary = fair.summary
    summary.notes.append(
      "Singular fit: the random-intercept variance is estimated at 0 (boundary), so the constrained GLMM reduces to Fair LR, whose estimates and multipliers (with sigma fixed at 0) are reported."
    )
    let intercepts = RandomIntercepts.boundary(problem)
    return FittedModel(
      kind: .constrainedGLMM, coefficients: fair.coefficients, randomIntercepts: intercepts, logLikelihood: fair.logLikelihood,
      parameterCount: problem.p + 1, observationCount: problem.n, objectiveValue: fair.objectiveValue, summary: summary,
      settings: ModelSettings(nAGQ: 0, bounds: ModelSettings.perFeature(problem.sensitiveNames, bounds)), constraints: fair.constraints)
  }
}
