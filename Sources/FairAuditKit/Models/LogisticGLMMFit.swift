import Foundation

/// Maximum-likelihood fit of the logistic random-intercept GLMM over theta = (beta, tau = log sigma).
///
/// Newton steps use the exact gradient of `RandomInterceptLikelihood`. With the Laplace
/// approximation (nAGQ = 1) the Hessian is exact too (`laplaceHessian`: one weighted cross product
/// per iteration), and so is the observed information behind the standard errors. With nAGQ > 1
/// the beta block is the profiled information X'WX - sum_i u_i u_i'/H_i (exact up to the curvature
/// of the n_clusters log-determinant terms), the tau row a central difference of the exact
/// gradient, and the standard errors come from a finite-difference Hessian of the exact gradient at
/// the optimum, as lme4 computes them from its deviance (see `observedInformation`).
public enum LogisticGLMMFit {
  public struct Options: Sendable {
    public var nAGQ = 1
    public var maxIterations = 100
    /// sigma below this is a singular (boundary) fit: the model reduces to LR.
    public var singularSigma = 1e-4
    public init() {}
  }

  /// - Throws: `.didNotConverge`, `.singularDesign`.
  public static func fit(_ problem: ModelProblem, start: [Double], options: Options = Options()) throws(FairAuditError) -> FittedModel {
    let likelihood = RandomInterceptLikelihood(problem: problem, nAGQ: options.nAGQ)
    var theta = start + [Foundation.log(0.5)]
    let laplace = options.nAGQ == 1
    var current = likelihood.evaluate(beta: Array(theta[0..<problem.p]), tau: theta[problem.p], modes: [], information: !laplace)
    var log = FitLog(
      method: laplace ? "damped Newton on the exact Hessian, step halving" : "damped Newton on the profiled information, step halving",
      tolerance: 1e-12)
    log.count()
    var iterations = 0
    var converged = false
    while iterations < options.maxIterations {
      iterations += 1
      if theta[problem.p] < Foundation.log(options.singularSigma) { return try singularFit(problem, iterations: iterations) }
      guard let (step, damped) = newtonStep(likelihood, theta: theta, at: current) else {
        throw .singularDesign(model: ModelKind.logisticGLMM.label, detail: "the information matrix is not positive definite")
      }
      let decrement = Vector.dot(step, current.gradient)
      // A small decrement from a damped system says little about the gradient on its own: the
      // undamped Newton decrement, a vanishing gradient, or a small damped decrement together with
      // a gradient below 1e-6 relative (a flat optimum where the log-sigma curvature is not
      // positive, near the boundary) declares convergence.
      let scale = 1 + abs(current.objective)
      let gradient = Vector.maxAbs(current.gradient)
      let small = decrement / 2 < 1e-12 * scale
      if (small && (!damped || gradient < 1e-6 * scale)) || gradient < 1e-9 {
        converged = true
        break
      }
      guard let next = lineSearch(likelihood, theta: theta, step: step, current: current, information: !laplace, log: &log) else {
        break
      }
      log.record(objective: -current.objective, gradient: current.gradient, step: next.t)
      (theta, current) = (next.theta, next.evaluation)
    }
    log.record(objective: -current.objective, gradient: current.gradient, step: 0)
    if theta[problem.p] < Foundation.log(options.singularSigma) { return try singularFit(problem, iterations: iterations) }
    guard converged else {
      throw .didNotConverge(model: ModelKind.logisticGLMM.label, iterations: iterations, gradientNorm: Vector.maxAbs(current.gradient))
    }
    return makeModel(problem, likelihood: likelihood, theta: theta, at: current, iterations: iterations, nAGQ: options.nAGQ, log: log)
  }

  /// Newton direction maximising the objective: solves (-Hessian) step = gradient; `damped` when
  /// the system needed a Levenberg-Marquardt shift to be positive definite.
  static func newtonStep(
    _ likelihood: RandomInterceptLikelihood, theta: [Double], at e: RandomInterceptLikelihood.Evaluation
  ) -> (step: [Double], damped: Bool)? {
    guard let m = negativeHessian(likelihood, theta: theta, at: e), let system = Cholesky.damped(m) else { return nil }
    return (system.factor.solve(e.gradient), system.damped)
  }

  /// Minus the Hessian of the objective in (beta, tau): exact for the Laplace approximation; for
  /// nAGQ > 1 the profiled information with a tau row from central differences of the gradient
  /// (nil when the evaluation carries no profiled information).
  static func negativeHessian(
    _ likelihood: RandomInterceptLikelihood, theta: [Double], at e: RandomInterceptLikelihood.Evaluation
  ) -> Matrix? {
    let p = likelihood.p
    if likelihood.rule.nodes.count == 1 { return likelihood.laplaceHessian(beta: Array(theta[0..<p]), tau: theta[p], at: e) }
    guard let info = e.profiledInformation else { return nil }
    let h = 1e-5
    let up = likelihood.evaluate(beta: Array(theta[0..<p]), tau: theta[p] + h, modes: e.modes, information: false)
    let down = likelihood.evaluate(beta: Array(theta[0..<p]), tau: theta[p] - h, modes: e.modes, information: false)
    var m = Matrix(rows: p + 1, columns: p + 1)
    for a in 0..<p { for b in 0..<p { m[a, b] = info[a, b] } }
    for a in 0...p {
      let value = -(up.gradient[a] - down.gradient[a]) / (2 * h)
      m[a, p] = value
      m[p, a] = value
    }
    return m
  }

  static func lineSearch(
    _ likelihood: RandomInterceptLikelihood, theta: [Double], step: [Double], current: RandomInterceptLikelihood.Evaluation,
    information: Bool, log: inout FitLog
  ) -> (theta: [Double], evaluation: RandomInterceptLikelihood.Evaluation, t: Double)? {
    let p = likelihood.p
    // Cap the log-sigma move so one step cannot jump across scales.
    let start = abs(step[p]) > 2 ? 2 / abs(step[p]) : 1
    var accepted: RandomInterceptLikelihood.Evaluation? = nil
    let search = StepHalving.search(maxStep: start, halvings: 39) { t in
      let candidate = Vector.axpy(theta, t, step)
      let e = likelihood.evaluate(beta: Array(candidate[0..<p]), tau: candidate[p], modes: current.modes, information: information)
      guard e.objective.isFinite && e.objective >= current.objective - 1e-12 * abs(current.objective) else { return false }
      accepted = e
      return true
    }
    log.count(search.trials)
    guard let t = search.t, let accepted else { return nil }
    return (Vector.axpy(theta, t, step), accepted, t)
  }

  /// sigma -> 0: the GLMM likelihood tends to the LR likelihood; report LR with a notice.
  static func singularFit(_ problem: ModelProblem, iterations: Int) throws(FairAuditError) -> FittedModel {
    let lr = try PenalizedLogisticFit.fit(problem, kind: .logisticRegression)
    var summary = lr.summary
    summary.iterations += iterations
    summary.notes.append(
      "Singular fit: the random-intercept variance is estimated at 0 (boundary). The GLMM reduces to logistic regression, whose estimates are reported."
    )
    let intercepts = RandomIntercepts.boundary(problem)
    return FittedModel(
      kind: .logisticGLMM, coefficients: lr.coefficients, randomIntercepts: intercepts,
      logLikelihood: lr.logLikelihood, parameterCount: problem.p + 1, observationCount: problem.n,
      objectiveValue: -lr.logLikelihood, summary: summary, settings: ModelSettings(nAGQ: 0))
  }

  static func makeModel(
    _ problem: ModelProblem, likelihood: RandomInterceptLikelihood, theta: [Double], at e: RandomInterceptLikelihood.Evaluation,
    iterations: Int, nAGQ: Int, log: FitLog
  ) -> FittedModel {
    var notes: [String] = []
    var variances: [Double]
    do {
      let covariance = try Cholesky(observedInformation(likelihood, theta: theta, at: e)).inverse()
      variances = (0..<problem.p).map { covariance[$0, $0] }
    } catch {
      // Not swallowed: the estimates stand, the standard errors are reported as unavailable.
      variances = [Double](repeating: .nan, count: problem.p)
      notes.append(
        "The observed information (finite-difference Hessian) is not positive definite at the optimum, so the GLMM's standard errors are not reported."
      )
    }
    let (se, seNote) = FittedModel.standardErrors(variances, names: problem.names)
    if let seNote, notes.isEmpty { notes.append(seNote) }
    let coefficients = (0..<problem.p).map { j in
      Coefficient(name: problem.names[j], estimate: theta[j], standardError: se[j], unitScale: problem.columns[j].unitScale)
    }
    let sigma2 = Foundation.exp(2 * theta[problem.p])
    let intercepts = RandomIntercepts(
      grouping: problem.clusterName ?? "", levels: problem.clusterLevels, modes: e.modes,
      conditionalSD: e.precisions.map { (1 / $0).squareRoot() }, variance: sigma2, sizes: problem.clusterSizes)
    if sigma2 < 1e-4 { notes.append("The random-intercept variance is close to 0; the fit is near the boundary.") }
    var summary = FitSummary(
      iterations: iterations, gradientNorm: Vector.maxAbs(e.gradient), termination: .converged, notes: notes,
      fixedEffectRidge: problem.fixedEffectRidge)
    summary.log = log
    return FittedModel(
      kind: .logisticGLMM, coefficients: coefficients, randomIntercepts: intercepts,
      logLikelihood: e.logLikelihood, parameterCount: problem.p + 1, observationCount: problem.n,
      objectiveValue: -e.objective, summary: summary, settings: ModelSettings(nAGQ: nAGQ))
  }

  /// The observed information at the optimum: the exact Hessian for the Laplace approximation;
  /// for nAGQ > 1 minus the forward-difference Hessian of the exact gradient in (beta, tau),
  /// symmetrised (forward differences from the known gradient at the optimum halve the cost of
  /// central ones at a relative error of about 1e-6, ample for standard errors).
  static func observedInformation(
    _ likelihood: RandomInterceptLikelihood, theta: [Double], at e: RandomInterceptLikelihood.Evaluation
  ) -> Matrix {
    let d = theta.count, p = likelihood.p
    if likelihood.rule.nodes.count == 1 { return likelihood.laplaceHessian(beta: Array(theta[0..<p]), tau: theta[p], at: e) }
    var h = Matrix(rows: d, columns: d)
    for a in 0..<d {
      let step = 1e-6 * max(1, abs(theta[a]))
      var up = theta
      up[a] += step
      let gu = likelihood.evaluate(beta: Array(up[0..<p]), tau: up[p], modes: e.modes, information: false).gradient
      for b in 0..<d { h[a, b] = -(gu[b] - e.gradient[b]) / step }
    }
    for a in 0..<d { for b in 0..<a { let s = (h[a, b] + h[b, a]) / 2; h[a, b] = s; h[b, a] = s } }
    return h
  }
}
