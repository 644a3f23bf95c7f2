/// The (2 + q)-dimensional Newton system of one boosting candidate: columns (1, x_r, Z), or (1, Z)
/// for the initial hat matrix M_0 (column nil).
struct CandidateSystem {
  let solver: BlockArrowSolver
  let lowRank: [[Double]]
  /// Columns of the small system: 1 or 2 fixed effects, then the q clusters.
  let fixed: Int
}

extension BoostingState {
  func restricted(_ a: [Double], column: Int?) -> [Double] {
    [a[0]] + (column.map { [a[$0]] } ?? []) + Array(a[p...])
  }

  /// F_r = A_r'WA_r + K(Q) + sum_k rho_k a_kr a_kr'.
  func candidateSystem(column: Int?) throws -> CandidateSystem {
    let fixed = column == nil ? 1 : 2
    var a = Matrix(rows: fixed, columns: fixed)
    var b = Matrix(rows: fixed, columns: clusters)
    var d = [Double](repeating: 1 / q, count: clusters)
    for i in 0..<problem.n {
      let c = problem.clusters[i], wi = w[i]
      a[0, 0] += wi
      b[0, c] += wi
      d[c] += wi
      if let r = column {
        let x = problem.x[i, r]
        a[0, 1] += wi * x
        a[1, 1] += wi * x * x
        b[1, c] += wi * x
      }
    }
    if fixed == 2 { a[1, 0] = a[0, 1] }
    let lowRank = directions.map { restricted($0, column: column) }
    let solver = try BlockArrowSolver(a: a, b: b, d: d, lowRank: lowRank, weights: rho)
    return CandidateSystem(solver: solver, lowRank: lowRank, fixed: fixed)
  }

  /// s_r = A_r'(y - mu) - K delta_r - sum_k rho_k a_kr (a_k' delta).
  func score(column r: Int) -> [Double] {
    var s = [Double](repeating: 0, count: 2 + clusters)
    for i in 0..<problem.n {
      s[0] += residual[i]
      s[1] += residual[i] * problem.x[i, r]
      s[2 + problem.clusters[i]] += residual[i]
    }
    for c in 0..<clusters { s[2 + c] -= delta[p + c] / q }
    for (k, a) in directions.enumerated() {
      s = Vector.axpy(s, -rho[k] * Vector.dot(a, delta), restricted(a, column: r))
    }
    return s
  }

  /// delta + nu * step placed at (intercept, r, b).
  func embed(_ step: [Double], column r: Int) -> [Double] {
    var out = delta
    out[0] += options.nu * step[0]
    out[r] += options.nu * step[1]
    for c in 0..<clusters { out[p + c] += options.nu * step[2 + c] }
    return out
  }

  func movedEta(_ step: [Double], column r: Int) -> [Double] {
    var out = eta
    for i in out.indices {
      out[i] += options.nu * (step[0] + step[1] * problem.x[i, r] + step[2 + problem.clusters[i]])
    }
    return out
  }

  /// A_r' u for a row vector u.
  func project(_ u: [Double], column: Int?) -> [Double] {
    var t = [Double](repeating: 0, count: (column == nil ? 1 : 2) + clusters)
    let offset = column == nil ? 1 : 2
    for i in 0..<problem.n {
      t[0] += u[i]
      if let r = column { t[1] += u[i] * problem.x[i, r] }
      t[offset + problem.clusters[i]] += u[i]
    }
    return t
  }

  /// M v = W^{1/2} A F^{-1} A' W^{1/2} v.
  func applyHat(_ system: CandidateSystem, column: Int?, to v: [Double]) -> [Double] {
    let root = w.map { $0.squareRoot() }
    let y = system.solver.solve(project(zip(root, v).map(*), column: column))
    let offset = column == nil ? 1 : 2
    return (0..<problem.n).map { i in
      var s = y[0] + y[offset + problem.clusters[i]]
      if let r = column { s += y[1] * problem.x[i, r] }
      return root[i] * s
    }
  }

  /// tr(M) = dim - tr(F^{-1} K) - sum_k rho_k a_k' F^{-1} a_k, exact in the small system.
  func traceOfHat(_ system: CandidateSystem, column: Int?) throws -> Double {
    let dimension = system.fixed + clusters
    var trace = Double(dimension)
    for c in 0..<clusters {
      var e = [Double](repeating: 0, count: dimension)
      e[system.fixed + c] = 1
      trace -= system.solver.solve(e)[system.fixed + c] / q
    }
    for (k, u) in system.lowRank.enumerated() { trace -= rho[k] * Vector.dot(u, system.solver.solve(u)) }
    return trace
  }
}
