/// The (2 + q)-dimensional Newton system of one boosting candidate: columns (1, x_r, Z), or (1, Z)
/// for the initial hat matrix M_0 (column nil).
struct CandidateSystem {
  let solver: BlockArrowSolver
  let lowRank: [[Double]]
  /// Columns of the small system: 1 or 2 fixed effects, then the q clusters.
  let fixed: Int
  /// A'WA restricted to the system (fixed block and fixed-by-cluster block; the cluster block is diag(W_i)).
  let a: Matrix
  let b: Matrix
  let clusterWeights: [Double]
}

/// Weighted sums over the rows at the current fit, shared by every candidate of a step:
/// with them each candidate's system, score and quadratic fit change cost O(q), not O(N).
struct StepSums {
  var weight = 0.0
  var weightX: [Double]
  var weightXX: [Double]
  var clusterWeight: [Double]
  /// clusterWeightX[c * p + j] = sum_{i in c} w_i x_ij
  var clusterWeightX: [Double]
  var residual = 0.0
  var residualX: [Double]
  var clusterResidual: [Double]

  init(p: Int, q: Int) {
    weightX = [Double](repeating: 0, count: p)
    weightXX = weightX
    residualX = weightX
    clusterWeight = [Double](repeating: 0, count: q)
    clusterResidual = clusterWeight
    clusterWeightX = []
  }
}

extension BoostingState {
  /// The shared sums of a step, accumulated into the reused cluster-by-column buffer.
  mutating func stepSums() -> StepSums {
    var s = StepSums(p: p, q: clusters)
    var wx = [Double](repeating: 0, count: p), wxx = wx, rx = wx
    if clusterWorkspace.count != clusters * p { clusterWorkspace = [Double](repeating: 0, count: clusters * p) }
    let pp = p
    let (n, clusterCodes, weights, residuals) = (problem.n, problem.clusters, w, residual)
    problem.x.withUnsafeRows { x, rowStart in
      wx.withUnsafeMutableBufferPointer { wx in
        wxx.withUnsafeMutableBufferPointer { wxx in
          rx.withUnsafeMutableBufferPointer { rx in
            clusterWorkspace.withUnsafeMutableBufferPointer { cwx in
              for k in cwx.indices { cwx[k] = 0 }
              for i in 0..<n {
                let c = clusterCodes[i], wi = weights[i], ri = residuals[i], base = rowStart[i], cBase = c * pp
                for j in 0..<pp {
                  let xv = x[base + j], product = wi * xv
                  wx[j] += product
                  wxx[j] += product * xv
                  rx[j] += ri * xv
                  cwx[cBase + j] += product
                }
              }
            }
          }
        }
      }
    }
    for i in 0..<problem.n {
      let c = problem.clusters[i]
      s.weight += w[i]
      s.clusterWeight[c] += w[i]
      s.residual += residual[i]
      s.clusterResidual[c] += residual[i]
    }
    s.weightX = wx
    s.weightXX = wxx
    s.residualX = rx
    s.clusterWeightX = clusterWorkspace
    return s
  }

  func restricted(_ a: [Double], column: Int?) -> [Double] {
    [a[0]] + (column.map { [a[$0]] } ?? []) + Array(a[p...])
  }

  /// F_r = A_r'WA_r + K(Q) + kappa e_r e_r' + sum_k rho_k a_kr a_kr'.
  func candidateSystem(column: Int?, sums s: StepSums) throws(FairAuditError) -> CandidateSystem {
    let fixed = column == nil ? 1 : 2
    var a = Matrix(rows: fixed, columns: fixed)
    var b = Matrix(rows: fixed, columns: clusters)
    a[0, 0] = s.weight
    for c in 0..<clusters { b[0, c] = s.clusterWeight[c] }
    var penalised = a
    if let r = column {
      a[0, 1] = s.weightX[r]
      a[1, 0] = s.weightX[r]
      a[1, 1] = s.weightXX[r]
      for c in 0..<clusters { b[1, c] = s.clusterWeightX[c * p + r] }
      penalised = a
      penalised[1, 1] += ridge
    }
    let d = s.clusterWeight.map { $0 + 1 / q }
    let lowRank = directions.map { restricted($0, column: column) }
    do {
      let solver = try BlockArrowSolver(a: penalised, b: b, d: d, lowRank: lowRank, weights: rho)
      return CandidateSystem(solver: solver, lowRank: lowRank, fixed: fixed, a: a, b: b, clusterWeights: s.clusterWeight)
    } catch {
      let name = column.map { problem.names[$0] } ?? "(intercept only)"
      throw numerical("the boosting system of candidate \(name) is not positive definite (pivot \(error.pivot), Q = \(q))")
    }
  }

  /// A_r'(y - mu): the likelihood part of the score.
  func likelihoodScore(column r: Int, sums s: StepSums) -> [Double] {
    [s.residual, s.residualX[r]] + s.clusterResidual
  }

  /// s_r = A_r'(y - mu) - K delta_r - kappa beta_r e_r - sum_k rho_k a_kr (a_k' delta): minus the
  /// gradient of f restricted to (intercept, x_r, b).
  func score(column r: Int, sums: StepSums) -> [Double] {
    var s = likelihoodScore(column: r, sums: sums)
    s[1] -= ridge * delta[r]
    for c in 0..<clusters { s[2 + c] -= delta[p + c] / q }
    for (k, a) in directions.enumerated() where rho[k] > 0 {
      s = Vector.axpy(s, -rho[k] * Vector.dot(a, delta), restricted(a, column: r))
    }
    return s
  }

  /// Second-order expansion of l(eta + nu A_r d) - l(eta): nu d'A_r'(y - mu) - nu^2/2 d'A_r'WA_r d.
  func likelihoodChange(_ d: [Double], column r: Int, system: CandidateSystem, sums: StepSums) -> Double {
    let linear = Vector.dot(d, likelihoodScore(column: r, sums: sums))
    var quadratic = 0.0
    for i in 0..<2 { for j in 0..<2 { quadratic += d[i] * system.a[i, j] * d[j] } }
    for c in 0..<clusters {
      let dc = d[2 + c]
      quadratic += dc * dc * system.clusterWeights[c]
      for i in 0..<2 { quadratic += 2 * d[i] * system.b[i, c] * dc }
    }
    return options.nu * linear - options.nu * options.nu / 2 * quadratic
  }

  /// delta + t nu step placed at (intercept, r, b).
  func embed(_ step: [Double], column r: Int, factor t: Double) -> [Double] {
    var out = delta
    let length = t * options.nu
    out[0] += length * step[0]
    out[r] += length * step[1]
    for c in 0..<clusters { out[p + c] += length * step[2 + c] }
    return out
  }

  /// Column r of X, which `loadColumn(r)` must have gathered.
  func columnValues(_ column: Int?) -> [Double]? {
    guard let column else { return nil }
    precondition(loadedColumn == column, "column \(column) of X was not loaded")
    return columnWorkspace
  }

  /// A_r' W^{1/2} v for a row vector v.
  func project(rootWeighted v: [Double], column: Int?) -> [Double] {
    var t = [Double](repeating: 0, count: (column == nil ? 1 : 2) + clusters)
    let offset = column == nil ? 1 : 2
    let x = columnValues(column)
    for i in 0..<problem.n {
      let u = rootW[i] * v[i]
      t[0] += u
      if let x { t[1] += u * x[i] }
      t[offset + problem.clusters[i]] += u
    }
    return t
  }

  /// M v = W^{1/2} A F^{-1} A' W^{1/2} v, written into `out` (a reused workspace, resized to N).
  func applyHat(_ system: CandidateSystem, column: Int?, to v: [Double], into out: inout [Double]) {
    let root = rootW
    let y = system.solver.solve(project(rootWeighted: v, column: column))
    let offset = column == nil ? 1 : 2
    let x = columnValues(column)
    if out.count != problem.n { out = [Double](repeating: 0, count: problem.n) }
    for i in 0..<problem.n {
      var s = y[0] + y[offset + problem.clusters[i]]
      if let x { s += y[1] * x[i] }
      out[i] = root[i] * s
    }
  }

  /// M v as a new vector.
  func applyHat(_ system: CandidateSystem, column: Int?, to v: [Double]) -> [Double] {
    var out: [Double] = []
    applyHat(system, column: column, to: v, into: &out)
    return out
  }

  /// tr(M) = dim - tr(F^{-1} K) - kappa (F^{-1})_rr - sum_k rho_k a_k' F^{-1} a_k, exact in the small
  /// system, with the closed-form diagonal of F^{-1} (O(q), no solve per cluster).
  func traceOfHat(_ system: CandidateSystem) throws(FairAuditError) -> Double {
    let dimension = system.fixed + clusters
    let diagonal = system.solver.inverseDiagonal()
    var trace = Double(dimension)
    for c in 0..<clusters { trace -= diagonal[system.fixed + c] / q }
    if system.fixed == 2 { trace -= ridge * diagonal[1] }
    for (k, u) in system.lowRank.enumerated() where rho[k] > 0 { trace -= rho[k] * Vector.dot(u, system.solver.solve(u)) }
    guard trace.isFinite else { throw numerical("the hat-matrix trace is not finite (Q = \(q))") }
    return trace
  }
}
