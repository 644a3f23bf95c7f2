/// Solves H x = r for the symmetric "arrow" matrix
///
///     H = [ A   B  ]    A: p x p dense, B: p x q, D: q x q diagonal (one entry per cluster)
///         [ B'  D  ]
///
/// by eliminating the diagonal block: S = A - B D^{-1} B' (Schur complement, p x p, Cholesky),
/// so the cost is O(p^2 q + p^3), never O((p+q)^3). This is the structure of every
/// random-intercept Hessian in fairaudit. An optional low-rank term U diag(rho) U' (fairness
/// penalties) is handled with the Woodbury identity.
public struct BlockArrowSolver: Sendable {
  public let p: Int
  public let q: Int
  private let b: Matrix  // p x q
  private let d: [Double]
  private let schur: Cholesky
  private let lowRank: [[Double]]
  private let capacitance: Cholesky?

  /// - Throws: `Cholesky.NotPositiveDefinite` when D has a non-positive entry or S is not PD.
  public init(a: Matrix, b: Matrix, d: [Double], lowRank u: [[Double]] = [], weights rho: [Double] = []) throws(Cholesky.NotPositiveDefinite) {
    p = a.rows
    q = d.count
    self.b = b
    self.d = d
    var s = a
    for k in 0..<q {
      guard d[k] > 0 else { throw Cholesky.NotPositiveDefinite(pivot: p + k) }
      for i in 0..<p where b[i, k] != 0 {
        let f = b[i, k] / d[k]
        for j in 0..<p { s[i, j] -= f * b[j, k] }
      }
    }
    schur = try Cholesky(s)
    lowRank = zip(u, rho).filter { $0.1 > 0 }.map(\.0)
    let activeRho = rho.filter { $0 > 0 }
    if lowRank.isEmpty {
      capacitance = nil
    } else {
      let base = BlockArrowSolver.unchecked(p: p, q: q, b: b, d: d, schur: schur)
      let hinvU = lowRank.map { base.solveBase($0) }
      var c = Matrix(rows: lowRank.count, columns: lowRank.count)
      for i in 0..<lowRank.count {
        for j in 0..<lowRank.count { c[i, j] = Vector.dot(lowRank[i], hinvU[j]) }
        c[i, i] += 1 / activeRho[i]
      }
      capacitance = try Cholesky(c)
    }
  }

  private init(unchecked p: Int, q: Int, b: Matrix, d: [Double], schur: Cholesky) {
    self.p = p
    self.q = q
    self.b = b
    self.d = d
    self.schur = schur
    lowRank = []
    capacitance = nil
  }

  private static func unchecked(p: Int, q: Int, b: Matrix, d: [Double], schur: Cholesky) -> BlockArrowSolver {
    BlockArrowSolver(unchecked: p, q: q, b: b, d: d, schur: schur)
  }

  /// x = H^{-1} r, r of length p + q.
  public func solve(_ r: [Double]) -> [Double] {
    let x = solveBase(r)
    guard let capacitance else { return x }
    let t = capacitance.solve(lowRank.map { Vector.dot($0, x) })
    var correction = [Double](repeating: 0, count: p + q)
    for (k, u) in lowRank.enumerated() { correction = Vector.axpy(correction, t[k], u) }
    return Vector.axpy(x, -1, solveBase(correction))
  }

  private func solveBase(_ r: [Double]) -> [Double] {
    var top = Array(r[0..<p])
    let bottom = Array(r[p...])
    for k in 0..<q {
      let f = bottom[k] / d[k]
      for i in 0..<p { top[i] -= b[i, k] * f }
    }
    let x1 = schur.solve(top)
    var x2 = [Double](repeating: 0, count: q)
    for k in 0..<q {
      var s = bottom[k]
      for i in 0..<p { s -= b[i, k] * x1[i] }
      x2[k] = s / d[k]
    }
    return x1 + x2
  }

  /// Entries of the diagonal of H^{-1} (variances of estimates), one solve per unit vector.
  public func inverseDiagonal(_ indices: Range<Int>? = nil) -> [Double] {
    (indices ?? 0..<(p + q)).map { j in
      var e = [Double](repeating: 0, count: p + q)
      e[j] = 1
      return solve(e)[j]
    }
  }
}
