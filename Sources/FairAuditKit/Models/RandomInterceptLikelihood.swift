import Foundation

/// Marginal log-likelihood of the logistic random-intercept model
///
///     y_ij | b_i ~ Bernoulli(logistic(x_ij'beta + b_i)),  b_i ~ N(0, sigma^2),
///
/// by adaptive Gauss-Hermite quadrature around each cluster's conditional mode (K = 1 is the
/// Laplace approximation, as lme4's nAGQ), with the exact gradient in (beta, tau = log sigma):
/// the dependence of the mode b^_i and of the scale s_i = H_i^{-1/2} on the parameters is
/// differentiated implicitly. Cost per evaluation O(N p K); no N x N matrix is ever formed.
///
/// The fitted objective is log L - (kappa / 2) sum_{j > 0} beta_j^2 with kappa =
/// `problem.fixedEffectRidge` (the separation fallback; 0 by default, the intercept is spared):
/// `objective`, `gradient` and `profiledInformation` include it, `logLikelihood` does not.
public struct RandomInterceptLikelihood: Sendable {
  public let rows: ClusteredRows
  public let rule: GaussHermite
  /// kappa of the separation fallback and the fixed-effect indices it applies to.
  public let fixedEffectRidge: Double
  let ridgeIndices: [Int]
  public var p: Int { rows.x.columns }
  public var q: Int { rows.clusterCount }

  public init(problem: ModelProblem, nAGQ: Int) {
    rows = ClusteredRows(problem)
    rule = GaussHermite(count: nAGQ)
    fixedEffectRidge = problem.fixedEffectRidge
    ridgeIndices = problem.fixedEffectRidge == 0 ? [] : problem.columns.indices.filter { problem.columns[$0] != .intercept }
  }

  /// Value, gradient and curvature pieces at one parameter point.
  public struct Evaluation: Sendable {
    /// The marginal log-likelihood log L (no ridge).
    public let logLikelihood: Double
    /// log L - (kappa / 2) sum_{j > 0} beta_j^2, the maximised objective (= logLikelihood when kappa = 0).
    public let objective: Double
    /// d objective / d(beta, tau).
    public let gradient: [Double]
    public let modes: [Double]
    /// H_i = sum_j w_ij(b^_i) + 1/sigma^2, the conditional precision of b_i.
    public let precisions: [Double]
    /// X'WX at the modes minus sum_i u_i u_i' / H_i (plus kappa on the ridge diagonal): minus the
    /// Hessian of the profiled penalised objective in beta (the Schur complement of the b block).
    public let profiledInformation: Matrix?
    /// The per-cluster sums at the modes (reused by `ModeCovariance` and the exact Hessian) and,
    /// unless a Laplace evaluation without `information`, the row weights.
    var modeTerms: ModeTerms? = nil
    /// x'beta per training row, in training order (reused by the exact Hessian).
    var trainingOffset: [Double] = []
  }

  /// - Parameters: `modes` are warm starts for the conditional modes (zeros if empty).
  public func evaluate(beta: [Double], tau: Double, modes start: [Double], information: Bool) -> Evaluation {
    // Row by row, so the values do not depend on the order the rows are visited in.
    let trainingOffset = rows.trainingX.multiply(beta)
    let offset = rows.inClusterOrder(trainingOffset)
    let sigma2 = Foundation.exp(2 * tau)
    var total = 0.0
    var gradient = [Double](repeating: 0, count: p + 1)
    var modes = start.isEmpty ? [Double](repeating: 0, count: q) : start
    var precisions = [Double](repeating: 0, count: q)
    var correction = information ? Matrix(rows: p, columns: p) : nil
    let parallel = rows.x.storage.parallel
    let starts = modes
    modes = parallel.map(q) { i in conditionalMode(rows.rows(of: i), offset: offset, sigma2: sigma2, start: starts[i]) }
    let (m, nodes) =
      rule.nodes.count == 1
      ? laplaceTerms(trainingOffset: trainingOffset, offset: offset, modes: modes, sigma2: sigma2, keepWeights: information)
      : {
        let m = modeTerms(offset: offset, modes: modes); return (m, nodeTerms(offset: offset, modes: modes, sigma2: sigma2, sumW: m.sumW))
      }()
    for i in 0..<q {
      let c = cluster(i, modeTerms: m, nodes: nodes[i], mode: modes[i], sigma2: sigma2)
      total += c.logLikelihood
      precisions[i] = c.precision
      for j in 0..<p { gradient[j] += c.gradientBeta[j] }
      gradient[p] += c.gradientTau
      if information {
        for a in 0..<p { for b in 0..<p { correction![a, b] += c.u[a] * c.u[b] / c.precision } }
      }
    }
    var info: Matrix? = nil
    if information, let correction {
      var m = rows.x.weightedCrossProduct(m.weights)
      for k in m.storage.indices { m.storage[k] -= correction.storage[k] }
      for j in ridgeIndices { m[j, j] += fixedEffectRidge }
      info = m
    }
    var objective = total
    for j in ridgeIndices {
      objective -= fixedEffectRidge / 2 * beta[j] * beta[j]
      gradient[j] -= fixedEffectRidge * beta[j]
    }
    return Evaluation(
      logLikelihood: total, objective: objective, gradient: gradient, modes: modes, precisions: precisions,
      profiledInformation: info, modeTerms: m, trainingOffset: trainingOffset)
  }

  /// argmax_b sum_j [y eta - log(1 + e^eta)] - b^2 / (2 sigma^2) by safeguarded 1-D Newton.
  func conditionalMode(_ range: Range<Int>, offset: [Double], sigma2: Double, start: Double) -> Double {
    var b = start.isFinite ? start : 0
    for _ in 0..<100 {
      var score = -b / sigma2, info = 1 / sigma2
      StableMath.lossAndMean(
        rows: range, y: { _ in 0 }, eta: { offset[$0] + b },
        each: { first, count, _, mean in
          for l in 0..<count {
            score += rows.y[first + l] - mean[l]
            info += mean[l] * (1 - mean[l])
          }
        })
      let step = score / info
      b += step
      if abs(step) < 1e-12 * (1 + abs(b)) { break }
    }
    return b
  }

  struct ClusterTerms {
    var logLikelihood: Double
    var gradientBeta: [Double]
    var gradientTau: Double
    var precision: Double
    /// u_i = sum_j w_ij x_ij at the mode.
    var u: [Double]
  }

  /// Weights at the modes: w_ij (in cluster order), and per cluster u_i = sum w x, v_i = sum w' x
  /// (w' = dw/deta, both q x p row-major) and the totals of w and w'.
  struct ModeTerms {
    var weights: [Double]
    var u: [Double]
    var v: [Double]
    var sumW: [Double]
    var sumWPrime: [Double]
    /// t_i = sum w'' x and W''_i = sum w'' (w'' = d2w/deta2), for the exact Laplace Hessian; empty
    /// with nAGQ > 1.
    var t: [Double] = []
    var sumWSecond: [Double] = []
  }

  /// One piece per cluster (in parallel on the design's threads): each adds its rows in cluster
  /// order, so the sums do not depend on the thread count.
  func modeTerms(offset: [Double], modes: [Double]) -> ModeTerms {
    let n = rows.y.count, p = p
    let parts = rows.x.storage.parallel.map(q) { c -> (weights: [Double], u: [Double], v: [Double], sumW: Double, sumWPrime: Double) in
      let range = rows.rows(of: c)
      var weights = [Double](repeating: 0, count: range.count)
      var u = [Double](repeating: 0, count: p), v = [Double](repeating: 0, count: p)
      var sumW = 0.0, sumWPrime = 0.0
      rows.x.withUnsafeRows { x, rowStart in
        u.withUnsafeMutableBufferPointer { u in
          v.withUnsafeMutableBufferPointer { v in
            for k in range {
              let mu = StableMath.logistic(offset[k] + modes[c])
              let w = mu * (1 - mu), wPrime = w * (1 - 2 * mu)
              weights[k - range.lowerBound] = w
              sumW += w
              sumWPrime += wPrime
              let base = rowStart[k]
              for j in 0..<p {
                u[j] += w * x[base + j]
                v[j] += wPrime * x[base + j]
              }
            }
          }
        }
      }
      return (weights, u, v, sumW, sumWPrime)
    }
    var t = ModeTerms(weights: [], u: [], v: [], sumW: parts.map(\.sumW), sumWPrime: parts.map(\.sumWPrime))
    t.weights.reserveCapacity(n)
    t.u.reserveCapacity(q * p)
    t.v.reserveCapacity(q * p)
    for part in parts {
      t.weights += part.weights
      t.u += part.u
      t.v += part.v
    }
    return t
  }

  /// At node b: log f(b), d log f / db, d log f / d tau and sum_j (y - mu) x_j.
  struct NodeTerms {
    var logWeighted: Double
    var slope: Double
    var tauSlope: Double
    var residualX: [Double]
  }

  /// The quadrature nodes b = c + sqrt(2) s z_k of every cluster (s = H^{-1/2} from the mode
  /// terms) and their terms, in one pass over X in storage order.
  func nodeTerms(offset: [Double], modes: [Double], sigma2: Double, sumW: [Double]) -> [[NodeTerms]] {
    let p = p, count = rule.nodes.count
    var at = [Double](repeating: 0, count: q * count)
    var logf = at, slope = at
    for c in 0..<q {
      let s = 1 / (sumW[c] + 1 / sigma2).squareRoot()
      for (k, z) in rule.nodes.enumerated() {
        let b = modes[c] + 2.0.squareRoot() * s * z
        at[c * count + k] = b
        logf[c * count + k] = -b * b / (2 * sigma2) - 0.5 * Foundation.log(2 * Double.pi * sigma2)
        slope[c * count + k] = -b / sigma2
      }
    }
    // One piece per cluster, its rows in cluster order: the same sums for any thread count.
    let y = rows.y
    let parts = rows.x.storage.parallel.map(q) { c -> (logf: [Double], slope: [Double], rx: [Double]) in
      var logf = Array(logf[(c * count)..<((c + 1) * count)]), slope = Array(slope[(c * count)..<((c + 1) * count)])
      var rx = [Double](repeating: 0, count: count * p)
      rows.x.withUnsafeRows { x, rowStart in
        rx.withUnsafeMutableBufferPointer { rx in
          for k in rows.rows(of: c) {
            let base = rowStart[k]
            for node in 0..<count {
              let eta = offset[k] + at[c * count + node]
              logf[node] -= StableMath.bernoulliLoss(y: y[k], eta: eta)
              let res = y[k] - StableMath.logistic(eta)
              slope[node] += res
              let o = node * p
              for j in 0..<p { rx[o + j] += res * x[base + j] }
            }
          }
        }
      }
      return (logf, slope, rx)
    }
    logf = parts.flatMap(\.logf)
    slope = parts.flatMap(\.slope)
    let rx = parts.flatMap(\.rx)
    return (0..<q).map { c in
      zip(rule.nodes, rule.weights).enumerated().map { k, node in
        let index = c * count + k, b = at[index]
        return NodeTerms(
          logWeighted: Foundation.log(node.1) + node.0 * node.0 + logf[index], slope: slope[index], tauSlope: b * b / sigma2 - 1,
          residualX: Array(rx[(index * p)..<((index + 1) * p)]))
      }
    }
  }

  /// log L_i = log(sqrt(2) s) + logsumexp_k [log w_k + z_k^2 + log f(c + sqrt(2) s z_k)], and its
  /// total derivative through the mode c(beta, tau) and the scale s(beta, tau).
  func cluster(_ i: Int, modeTerms m: ModeTerms, nodes: [NodeTerms], mode c: Double, sigma2: Double) -> ClusterTerms {
    let (sumW, sumWPrime) = (m.sumW[i], m.sumWPrime[i])
    let u = Array(m.u[(i * p)..<((i + 1) * p)]), v = Array(m.v[(i * p)..<((i + 1) * p)])
    let precision = sumW + 1 / sigma2
    let s = 1 / precision.squareRoot()
    let lse = StableMath.logSumExp(nodes.map(\.logWeighted))
    // Derivatives at fixed nodes, averaged with the quadrature posterior weights pi_k.
    var direct = [Double](repeating: 0, count: p)
    var dTau = 0.0, dC = 0.0, dS = 1 / s
    for (k, node) in nodes.enumerated() {
      let pi = Foundation.exp(node.logWeighted - lse)
      for j in 0..<p { direct[j] += pi * node.residualX[j] }
      dTau += pi * node.tauSlope
      dC += pi * node.slope
      dS += pi * node.slope * 2.0.squareRoot() * rule.nodes[k]
    }
    // Implicit derivatives of the mode and of the precision.
    let dcDTau = 2 * c / (sigma2 * precision)
    let dHdTau = sumWPrime * dcDTau - 2 / sigma2
    let dsFactor = -0.5 * s / precision  // ds = dsFactor * dH
    var gradientBeta = direct
    for j in 0..<p {
      let dcDBeta = -u[j] / precision
      let dHdBeta = v[j] + sumWPrime * dcDBeta
      gradientBeta[j] += dC * dcDBeta + dS * dsFactor * dHdBeta
    }
    let gradientTau = dTau + dC * dcDTau + dS * dsFactor * dHdTau
    return ClusterTerms(
      logLikelihood: Foundation.log(2.0.squareRoot() * s) + lse, gradientBeta: gradientBeta,
      gradientTau: gradientTau, precision: precision, u: u)
  }
}
