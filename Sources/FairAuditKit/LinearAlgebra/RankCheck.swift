/// Aliased (linearly dependent) design columns, as R's glm and lme4 report them, found by a
/// Cholesky factorisation of the unit-diagonal Gram matrix C = D^-1/2 X'X D^-1/2 (D = diag X'X)
/// taken column by column in a given order: column j is aliased when the share of its sum of
/// squares left after regressing it on the earlier kept columns, 1 - sum_k L_jk^2, is below
/// `tolerance` (R^2 > 1 - 1e-9). Later columns in the order are the ones dropped, so callers put
/// the columns that must stay (intercept, sensitive features) first.
public struct RankCheck: Sendable {
  public static let tolerance = 1e-9

  /// Kept column indices, in the elimination order.
  public let kept: [Int]
  /// Each aliased column with the kept columns it is a combination of and their coefficients
  /// (on the original scale of X).
  public let aliased: [(column: Int, combination: [(column: Int, coefficient: Double)])]
  /// Condition number of the column-scaled design restricted to the kept columns,
  /// sqrt(lambda_max / lambda_min) of their C, and the columns loading on its smallest eigenvector.
  public let conditionNumber: Double
  public let weakDirection: [Int]

  /// - Parameter gram: X'X (p x p); `order` a permutation of 0..<p.
  public init(gram g: Matrix, order: [Int]) {
    let p = g.rows
    let scale = (0..<p).map { g[$0, $0] > 0 ? 1 / g[$0, $0].squareRoot() : 0 }
    var l = Matrix(rows: p, columns: p)  // rows/columns indexed by position in `keptSoFar`
    var keptSoFar: [Int] = []
    var dropped: [(Int, [(Int, Double)])] = []
    for j in order {
      let m = keptSoFar.count
      // Row of L for column j against the kept columns: solve L_kept r = C_kept,j.
      var r = [Double](repeating: 0, count: m)
      var residual = g[j, j] > 0 ? 1.0 : 0
      for a in 0..<m {
        var s = g[keptSoFar[a], j] * scale[keptSoFar[a]] * scale[j]
        for b in 0..<a { s -= l[a, b] * r[b] }
        r[a] = s / l[a, a]
        residual -= r[a] * r[a]
      }
      if residual > Self.tolerance {
        for b in 0..<m { l[m, b] = r[b] }
        l[m, m] = residual.squareRoot()
        keptSoFar.append(j)
      } else {
        // Coefficients c with C_kept c = C_kept,j: back-substitute L_kept' c = r, then unscale.
        var c = r
        for a in stride(from: m - 1, through: 0, by: -1) {
          var s = c[a]
          for b in (a + 1)..<max(m, a + 1) { s -= l[b, a] * c[b] }
          c[a] = s / l[a, a]
        }
        let combination = (0..<m).compactMap { a -> (Int, Double)? in
          let coefficient = scale[j] > 0 ? c[a] * scale[keptSoFar[a]] / scale[j] : 0
          return abs(c[a]) > 1e-6 ? (keptSoFar[a], coefficient) : nil
        }
        dropped.append((j, combination))
      }
    }
    kept = keptSoFar
    aliased = dropped.map { (column: $0.0, combination: $0.1.map { (column: $0.0, coefficient: $0.1) }) }
    let m = keptSoFar.count
    var factor = Matrix(rows: m, columns: m)
    for a in 0..<m { for b in 0...a { factor[a, b] = l[a, b] } }
    (conditionNumber, weakDirection) = Self.condition(factor: factor, columns: keptSoFar)
  }

  /// sqrt(lambda_max / lambda_min) of C = L L' by power iteration on C and on C^-1 (via L).
  static func condition(factor l: Matrix, columns: [Int]) -> (Double, [Int]) {
    let m = l.rows
    guard m > 1 else { return (1, []) }
    let cholesky = Cholesky(lowerFactor: l)
    func multiplyC(_ v: [Double]) -> [Double] {
      var t = [Double](repeating: 0, count: m)  // t = L' v
      for a in 0..<m { for b in a..<m { t[a] += l[b, a] * v[b] } }
      var out = [Double](repeating: 0, count: m)
      for a in 0..<m { for b in 0...a { out[a] += l[a, b] * t[b] } }
      return out
    }
    func dominant(_ apply: ([Double]) -> [Double]) -> (Double, [Double]) {
      var v = (0..<m).map { 1 + Double($0 % 7) / 10 }
      var lambda = 0.0
      for _ in 0..<200 {
        let w = apply(v)
        let norm = Vector.norm(w)
        guard norm > 0, norm.isFinite else { return (lambda, v) }
        let next = w.map { $0 / norm }
        let converged = abs(norm - lambda) <= 1e-10 * norm
        (lambda, v) = (norm, next)
        if converged { break }
      }
      return (lambda, v)
    }
    let (largest, _) = dominant(multiplyC)
    let (inverseLargest, vector) = dominant(cholesky.solve)
    let biggest = vector.map(abs).max() ?? 0
    let involved = (0..<m).filter { abs(vector[$0]) >= 0.2 * biggest }.map { columns[$0] }
    return ((largest * inverseLargest).squareRoot(), involved)
  }
}
