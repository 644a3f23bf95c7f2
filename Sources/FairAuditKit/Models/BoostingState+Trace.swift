/// Per-probe sums shared by every candidate of a step: for u_i = W^{1/2} v_i and
/// h_i = W^{1/2} (v_i - R_i) = W^{1/2} H_{l-1} v_i, the totals, the per-cluster totals and X'u, X'h.
struct ProbeSums {
  var u: [[Double]]  // per probe: [sum, per-cluster...]
  var h: [[Double]]
  var xu: [[Double]]  // per probe: X'u
  var xh: [[Double]]
}

extension BoostingState {
  func probeSums() -> ProbeSums {
    let root = w.map { $0.squareRoot() }
    var sums = ProbeSums(u: [], h: [], xu: [], xh: [])
    for (v, image) in zip(probes, images) {
      let u = zip(root, v).map(*)
      let h = (0..<problem.n).map { root[$0] * (v[$0] - image[$0]) }
      sums.u.append(clusterTotals(u))
      sums.h.append(clusterTotals(h))
      sums.xu.append(problem.x.transposeMultiply(u))
      sums.xh.append(problem.x.transposeMultiply(h))
    }
    return sums
  }

  func clusterTotals(_ u: [Double]) -> [Double] {
    var t = [Double](repeating: 0, count: 1 + clusters)
    for (i, c) in problem.clusters.enumerated() {
      t[0] += u[i]
      t[1 + c] += u[i]
    }
    return t
  }

  /// Hutchinson estimate of tr(M_r H_{l-1}) = mean_i (A_r'W^{1/2} H v_i)' F_r^{-1} (A_r'W^{1/2} v_i).
  func crossTrace(_ system: CandidateSystem, column r: Int, sums: ProbeSums) -> Double {
    var total = 0.0
    for i in sums.u.indices {
      let tu = [sums.u[i][0], sums.xu[i][r]] + sums.u[i][1...]
      let th = [sums.h[i][0], sums.xh[i][r]] + sums.h[i][1...]
      total += Vector.dot(th, system.solver.solve(tu))
    }
    return total / Double(max(sums.u.count, 1))
  }

  /// EM update Q = mean_i (V_ii + b_i^2), V the b block of the inverse penalised Fisher matrix of
  /// all fixed and random effects (including the fairness penalty), at the current weights.
  func emVariance() throws -> Double {
    let fisher = try penalisedFisher()
    var total = 0.0
    for c in 0..<clusters {
      var e = [Double](repeating: 0, count: p + clusters)
      e[p + c] = 1
      total += fisher.solve(e)[p + c] + delta[p + c] * delta[p + c]
    }
    return max(total / Double(clusters), 1e-8)
  }

  func penalisedFisher() throws -> BlockArrowSolver {
    let a = problem.x.weightedCrossProduct(w)
    var b = Matrix(rows: p, columns: clusters)
    var d = [Double](repeating: 1 / q, count: clusters)
    for (i, c) in problem.clusters.enumerated() {
      d[c] += w[i]
      for j in 0..<p { b[j, c] += w[i] * problem.x[i, j] }
    }
    return try BlockArrowSolver(a: a, b: b, d: d, lowRank: directions, weights: rho)
  }
}
