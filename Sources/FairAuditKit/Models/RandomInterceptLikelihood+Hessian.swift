import Foundation

extension RandomInterceptLikelihood {
  /// The exact Hessian of the Laplace approximation (nAGQ = 1) in theta = (beta, tau), with the
  /// curvature of the conditional modes b_i(theta) added with weights m_i:
  ///
  ///     N = -d2 objective / dtheta2 + sum_i m_i d2 b_i / dtheta2.
  ///
  /// With m = 0 this is the observed information (standard errors, Newton steps); the constrained
  /// GLMM passes m_i = sum_k lambda_k s_ik / N to get the Hessian of its Lagrangian.
  ///
  /// Per cluster, with eta_j = x_j'beta + b, w = mu (1 - mu), w' = w (1 - 2 mu), w'' = w (1 - 6 w),
  /// kappa = 1/sigma^2 = e^{-2 tau}, H = sum w + kappa, xi_j = (x_j, 0), e_tau the tau axis,
  /// sums W' = sum w', W'' = sum w'', v = sum w' xi, t = sum w'' xi, and
  ///
  ///     b_theta = (-u/H, 2 b kappa / H),   H_theta = v + W' b_theta - 2 kappa e_tau,
  ///     d2 b = [-sum w' d_j d_j' + 2 kappa (b_theta e_tau' + e_tau b_theta') - 4 kappa b e_tau e_tau'] / H,
  ///
  /// (d_j = xi_j + b_theta, the total derivative of eta_j), the Laplace term
  /// L_i = sum_j log f(y_j | eta_j) - b^2 kappa / 2 - tau - log(H) / 2 has
  ///
  ///     d2 L_i = -sum w d_j xi_j' - ... = -sum_j omega_j xi_j xi_j' + (rank-few terms in b_theta, v, t, e_tau),
  ///     omega_j = w_j + w''_j / (2H) - W' w'_j / (2 H^2),
  ///
  /// derived by differentiating the mode equation sum_j (y_j - mu_j) = b kappa twice
  /// (docs/method.md, "Exact Laplace Hessian"). The x x' parts of all clusters are one weighted
  /// cross product; the rest is O(q p^2). Cost: one cross product (t comes with the evaluation).
  /// - Precondition: `rule` has one node (Laplace) and `e` was evaluated at (beta, tau).
  func laplaceHessian(beta: [Double], tau: Double, at e: Evaluation, clusterWeights: [Double]? = nil) -> Matrix {
    precondition(rule.nodes.count == 1, "the exact Hessian is that of the Laplace approximation")
    guard let m = e.modeTerms else { preconditionFailure("an evaluation carries its mode terms") }
    let p = p, d = p + 1, q = q
    let kappa = Foundation.exp(-2 * tau)
    let weights = clusterWeights ?? [Double](repeating: 0, count: q)
    precondition(m.t.count == q * p, "the Laplace pass carries t")
    // omega per training row (from x'beta and the mode, no pass over X), then X' diag(omega) X in
    // storage order.
    let coefficients = (0..<q).map { c -> (a: Double, b: Double) in
      let h = m.sumW[c] + kappa
      return (1 / (2 * h), m.sumWPrime[c] / (2 * h * h) + weights[c] / h)
    }
    var omega = [Double](repeating: 0, count: rows.order.count)
    let clusterCodes = rows.clusterCodes
    omega.withUnsafeMutableBufferPointer { omega in
      rows.x.storage.parallel.forEachBlock(rows: omega.count) { range in
        for i in range {
          let c = clusterCodes[i]
          let mu = StableMath.logistic(e.trainingOffset[i] + e.modes[c])
          let w = mu * (1 - mu)
          omega[i] = w + coefficients[c].a * w * (1 - 6 * w) - coefficients[c].b * w * (1 - 2 * mu)
        }
      }
    }
    let cross = rows.trainingX.weightedCrossProduct(omega)
    var out = Matrix(rows: d, columns: d)
    for r in 0..<p { for s in 0..<p { out[r, s] = cross[r, s] } }
    // The rank-few terms, cluster by cluster in index order.
    var bTheta = [Double](repeating: 0, count: d), hTheta = bTheta, v = bTheta, t = bTheta
    for c in 0..<q {
      let h = m.sumW[c] + kappa, b = e.modes[c], w1 = m.sumWPrime[c], w2 = m.sumWSecond[c]
      for j in 0..<p {
        bTheta[j] = -m.u[c * p + j] / h
        v[j] = m.v[c * p + j]
        t[j] = m.t[c * p + j]
      }
      bTheta[p] = 2 * b * kappa / h
      for j in 0..<d { hTheta[j] = v[j] + w1 * bTheta[j] }
      hTheta[p] -= 2 * kappa
      let mode = weights[c]
      // -(d2 L_i without its x x' part) + m_i (d2 b_i without its x x' part).
      let bb = -h + w2 / (2 * h) - w1 * w1 / (2 * h * h) - mode * w1 / h
      let bt = 1 / (2 * h)  // coefficient of (t b' + b t')
      let bv = -w1 / (2 * h * h) - mode / h  // of (v b' + b v')
      let be = w1 * kappa / (h * h) + 2 * mode * kappa / h  // of (b e' + e b')
      let ee = 2 * b * b * kappa + 2 * kappa / h - 2 * w1 * kappa * b / (h * h) - 4 * mode * kappa * b / h  // of e e'
      let hh = -1 / (2 * h * h)  // of H_theta H_theta'
      for r in 0..<d {
        for s in 0..<d {
          var value = bb * bTheta[r] * bTheta[s] + bt * (t[r] * bTheta[s] + bTheta[r] * t[s])
          value += bv * (v[r] * bTheta[s] + bTheta[r] * v[s]) + hh * hTheta[r] * hTheta[s]
          if s == p { value += be * bTheta[r] }
          if r == p { value += be * bTheta[s] }
          if r == p && s == p { value += ee }
          out[r, s] += value
        }
      }
    }
    for j in ridgeIndices { out[j, j] += fixedEffectRidge }
    return out
  }
}
