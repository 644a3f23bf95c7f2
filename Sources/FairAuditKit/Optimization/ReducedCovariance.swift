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
    var kept = active
    let solved = active.map(solve)
    var keptSolved = solved
    while !kept.isEmpty {
      let m = kept.count
      var s = Matrix(rows: m, columns: m)
      for i in 0..<m { for j in 0..<m { s[i, j] = Vector.dot(kept[i], keptSolved[j]) } }
      do {
        let factor = try Cholesky(s)
        var out = inverseDiagonal
        var row = [Double](repeating: 0, count: m)
        for j in out.indices {
          for a in 0..<m { row[a] = keptSolved[a][j] }
          out[j] -= Vector.dot(row, factor.solve(row))
        }
        return out
      } catch {
        // Deliberate fallback: a rounding-level pivot means that row is a combination of the
        // earlier ones; restricting to the others' null space already restricts to its.
        kept.remove(at: error.pivot)
        keptSolved.remove(at: error.pivot)
      }
    }
    return inverseDiagonal
  }
}
