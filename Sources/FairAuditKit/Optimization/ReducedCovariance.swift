/// Covariance of a constrained estimate restricted to the null space of its active constraints
/// (the reduced-Hessian covariance): with A the gradients of the active constraints (rows) and H the
/// Hessian of the Lagrangian,
///
///     Cov = Z (Z'HZ)^{-1} Z' = H^{-1} - H^{-1}A' (A H^{-1} A')^{-1} A H^{-1}   (Z a basis of {d : A d = 0}),
///
/// the second form needing only solves with H. Without active constraints it is H^{-1}, the usual
/// covariance. Rows of A that depend on earlier ones leave the system (their constraint is implied).
public enum ReducedCovariance {
  /// diag(Cov).
  /// - Parameters: `solve` x = H^{-1} rhs; `inverseDiagonal` diag(H^{-1}); `active` the rows of A.
  public static func diagonal(solve: ([Double]) -> [Double], inverseDiagonal: [Double], active: [[Double]]) -> [Double] {
    let solved = active.map(solve)
    guard let (kept, factor) = independentRows(active, images: solved) else { return inverseDiagonal }
    var out = inverseDiagonal
    var row = [Double](repeating: 0, count: kept.count)
    for j in out.indices {
      for (a, k) in kept.enumerated() { row[a] = solved[k][j] }
      out[j] -= Vector.dot(row, factor.solve(row))
    }
    return out
  }

  /// The rows of A that do not depend on earlier ones, and the Cholesky factor of S = A M' over
  /// them (`images` the rows of M = A H^{-1}, or A itself for H = I): each rounding-level pivot drops
  /// that row, whose constraint the others already imply. Nil when no row is left.
  static func independentRows(_ rows: [[Double]], images: [[Double]]) -> (kept: [Int], factor: Cholesky)? {
    var kept = Array(rows.indices)
    while !kept.isEmpty {
      var s = Matrix(rows: kept.count, columns: kept.count)
      for (i, a) in kept.enumerated() { for (j, b) in kept.enumerated() { s[i, j] = Vector.dot(rows[a], images[b]) } }
      do {
        return (kept, try Cholesky(s))
      } catch {
        // Deliberate fallback: a rounding-level pivot means that row is a combination of the
        // earlier ones; restricting to the others' null space already restricts to its.
        kept.remove(at: error.pivot)
      }
    }
    return nil
  }
}
