import Foundation

extension RandomInterceptLikelihood {
  /// The mode terms and the one quadrature node of the Laplace approximation (nAGQ = 1: the node
  /// is the mode itself) in one pass over the training rows in storage order: mu, w = mu (1 - mu),
  /// w' = w (1 - 2 mu), w'' = w (1 - 6 w) and the residual y - mu at eta = x'beta + b, with, per
  /// cluster, u = sum w x, v = sum w' x, t = sum w'' x (the exact Hessian's) and sum (y - mu) x.
  /// The same sums as `modeTerms` and `nodeTerms`, which read X twice and in cluster order (a
  /// cluster's rows are scattered over X, so those reads miss the cache). Each fixed row block adds
  /// its rows into per-cluster partial sums, and the blocks are added in block order: the sums do
  /// not depend on the thread count. Blocks grow with the number of clusters so that the partial
  /// sums stay within about 64 MB. The row weights w (in cluster order) are kept only when
  /// `keepWeights` (the profiled information needs them; the exact Hessian does not).
  func laplaceTerms(
    trainingOffset: [Double], offset: [Double], modes: [Double], sigma2: Double, keepWeights: Bool
  ) -> (
    ModeTerms, [[NodeTerms]]
  ) {
    let p = p, q = q, n = trainingOffset.count
    // Per cluster: u, v, t, rx (p each), then sum w, sum w', sum w'', log-likelihood, sum (y - mu).
    let width = 4 * p + 5, scalars = 4 * p
    let blockRows = max(ParallelWork.blockRows, Int((Double(n) * Double(q * width * 8) / 64e6).rounded(.up)))
    let (y, clusterCodes) = (rows.trainingY, rows.clusterCodes)
    let totals = rows.trainingX.withUnsafeRows { x, rowStart in
      rows.x.storage.parallel.blockSum(rows: n, length: q * width, blockRows: blockRows) { range in
        var out = [Double](repeating: 0, count: q * width)
        out.withUnsafeMutableBufferPointer { out in
          // Pointers, not index arithmetic, in the inner loop: it vectorises.
          let (sums, first) = (out.baseAddress!, x.baseAddress!)
          StableMath.lossAndMean(
            rows: range, y: { y[$0] }, eta: { trainingOffset[$0] + modes[clusterCodes[$0]] },
            each: {
              firstRow, count, losses, means in
              for l in 0..<count {
                let i = firstRow + l, c = clusterCodes[i], loss = losses[l], mu = means[l]
                let w = mu * (1 - mu), wPrime = w * (1 - 2 * mu), wSecond = w * (1 - 6 * w), r = y[i] - mu
                let (u, row) = (sums + c * width, first + rowStart[i])
                let (v, t, rx) = (u + p, u + 2 * p, u + 3 * p)
                for j in 0..<p {
                  let xj = row[j]
                  u[j] += w * xj
                  v[j] += wPrime * xj
                  t[j] += wSecond * xj
                  rx[j] += r * xj
                }
                u[scalars] += w
                u[scalars + 1] += wPrime
                u[scalars + 2] += wSecond
                u[scalars + 3] -= loss
                u[scalars + 4] += r
              }
            })
        }
        return out
      }
    }
    var m = ModeTerms(
      weights: [], u: [], v: [], sumW: (0..<q).map { totals[$0 * width + scalars] },
      sumWPrime: (0..<q).map { totals[$0 * width + scalars + 1] }, t: [],
      sumWSecond: (0..<q).map { totals[$0 * width + scalars + 2] })
    m.u.reserveCapacity(q * p)
    m.v.reserveCapacity(q * p)
    m.t.reserveCapacity(q * p)
    for c in 0..<q {
      let at = c * width
      m.u += totals[at..<(at + p)]
      m.v += totals[(at + p)..<(at + 2 * p)]
      m.t += totals[(at + 2 * p)..<(at + 3 * p)]
    }
    if keepWeights {
      m.weights = [Double](repeating: 0, count: offset.count)
      for c in 0..<q {
        for k in rows.rows(of: c) {
          let mu = StableMath.logistic(offset[k] + modes[c])
          m.weights[k] = mu * (1 - mu)
        }
      }
    }
    // The node b = mode (z = 0, weight sqrt(pi)): log w + z^2 + log f(b).
    let logWeight = Foundation.log(rule.weights[0])
    let nodes = (0..<q).map { c -> [NodeTerms] in
      let b = modes[c], at = c * width
      let logf = -b * b / (2 * sigma2) - 0.5 * Foundation.log(2 * Double.pi * sigma2) + totals[at + scalars + 3]
      return [
        NodeTerms(
          logWeighted: logWeight + logf, slope: totals[at + scalars + 4] - b / sigma2, tauSlope: b * b / sigma2 - 1,
          residualX: Array(totals[(at + 3 * p)..<(at + 4 * p)]))
      ]
    }
    return (m, nodes)
  }
}
