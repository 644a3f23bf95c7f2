import Foundation

/// The boundary covariances of the random-intercept GLMM as functions of theta = (beta, tau):
///
///     g_k(beta, tau) = (1/N) [a_k' beta + sum_i s_ik b_i(beta, tau)],
///     a_k = X'(z_k - zbar_k),  s_ik = sum_{j in cluster i} (z_jk - zbar_k),
///
/// with b_i the conditional modes, which solve sum_j (y_ij - mu_ij) - b_i / sigma^2 = 0. By the
/// implicit function theorem on that equation (one per cluster, so the Jacobian is diagonal):
///
///     db_i/dbeta = -u_i / H_i,  db_i/dtau = 2 b_i / (sigma^2 H_i),
///     u_i = sum_j w_ij x_ij,  H_i = sum_j w_ij + 1/sigma^2,  w = mu (1 - mu),
///
/// and, with w' = dw/deta = w (1 - 2 mu), v_i = sum_j w'_ij x_ij, W'_i = sum_j w'_ij,
///
///     d2 b_i / dbeta dbeta' = -(1/H_i) sum_j w'_ij x_ij x_ij' + (v_i u_i' + u_i v_i') / H_i^2 - W'_i u_i u_i' / H_i^3.
///
/// Cost: one pass over X for the gradients, one weighted cross product for the curvature.
struct ModeCovariance: Sendable {
  let likelihood: RandomInterceptLikelihood
  /// a_k / N per feature (length p) and s_ik / N per feature (length q).
  let fixedPart: [[Double]]
  let clusterPart: [[Double]]

  init(problem: ModelProblem, likelihood: RandomInterceptLikelihood) {
    self.likelihood = likelihood
    let n = Double(problem.n), p = problem.p
    let directions = problem.sensitiveNames.indices.map { problem.covarianceDirection($0, includeClusters: true) }
    fixedPart = directions.map { $0[0..<p].map { $0 / n } }
    clusterPart = directions.map { $0[p...].map { $0 / n } }
  }

  var count: Int { fixedPart.count }

  /// g_k at (beta, modes): linear in beta and b.
  func values(beta: [Double], modes: [Double]) -> [Double] {
    (0..<count).map { Vector.dot(fixedPart[$0], beta) + Vector.dot(clusterPart[$0], modes) }
  }

  /// The gradients of g_k in (beta, tau) from the mode terms at (beta, tau).
  func gradients(_ m: RandomInterceptLikelihood.ModeTerms, tau: Double, modes: [Double]) -> [[Double]] {
    let p = likelihood.p, q = likelihood.q
    let sigma2 = Foundation.exp(2 * tau)
    var out: [[Double]] = []
    for k in 0..<count {
      var g = fixedPart[k] + [0]
      for i in 0..<q where clusterPart[k][i] != 0 {
        let h = m.sumW[i] + 1 / sigma2, s = clusterPart[k][i]
        for j in 0..<p { g[j] -= s * m.u[i * p + j] / h }
        g[p] += s * 2 * modes[i] / (sigma2 * h)
      }
      out.append(g)
    }
    return out
  }

  /// m_i = sum_k lambda_k s_ik / N: the weight of the curvature of b_i in that of sum_k lambda_k g_k.
  func clusterWeights(_ lambda: [Double]) -> [Double] {
    var weight = [Double](repeating: 0, count: likelihood.q)
    for k in 0..<count where lambda[k] != 0 { for i in weight.indices { weight[i] += lambda[k] * clusterPart[k][i] } }
    return weight
  }

  /// The gradients of g_k and the beta block of the Lagrangian's Hessian in one pass:
  /// the GLMM's profiled information X'WX - sum_i u_i u_i'/H_i (+ kappa on the ridge diagonal, as
  /// `RandomInterceptLikelihood.Evaluation.profiledInformation`) plus sum_k lambda_k d2 g_k/dbeta dbeta',
  /// with the two weighted cross products of X merged into one.
  func lagrangianBlock(beta: [Double], tau: Double, modes: [Double], lambda: [Double]) -> (gradients: [[Double]], block: Matrix) {
    let p = likelihood.p, q = likelihood.q, rows = likelihood.rows
    let offset = rows.inClusterOrder(rows.trainingX.multiply(beta))
    let m = likelihood.modeTerms(offset: offset, modes: modes)
    let sigma2 = Foundation.exp(2 * tau)
    let weight = clusterWeights(lambda)
    var rowWeights = m.weights
    for i in 0..<q where weight[i] != 0 {
      let h = m.sumW[i] + 1 / sigma2
      for r in rows.rows(of: i) {
        let mu = StableMath.logistic(offset[r] + modes[i])
        rowWeights[r] -= weight[i] / h * mu * (1 - mu) * (1 - 2 * mu)
      }
    }
    var out = rows.x.weightedCrossProduct(rowWeights)
    for i in 0..<q {
      let h = m.sumW[i] + 1 / sigma2
      let u = m.u[(i * p)..<((i + 1) * p)].map { $0 }, v = m.v[(i * p)..<((i + 1) * p)].map { $0 }
      let a = weight[i] / (h * h), c = weight[i] * m.sumWPrime[i] / (h * h * h) + 1 / h
      for r in 0..<p { for s in 0..<p { out[r, s] += a * (v[r] * u[s] + u[r] * v[s]) - c * u[r] * u[s] } }
    }
    for j in likelihood.ridgeIndices { out[j, j] += likelihood.fixedEffectRidge }
    return (gradients(m, tau: tau, modes: modes), out)
  }
}
