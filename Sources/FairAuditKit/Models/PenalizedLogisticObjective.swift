/// Objective of LR (P1), CRLR (P3) and their rho-penalised fair variants:
///
///     f(beta, b) = sum_j [log(1 + e^eta_j) - y_j eta_j] + lambda sum_i b_i^2 + sum_k (rho_k / 2)(a_k' theta)^2
///                  + (kappa / 2) sum_{j > 0} beta_j^2
///
/// with eta_j = x_j'beta + b_cluster(j) and a_k' theta = N g_k (paper sections 2.2, 3, P6 penalty);
/// kappa = `problem.fixedEffectRidge` (0 unless the separation fallback is on) spares the intercept.
/// Without random intercepts theta = beta. The Hessian is block-arrow plus rank K and is solved by
/// `BlockArrowSolver`, so clusters cost O(p^2 q), not O((p+q)^3).
public struct PenalizedLogisticObjective: NewtonObjective, Sendable {
  public let problem: ModelProblem
  public let hasRandomIntercepts: Bool
  public let lambda: Double
  public let rho: [Double]
  public let directions: [[Double]]

  public init(problem: ModelProblem, randomIntercepts: Bool, lambda: Double = 1, rho: [Double] = []) {
    self.problem = problem
    hasRandomIntercepts = randomIntercepts
    self.lambda = lambda
    self.rho = rho
    directions =
      rho.isEmpty
      ? []
      : problem.sensitiveNames.indices.map {
        problem.covarianceDirection($0, includeClusters: randomIntercepts)
      }
  }

  public var dimension: Int { problem.p + (hasRandomIntercepts ? problem.q : 0) }

  /// kappa of the separation fallback.
  public var fixedEffectRidge: Double { problem.fixedEffectRidge }

  /// Fixed-effect indices the fallback ridge applies to: every column but the intercept.
  var ridgeIndices: [Int] {
    fixedEffectRidge == 0 ? [] : problem.columns.indices.filter { problem.columns[$0] != .intercept }
  }

  public func linearPredictor(_ theta: [Double]) -> [Double] {
    var eta = problem.x.multiply(Array(theta[0..<problem.p]))
    if hasRandomIntercepts {
      for (i, c) in problem.clusters.enumerated() { eta[i] += theta[problem.p + c] }
    }
    return eta
  }

  /// Sum of Bernoulli losses at eta.
  public func loss(_ eta: [Double]) -> Double {
    var s = 0.0
    for i in eta.indices { s += StableMath.bernoulliLoss(y: problem.y[i], eta: eta[i]) }
    return s
  }

  func penalty(_ theta: [Double]) -> Double {
    var s = 0.0
    if hasRandomIntercepts { for k in problem.p..<theta.count { s += lambda * theta[k] * theta[k] } }
    for (k, a) in directions.enumerated() {
      let v = Vector.dot(a, theta)
      s += rho[k] / 2 * v * v
    }
    for j in ridgeIndices { s += fixedEffectRidge / 2 * theta[j] * theta[j] }
    return s
  }

  public func value(at theta: [Double]) -> Double {
    loss(linearPredictor(theta)) + penalty(theta)
  }

  public func quadraticModel(at theta: [Double]) throws -> QuadraticModel {
    let eta = linearPredictor(theta)
    let mu = eta.map(StableMath.logistic)
    let w = mu.map { $0 * (1 - $0) }
    let residual = zip(mu, problem.y).map { $0 - $1 }
    var gradient = problem.x.transposeMultiply(residual)
    var a = problem.x.weightedCrossProduct(w)
    for j in ridgeIndices {
      gradient[j] += fixedEffectRidge * theta[j]
      a[j, j] += fixedEffectRidge
    }
    var b = Matrix(rows: problem.p, columns: hasRandomIntercepts ? problem.q : 0)
    var d = [Double]()
    if hasRandomIntercepts {
      (b, d) = problem.clusterBlocks(weights: w, ridge: 2 * lambda)
      var gb = [Double](repeating: 0, count: problem.q)
      for (i, c) in problem.clusters.enumerated() { gb[c] += residual[i] }
      for k in 0..<problem.q { gb[k] += 2 * lambda * theta[problem.p + k] }
      gradient += gb
    }
    for (k, dir) in directions.enumerated() { gradient = Vector.axpy(gradient, rho[k] * Vector.dot(dir, theta), dir) }
    do {
      let solver = try BlockArrowSolver(a: a, b: b, d: d, lowRank: directions, weights: rho)
      return QuadraticModel(
        value: loss(eta) + penalty(theta), gradient: gradient, solve: solver.solve,
        inverseDiagonal: { solver.inverseDiagonal() })
    } catch {
      throw HessianNotPositiveDefinite(
        detail: "Hessian not positive definite at design column \(pivotName(error.pivot))",
        pivot: error.pivot)
    }
  }

  private func pivotName(_ pivot: Int) -> String {
    pivot < problem.p ? "\"\(problem.names[pivot])\"" : "cluster \"\(problem.clusterLevels[pivot - problem.p])\""
  }
}
