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

extension BoostingState {
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

  /// The coefficients y_k = F^{-1} A_r' W^{1/2} v_k of M v_k = W^{1/2} A_r y_k for the m vectors
  /// stored row by row in `vectors` (entry i m + k is v_k[i]): one pass over the row blocks for all
  /// the projections A_r' W^{1/2} v_k (each summed over the rows in order, blocks added in block
  /// order), then the small solves; vector k's coefficients at k (offset + q).
  func hatCoefficients(_ system: CandidateSystem, column: Int?, vectors: UnsafeBufferPointer<Double>, count m: Int) -> [Double] {
    let n = problem.n, offset = column == nil ? 1 : 2, width = offset + clusters
    let x = columnValues(column)
    let (rootW, clusterCodes) = (rootW, problem.clusters)
    let projections = problem.x.storage.parallel.blockSum(rows: n, length: m * width) { range in
      var t = [Double](repeating: 0, count: m * width)
      for i in range {
        let root = rootW[i], cluster = offset + clusterCodes[i], row = i * m
        for k in 0..<m {
          let u = root * vectors[row + k], at = k * width
          t[at] += u
          if let x { t[at + 1] += u * x[i] }
          t[at + cluster] += u
        }
      }
      return t
    }
    return (0..<m).flatMap { k in system.solver.solve(Array(projections[(k * width)..<((k + 1) * width)])) }
  }

  /// (M v)_i = W_i^{1/2} (y_0 + y_{cluster(i)} + y_1 x_ir) from v's hat coefficients y, which start
  /// at `y` (`offset` 1 without a candidate column, 2 with one).
  @inline(__always) static func hatEntry(
    _ y: UnsafePointer<Double>, row i: Int, root: Double, cluster: Int, x: [Double]?, offset: Int
  ) -> Double {
    var s = y[0] + y[offset + cluster]
    if let x { s += y[1] * x[i] }
    return root * s
  }

  /// R_k <- R_k - length * M R_k for every image at once (entry by entry as Vector.axpy with M R_k):
  /// the coefficients of all images in one pass, then one pass that updates every image in place.
  /// The images are moved out of self meanwhile.
  mutating func shrinkImages(_ system: CandidateSystem, column: Int?, length: Double) {
    let m = probes.count, n = problem.n, offset = column == nil ? 1 : 2
    let x = columnValues(column)
    let (rootW, clusterCodes, parallel, shrink) = (rootW, problem.clusters, problem.x.storage.parallel, -length)
    var all: [Double] = []
    swap(&all, &images)
    all.withUnsafeMutableBufferPointer { all in
      let y = hatCoefficients(system, column: column, vectors: UnsafeBufferPointer(all), count: m)
      let width = offset + clusters
      y.withUnsafeBufferPointer { y in
        parallel.forEachBlock(rows: n) { range in
          for i in range {
            let root = rootW[i], cluster = clusterCodes[i], row = i * m
            for k in 0..<m {
              all[row + k] += shrink * Self.hatEntry(y.baseAddress! + k * width, row: i, root: root, cluster: cluster, x: x, offset: offset)
            }
          }
        }
      }
    }
    swap(&all, &images)
  }

  /// M v as a new vector (the tests' dense check of the hat matrix).
  func applyHat(_ system: CandidateSystem, column: Int?, to v: [Double]) -> [Double] {
    let y = v.withUnsafeBufferPointer { hatCoefficients(system, column: column, vectors: $0, count: 1) }
    let x = columnValues(column), offset = column == nil ? 1 : 2
    return y.withUnsafeBufferPointer { y in
      (0..<problem.n).map { Self.hatEntry(y.baseAddress!, row: $0, root: rootW[$0], cluster: problem.clusters[$0], x: x, offset: offset) }
    }
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
