import Foundation

/// Per-probe sums shared by every candidate of a step: for u_i = W^{1/2} v_i and
/// h_i = W^{1/2} (v_i - R_i) = W^{1/2} H_{l-1} v_i, the totals, the per-cluster totals and X'u, X'h.
struct ProbeSums {
  var u: [[Double]]  // per probe: [sum, per-cluster...]
  var h: [[Double]]
  var xu: [[Double]]  // per probe: X'u
  var xh: [[Double]]
}

extension BoostingState {
  /// The probe sums of a step; the N x 2m products go into the reused `probeWorkspace` (row blocks
  /// in parallel, each writing its own rows; the totals added in block order).
  mutating func probeSums() -> ProbeSums {
    let m = probes.count, n = problem.n, width = 1 + clusters
    if probeWorkspace.count != n * 2 * m { probeWorkspace = [Double](repeating: 0, count: n * 2 * m) }
    let (probes, images, rootW, clusterCodes) = (probes, images, rootW, problem.clusters)
    let parallel = problem.x.storage.parallel
    let totals = probeWorkspace.withUnsafeMutableBufferPointer { out in
      parallel.blockSum(rows: n, length: 2 * m * width) { range in
        var t = [Double](repeating: 0, count: 2 * m * width)
        for k in 0..<m {
          let (v, image) = (probes[k], images[k])
          for i in range {
            let root = rootW[i], c = 1 + clusterCodes[i]
            let u = root * v[i], h = root * (v[i] - image[i])
            out[i * 2 * m + k] = u
            out[i * 2 * m + m + k] = h
            t[k * width] += u
            t[k * width + c] += u
            t[(m + k) * width] += h
            t[(m + k) * width + c] += h
          }
        }
        return t
      }
    }
    let products = problem.x.transposeMultiply(rowMajor: probeWorkspace, count: 2 * m)
    let rows = (0..<(2 * m)).map { Array(totals[($0 * width)..<(($0 + 1) * width)]) }
    return ProbeSums(u: Array(rows[0..<m]), h: Array(rows[m...]), xu: Array(products[0..<m]), xh: Array(products[m...]))
  }

  /// Hutchinson estimate of tr(M_r H_{l-1}) = mean_i (A_r'W^{1/2} H v_i)' F_r^{-1} (A_r'W^{1/2} v_i).
  func crossTrace(_ system: CandidateSystem, column r: Int, sums: ProbeSums) -> Double {
    var total = 0.0
    for i in sums.u.indices {
      let tu = [sums.u[i][0], sums.xu[i][r]] + sums.u[i][1...]
      let th = [sums.h[i][0], sums.xh[i][r]] + sums.h[i][1...]
      total += system.solver.bilinear(th, tu)
    }
    return total / Double(max(sums.u.count, 1))
  }

  /// EM update of Q, safeguarded. The EM value Q_EM = mean_i (V_ii + b_i^2), V the b block of the
  /// inverse penalised Fisher matrix F of all fixed and random effects (including the fairness
  /// and ridge penalties) at the current weights, is the fixed point of Phi(delta, .) =
  /// b'b/(2Q) + (q/2) log Q + (1/2) log det F(Q) + const. It is accepted only if Phi does not
  /// increase; otherwise the log-step towards it is halved (up to 10 times) and, failing that, Q is
  /// kept. So Q cannot run away, whatever the current delta.
  /// - Returns: Phi before and after the update.
  @discardableResult
  mutating func updateVariance() throws(FairAuditError) -> (Double, Double) {
    let information = Information(state: self)
    let current = try information.solver(variance: q, state: self)
    let before = varianceObjective(current, variance: q)
    let variances = current.inverseDiagonal(p..<(p + clusters))
    var total = 0.0
    for c in 0..<clusters { total += variances[c] + delta[p + c] * delta[p + c] }
    let target = max(total / Double(clusters), 1e-8)
    guard target.isFinite else { throw numerical("the EM update of the variance is not finite") }
    var candidate = target, accepted = false
    for _ in 0...10 {
      let value = varianceObjective(try information.solver(variance: candidate, state: self), variance: candidate)
      if value <= before {
        q = candidate
        varianceObjective = value
        accepted = true
        break
      }
      candidate = (q * candidate).squareRoot()
    }
    if !accepted { varianceObjective = before }
    objective = penalisedObjective(loss: currentLoss, delta: delta)
    return (before, varianceObjective)
  }

  /// Phi(delta, Q) - (the likelihood and fairness terms, which do not depend on Q) + f(delta; Q).
  func varianceObjective(_ fisher: BlockArrowSolver, variance: Double) -> Double {
    var bb = 0.0
    for c in 0..<clusters { bb += delta[p + c] * delta[p + c] }
    let restOfF = penalisedObjective(loss: currentLoss, delta: delta) - bb / (2 * q)
    return restOfF + bb / (2 * variance) + Double(clusters) / 2 * Foundation.log(variance) + fisher.logDeterminant / 2
  }

  /// The Q-independent pieces of the penalised Fisher matrix at the current weights: X'WX + kappa
  /// (not on the intercept), X'WZ and diag(Z'WZ); computed once per step and reused for every Q tried.
  struct Information {
    let a: Matrix
    let b: Matrix
    let clusterWeight: [Double]

    init(state: BoostingState) {
      var a = state.problem.x.weightedCrossProduct(state.w)
      for j in 1..<state.p { a[j, j] += state.ridge }
      let (b, d) = state.problem.clusterBlocks(weights: state.w, ridge: 0)
      self.a = a
      self.b = b
      clusterWeight = d
    }

    func solver(variance: Double, state: BoostingState) throws(FairAuditError) -> BlockArrowSolver {
      do {
        return try BlockArrowSolver(a: a, b: b, d: clusterWeight.map { $0 + 1 / variance }, lowRank: state.directions, weights: state.rho)
      } catch {
        throw state.numerical("the penalised Fisher matrix is not positive definite (pivot \(error.pivot), Q = \(variance))")
      }
    }
  }

  /// F(delta, Q) at the current weights and variance.
  func penalisedFisher() throws(FairAuditError) -> BlockArrowSolver {
    try Information(state: self).solver(variance: q, state: self)
  }
}
