import Foundation

extension RandomInterceptLikelihood {
  /// The mode terms and the one quadrature node of the Laplace approximation (nAGQ = 1: the node
  /// is the mode itself) in one pass over each cluster's rows: mu, w = mu (1 - mu),
  /// w' = w (1 - 2 mu), w'' = w (1 - 6 w) and the residual y - mu at eta = x'beta + b, with
  /// u = sum w x, v = sum w' x, t = sum w'' x (the exact Hessian's) and sum (y - mu) x. The same
  /// sums as `modeTerms` and `nodeTerms`, which read X twice; one piece per cluster, its rows in
  /// cluster order, so the sums do not depend on the thread count. The row weights w are kept only
  /// when `keepWeights` (the profiled information needs them; the exact Hessian does not).
  func laplaceTerms(offset: [Double], modes: [Double], sigma2: Double, keepWeights: Bool) -> (ModeTerms, [[NodeTerms]]) {
    let p = p, y = rows.y
    struct Part {
      var weights: [Double]
      var u: [Double], v: [Double], t: [Double], rx: [Double]
      var sumW = 0.0, sumWPrime = 0.0, sumWSecond = 0.0, logLikelihood = 0.0, residual = 0.0
    }
    let parts = rows.x.storage.parallel.map(q) { c -> Part in
      let range = rows.rows(of: c)
      let zero = [Double](repeating: 0, count: p)
      var part = Part(weights: [Double](repeating: 0, count: keepWeights ? range.count : 0), u: zero, v: zero, t: zero, rx: zero)
      let b = modes[c]
      rows.x.withUnsafeRows { x, rowStart in
        part.u.withUnsafeMutableBufferPointer { u in
          part.v.withUnsafeMutableBufferPointer { v in
            part.t.withUnsafeMutableBufferPointer { t in
              part.rx.withUnsafeMutableBufferPointer { rx in
                // Pointers, not index arithmetic, in the inner loop: it vectorises.
                let (u, v, t, rx, first) = (u.baseAddress!, v.baseAddress!, t.baseAddress!, rx.baseAddress!, x.baseAddress!)
                for k in range {
                  let eta = offset[k] + b
                  let (loss, mu) = StableMath.lossAndMean(y: y[k], eta: eta)
                  let w = mu * (1 - mu), wPrime = w * (1 - 2 * mu), wSecond = w * (1 - 6 * w), r = y[k] - mu
                  if keepWeights { part.weights[k - range.lowerBound] = w }
                  part.sumW += w
                  part.sumWPrime += wPrime
                  part.sumWSecond += wSecond
                  part.residual += r
                  part.logLikelihood -= loss
                  let row = first + rowStart[k]
                  for j in 0..<p {
                    let xj = row[j]
                    u[j] += w * xj
                    v[j] += wPrime * xj
                    t[j] += wSecond * xj
                    rx[j] += r * xj
                  }
                }
              }
            }
          }
        }
      }
      return part
    }
    var m = ModeTerms(
      weights: [], u: [], v: [], sumW: parts.map(\.sumW), sumWPrime: parts.map(\.sumWPrime), t: [],
      sumWSecond: parts.map(\.sumWSecond))
    m.weights.reserveCapacity(keepWeights ? rows.y.count : 0)
    for part in parts {
      m.weights += part.weights
      m.u += part.u
      m.v += part.v
      m.t += part.t
    }
    // The node b = mode (z = 0, weight sqrt(pi)): log w + z^2 + log f(b).
    let logWeight = Foundation.log(rule.weights[0])
    let nodes = (0..<q).map { c -> [NodeTerms] in
      let b = modes[c]
      let logf = -b * b / (2 * sigma2) - 0.5 * Foundation.log(2 * Double.pi * sigma2) + parts[c].logLikelihood
      return [
        NodeTerms(
          logWeighted: logWeight + logf, slope: parts[c].residual - b / sigma2, tauSlope: b * b / sigma2 - 1,
          residualX: parts[c].rx)
      ]
    }
    return (m, nodes)
  }
}
