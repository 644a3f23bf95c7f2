import Foundation

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
  /// Every penalty direction u_k and its weight rho_k, as given (`reweighted` starts from them).
  private let directions: [[Double]]
  public let weights: [Double]
  private let lowRank: [[Double]]
  private let activeWeights: [Double]
  private let capacitance: Cholesky?
  /// H_0^{-1} u_k and C^{-1} for the low-rank term (empty without it), kept for `bilinear`.
  private let lowRankImages: [[Double]]
  private let inverseCapacitance: Matrix?

  /// - Throws: `Cholesky.NotPositiveDefinite` when D has a non-positive entry or S is not PD.
  public init(
    a: Matrix, b: Matrix, d: [Double], lowRank u: [[Double]] = [], weights rho: [Double] = []
  ) throws(Cholesky.NotPositiveDefinite) {
    let p = a.rows
    var s = a
    for k in 0..<d.count {
      guard d[k] > 0 else { throw Cholesky.NotPositiveDefinite(pivot: p + k) }
      for i in 0..<p where b[i, k] != 0 {
        let f = b[i, k] / d[k]
        for j in 0..<p { s[i, j] -= f * b[j, k] }
      }
    }
    try self.init(b: b, d: d, schur: try Cholesky(s), lowRank: u, weights: rho)
  }

  /// The factorisation of A - B D^{-1} B' given, the Woodbury part built for the penalties.
  private init(b: Matrix, d: [Double], schur: Cholesky, lowRank u: [[Double]], weights rho: [Double]) throws(Cholesky.NotPositiveDefinite) {
    p = schur.dimension
    q = d.count
    self.b = b
    self.d = d
    self.schur = schur
    directions = u
    weights = rho
    lowRank = zip(u, rho).filter { $0.1 > 0 }.map(\.0)
    let activeRho = rho.filter { $0 > 0 }
    activeWeights = activeRho
    if lowRank.isEmpty {
      capacitance = nil
      lowRankImages = []
      inverseCapacitance = nil
    } else {
      let base = try BlockArrowSolver(b: b, d: d, schur: schur, lowRank: [], weights: [])
      let hinvU = lowRank.map { base.solveBase($0) }
      var c = Matrix(rows: lowRank.count, columns: lowRank.count)
      for i in 0..<lowRank.count {
        for j in 0..<lowRank.count { c[i, j] = Vector.dot(lowRank[i], hinvU[j]) }
        c[i, i] += 1 / activeRho[i]
      }
      let factor = try Cholesky(c)
      capacitance = factor
      lowRankImages = hinvU
      inverseCapacitance = factor.inverse()
    }
  }

  /// The same A, B, D factorisation with penalty weights `rho` on the same directions: only the
  /// Woodbury part is rebuilt (K solves). Along a rho path this is the previous point's Hessian
  /// with the new penalty, exact but for the change of the weights mu(1 - mu).
  public func reweighted(_ rho: [Double]) throws(Cholesky.NotPositiveDefinite) -> BlockArrowSolver {
    try BlockArrowSolver(b: b, d: d, schur: schur, lowRank: directions, weights: rho)
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

  /// u' H^{-1} v without allocating: one elimination pass over the clusters, O(pq), plus the
  /// Woodbury correction from the stored H_0^{-1} u_k (O(K(p + q))).
  public func bilinear(_ u: [Double], _ v: [Double]) -> Double {
    precondition(u.count == p + q && v.count == p + q)
    var base = 0.0
    withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * p) { work in
      let top = UnsafeMutableBufferPointer(rebasing: work[0..<p])
      let x1 = UnsafeMutableBufferPointer(rebasing: work[p..<(2 * p)])
      for i in 0..<p { top[i] = v[i] }
      b.storage.withUnsafeBufferPointer { bs in
        d.withUnsafeBufferPointer { dd in
          for i in 0..<p {
            var s = top[i]
            let row = i * q
            for k in 0..<q { s -= bs[row + k] * (v[p + k] / dd[k]) }
            top[i] = s
          }
          // x1 = S^{-1} top by forward and back substitution on the Cholesky factor.
          for i in 0..<p { x1[i] = top[i] }
          schur.solveInPlace(x1)
          for i in 0..<p { base += u[i] * x1[i] }
          for k in 0..<q {
            var s = v[p + k]
            for i in 0..<p { s -= bs[i * q + k] * x1[i] }
            base += u[p + k] * s / dd[k]
          }
        }
      }
    }
    guard let inverseCapacitance else { return base }
    let uy = lowRankImages.map { Vector.dot(u, $0) }, vy = lowRankImages.map { Vector.dot(v, $0) }
    var correction = 0.0
    for a in uy.indices { for c in vy.indices { correction += uy[a] * inverseCapacitance[a, c] * vy[c] } }
    return base - correction
  }

  /// Entries of the diagonal of H^{-1} (variances of estimates) in closed form, O(p^2 (p + q)),
  /// never one solve per entry and never a q x q matrix. With S = A - B D^{-1} B' and
  /// v_i = D^{-1} B' e_i (column i of B divided by d_i):
  ///
  ///     (H^{-1})_{jj}     = (S^{-1})_{jj}                      j < p
  ///     (H^{-1})_{p+i,p+i} = 1/d_i + v_i' S^{-1} v_i            (Schur complement)
  ///
  /// and with the low-rank term, Woodbury subtracts diag(Y C^{-1} Y') for Y = H_0^{-1} U
  /// (one solve per penalty, not per entry).
  public func inverseDiagonal(_ indices: Range<Int>? = nil) -> [Double] {
    let range = indices ?? 0..<(p + q)
    var out = [Double](repeating: 0, count: range.count)
    // S^{-1} = L^{-T} L^{-1}: (S^{-1})_{jj} is the squared norm of column j of L^{-1}, and
    // v' S^{-1} v = |L^{-1} v|^2; one triangular solve per cluster, O(p^2) each.
    let l = schur.factor
    var y = [Double](repeating: 0, count: p)
    func quadraticForm(_ v: (Int) -> Double) -> Double {
      var total = 0.0
      for i in 0..<p {
        var s = v(i)
        for k in 0..<i { s -= l[i, k] * y[k] }
        y[i] = s / l[i, i]
        total += y[i] * y[i]
      }
      return total
    }
    for (slot, j) in range.enumerated() {
      if j < p {
        out[slot] = quadraticForm { $0 == j ? 1 : 0 }
      } else {
        let k = j - p
        out[slot] = 1 / d[k] + quadraticForm { b[$0, k] / d[k] }
      }
    }
    guard let inverseC = inverseCapacitance else { return out }
    // Woodbury: (H_0 + U R U')^{-1} = H_0^{-1} - Y C^{-1} Y', C = U'H_0^{-1}U + R^{-1}.
    let images = lowRankImages
    for (slot, j) in range.enumerated() {
      var correction = 0.0
      for a in images.indices {
        for c in images.indices { correction += images[a][j] * inverseC[a, c] * images[c][j] }
      }
      out[slot] -= correction
    }
    return out
  }

  /// log det H = sum_i log d_i + log det S (+ log det(I + R U'H_0^{-1}U) for the low-rank term).
  public var logDeterminant: Double {
    var total = 0.0
    for k in 0..<q { total += Foundation.log(d[k]) }
    for i in 0..<p { total += 2 * Foundation.log(schur.factor[i, i]) }
    if let capacitance {
      // det(H_0 + U R U') = det H_0 det(R) det(C), C = U'H_0^{-1}U + R^{-1}.
      for r in activeWeights { total += Foundation.log(r) }
      for i in 0..<capacitance.dimension { total += 2 * Foundation.log(capacitance.factor[i, i]) }
    }
    return total
  }
}
