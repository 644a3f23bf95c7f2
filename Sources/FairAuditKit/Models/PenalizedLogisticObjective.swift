import Foundation

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
  /// s in s * sum_j loss_j: 1, or N / n for a subsample of n of the N rows standing in for all of
  /// them (a warm start, `SubsampleStart`).
  let lossWeight: Double

  public init(problem: ModelProblem, randomIntercepts: Bool, lambda: Double = 1, rho: [Double] = []) {
    self.init(
      problem: problem, randomIntercepts: randomIntercepts, lambda: lambda, rho: rho,
      directions: rho.isEmpty
        ? []
        : problem.sensitiveNames.indices.map {
          problem.covarianceDirection($0, includeClusters: randomIntercepts)
        }, lossWeight: 1)
  }

  /// The objective with given penalty directions a_k and loss weight s.
  init(problem: ModelProblem, randomIntercepts: Bool, lambda: Double, rho: [Double], directions: [[Double]], lossWeight: Double) {
    self.problem = problem
    hasRandomIntercepts = randomIntercepts
    self.lambda = lambda
    self.rho = rho
    self.directions = directions
    self.lossWeight = lossWeight
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

  /// Sum of Bernoulli losses at eta, over the fixed row blocks added in block order (the design's threads).
  public func loss(_ eta: [Double]) -> Double {
    let y = problem.y
    return problem.x.storage.parallel.blockSum(rows: eta.count, length: 1) { range in
      [StableMath.lossSum(rows: range, y: { y[$0] }, eta: { eta[$0] })]
    }[0]
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

  /// f(theta) in one pass over X (x_i'beta and the loss row by row).
  public func value(at theta: [Double]) -> Double {
    let loss = problem.x.predictorSum(Array(theta[0..<problem.p])) { i, count, xb in
      let (y, eta) = rows(i, count, xb, theta: theta)
      return StableMath.lossAndMean(y: y, eta: eta).loss
    }
    return lossWeight * loss + penalty(theta)
  }

  /// y and eta = x'beta (+ b_cluster) of rows i..<i + count in lanes (0 past count).
  @inline(__always) private func rows(_ i: Int, _ count: Int, _ xb: SIMD4<Double>, theta: [Double]) -> (SIMD4<Double>, SIMD4<Double>) {
    var y = SIMD4<Double>(), eta = xb
    for l in 0..<count {
      y[l] = problem.y[i + l]
      if hasRandomIntercepts { eta[l] += theta[problem.p + problem.clusters[i + l]] }
    }
    return (y, eta)
  }

  /// Value, gradient and the weights mu(1 - mu) at theta, in one pass over X.
  func firstOrder(at theta: [Double]) -> (value: Double, gradient: [Double], weights: [Double]) {
    let p = problem.p, clusters = problem.clusters, random = hasRandomIntercepts
    let pass = problem.x.predictorPass(Array(theta[0..<p])) { i, count, xb in
      let (y, eta) = rows(i, count, xb, theta: theta)
      let (loss, mu) = StableMath.lossAndMean(y: y, eta: eta)
      return MatrixRows.RowTerms(sum: loss, residual: mu - y, weight: mu * (1 - mu))
    }
    var gradient = pass.transposeProduct.map { lossWeight * $0 }
    for j in ridgeIndices { gradient[j] += fixedEffectRidge * theta[j] }
    if random {
      var gb = [Double](repeating: 0, count: problem.q)
      for (i, c) in clusters.enumerated() { gb[c] += pass.residuals[i] }
      for k in 0..<problem.q { gb[k] = lossWeight * gb[k] + 2 * lambda * theta[p + k] }
      gradient += gb
    }
    for (k, dir) in directions.enumerated() { gradient = Vector.axpy(gradient, rho[k] * Vector.dot(dir, theta), dir) }
    return (lossWeight * pass.sum + penalty(theta), gradient, pass.weights)
  }

  public func quadraticModel(at theta: [Double]) throws -> QuadraticModel {
    let (value, gradient, w) = firstOrder(at: theta)
    var a = problem.x.weightedCrossProduct(w)
    if lossWeight != 1 { a.storage = a.storage.map { lossWeight * $0 } }
    for j in ridgeIndices { a[j, j] += fixedEffectRidge }
    var b = Matrix(rows: problem.p, columns: hasRandomIntercepts ? problem.q : 0)
    var d = [Double]()
    if hasRandomIntercepts {
      let blocks = problem.clusterBlocks(weights: w, ridge: 2 * lambda, lossWeight: lossWeight)
      (b, d) = (blocks.b, blocks.d)
    }
    do {
      let solver = try BlockArrowSolver(a: a, b: b, d: d, lowRank: directions, weights: rho)
      return QuadraticModel(
        value: value, gradient: gradient, solve: solver.solve, inverseDiagonal: { solver.inverseDiagonal() }, factorization: solver)
    } catch {
      throw HessianNotPositiveDefinite(
        detail: "Hessian not positive definite at design column \(pivotName(error.pivot))",
        pivot: error.pivot)
    }
  }

  /// Value and gradient at theta (one pass over X) with the solver of `frozen`. A frozen
  /// factorisation with other penalty weights (the previous point of a rho path) is first given
  /// this objective's weights, so that only the change of the weights mu(1 - mu) is stale.
  public func chordModel(at theta: [Double], frozen: QuadraticModel) throws -> QuadraticModel {
    let (value, gradient, _) = firstOrder(at: theta)
    guard let previous = frozen.factorization, previous.weights != rho, previous.weights.count == rho.count else {
      return QuadraticModel(
        value: value, gradient: gradient, solve: frozen.solve, inverseDiagonal: frozen.inverseDiagonal, isExact: false,
        factorization: frozen.factorization)
    }
    let solver: BlockArrowSolver
    do {
      solver = try previous.reweighted(rho)
    } catch {
      throw HessianNotPositiveDefinite(detail: "the penalty's capacitance matrix is not positive definite")
    }
    return QuadraticModel(
      value: value, gradient: gradient, solve: solver.solve, inverseDiagonal: { solver.inverseDiagonal() }, isExact: false,
      factorization: solver)
  }

  private func pivotName(_ pivot: Int) -> String {
    pivot < problem.p ? "\"\(problem.names[pivot])\"" : "cluster \"\(problem.clusterLevels[pivot - problem.p])\""
  }
}
