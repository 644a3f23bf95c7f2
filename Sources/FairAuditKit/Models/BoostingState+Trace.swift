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
    let m = probes.count, n = problem.n, width = 1 + clusters
    var stacked = [Double](repeating: 0, count: n * 2 * m)
    var totals = [Double](repeating: 0, count: 2 * m * width)
    stacked.withUnsafeMutableBufferPointer { out in
      totals.withUnsafeMutableBufferPointer { t in
        for k in 0..<m {
          probes[k].withUnsafeBufferPointer { v in
            images[k].withUnsafeBufferPointer { image in
              for i in 0..<n {
                let root = rootW[i], c = 1 + problem.clusters[i]
                let u = root * v[i], h = root * (v[i] - image[i])
                out[i * 2 * m + k] = u
                out[i * 2 * m + m + k] = h
                t[k * width] += u
                t[k * width + c] += u
                t[(m + k) * width] += h
                t[(m + k) * width + c] += h
              }
            }
          }
        }
      }
    }
    let products = problem.x.transposeMultiply(rowMajor: stacked, count: 2 * m)
    let rows = (0..<(2 * m)).map { Array(totals[($0 * width)..<(($0 + 1) * width)]) }
    return ProbeSums(u: Array(rows[0..<m]), h: Array(rows[m...]), xu: Array(products[0..<m]), xh: Array(products[m...]))
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
    let variances = try penalisedFisher().inverseDiagonal(p..<(p + clusters))
    let total = zip(variances, delta[p...]).reduce(0) { $0 + $1.0 + $1.1 * $1.1 }
    return max(total / Double(clusters), 1e-8)
  }

  func penalisedFisher() throws -> BlockArrowSolver {
    let (b, d) = problem.clusterBlocks(weights: w, ridge: 1 / q)
    return try BlockArrowSolver(a: problem.x.weightedCrossProduct(w), b: b, d: d, lowRank: directions, weights: rho)
  }
}
