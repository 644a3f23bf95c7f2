import Foundation

extension ConstrainedGLMMFit {
  /// The returned point as a `FittedModel`. Standard errors: the reduced-Hessian covariance
  /// (`ReducedCovariance`) of the Lagrangian's Hessian in (beta, tau) (exact for the Laplace
  /// approximation, as the GLMM's observed information), restricted to the null space of the active
  /// constraints' gradients.
  static func makeModel(
    _ problem: ModelProblem, likelihood: RandomInterceptLikelihood, covariance: ModeCovariance, point: Point, lambda: [Double],
    bounds: [Double], constraints split: [(upper: Double, lower: Double)], summary: FitSummary, nAGQ: Int, parallel: ParallelWork,
    standardErrors: Bool
  ) -> FittedModel {
    let p = problem.p, theta = point.theta, e = point.evaluation
    var summary = summary
    let constraints = problem.sensitiveNames.indices.map { k in
      ConstraintResult(
        feature: problem.sensitiveNames[k], covariance: point.values[k], bound: bounds[k], multiplierUpper: split[k].upper,
        multiplierLower: split[k].lower)
    }
    guard let terms = e.modeTerms else { preconditionFailure("an evaluation carries its mode terms") }
    let gradients = covariance.gradients(terms, tau: theta[p], modes: e.modes)
    let active = constraints.indices.filter { constraints[$0].bound == 0 || constraints[$0].isActive }.map { gradients[$0] }
    var variances = [Double](repeating: .nan, count: p)
    if standardErrors {
      let hessian = lagrangianHessian(likelihood, covariance, point, lambda: lambda, parallel: parallel)
      do {
        let factor = try Cholesky(hessian)
        let inverse = factor.inverse()
        let diagonal = (0...p).map { inverse[$0, $0] }
        variances = Array(ReducedCovariance.diagonal(solve: factor.solve, inverseDiagonal: diagonal, active: active)[0..<p])
      } catch {
        // Not swallowed: the estimates stand, the standard errors are reported as unavailable.
        summary.notes.append(
          "The Hessian of the Lagrangian is not positive definite at the optimum, so the standard errors are not reported.")
      }
    }
    let (se, seNote) = FittedModel.standardErrors(variances, names: problem.names)
    if let seNote, standardErrors { summary.notes.append(seNote) }
    summary.notes += ConstrainedLogisticFit.slackNotes(constraints)
    summary.notes.append(seConvention(active: constraints.filter { $0.bound == 0 || $0.isActive }.map(\.feature)))
    let coefficients = (0..<p).map { j in
      Coefficient(name: problem.names[j], estimate: theta[j], standardError: se[j], unitScale: problem.columns[j].unitScale)
    }
    let sigma2 = Foundation.exp(2 * theta[p])
    let intercepts = RandomIntercepts(
      grouping: problem.clusterName ?? "", levels: problem.clusterLevels, modes: e.modes,
      conditionalSD: e.precisions.map { (1 / $0).squareRoot() }, variance: sigma2, sizes: problem.clusterSizes)
    let settings = ModelSettings(nAGQ: nAGQ, bounds: ModelSettings.perFeature(problem.sensitiveNames, constraints.map(\.bound)))
    return FittedModel(
      kind: .constrainedGLMM, coefficients: coefficients, randomIntercepts: intercepts, logLikelihood: e.logLikelihood,
      parameterCount: p + 1, observationCount: problem.n, objectiveValue: -e.objective, summary: summary, settings: settings,
      constraints: constraints)
  }

  /// The sentence stating the standard-error convention of a constrained fit.
  static func seConvention(active: [String]) -> String {
    guard !active.isEmpty else {
      return "Standard errors: no fairness constraint is active, so they are the usual ones from the inverse Hessian."
    }
    return "Standard errors respect the active constraints (\(active.joined(separator: ", "))): they come from the covariance "
      + "restricted to the null space of the active constraints' gradients, Z (Z'HZ)^-1 Z' with H the Hessian of the Lagrangian."
  }

  /// The Hessian of the Lagrangian in (beta, tau): exact for the Laplace approximation; for nAGQ > 1
  /// a forward difference of its exact gradient, symmetrised, whose columns are independent pieces
  /// of `parallel` (each computed alone, so the same bytes for any thread count).
  static func lagrangianHessian(
    _ likelihood: RandomInterceptLikelihood, _ covariance: ModeCovariance, _ point: Point, lambda: [Double],
    parallel: ParallelWork = .serial
  ) -> Matrix {
    if likelihood.rule.nodes.count == 1 { return lagrangianHessianAndGradients(likelihood, covariance, point, lambda: lambda).hessian }
    let theta = point.theta, d = theta.count, modes = point.evaluation.modes
    let base = lagrangianGradient(likelihood, covariance, theta: theta, modes: modes, lambda: lambda)
    let columns = parallel.map(d) { (a: Int) -> [Double] in
      let step = 1e-6 * max(1, abs(theta[a]))
      var up = theta
      up[a] += step
      let gu = lagrangianGradient(likelihood, covariance, theta: up, modes: modes, lambda: lambda)
      return (0..<d).map { (gu[$0] - base[$0]) / step }
    }
    var h = Matrix(rows: d, columns: d)
    for a in 0..<d { for b in 0..<d { h[a, b] = columns[a][b] } }
    for a in 0..<d { for b in 0..<a { let s = (h[a, b] + h[b, a]) / 2; h[a, b] = s; h[b, a] = s } }
    return h
  }
}
