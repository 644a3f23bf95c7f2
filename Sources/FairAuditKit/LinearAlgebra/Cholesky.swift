/// Lower-triangular Cholesky factor L of a symmetric positive definite matrix, A = L L'.
/// fairaudit never inverts a matrix explicitly except to read covariance diagonals.
public struct Cholesky: Sendable {
  public let factor: Matrix

  /// Thrown when a pivot is not positive: the matrix is singular or indefinite.
  public struct NotPositiveDefinite: Error, Sendable {
    public let pivot: Int
  }

  public init(_ a: Matrix) throws(NotPositiveDefinite) {
    precondition(a.rows == a.columns)
    let n = a.rows
    var l = Matrix(rows: n, columns: n)
    // Relative floor: a pivot below eps * max diagonal means the matrix is numerically singular.
    let scale = max(a.diagonal.map(abs).max() ?? 0, 1e-300)
    for j in 0..<n {
      var d = a[j, j]
      for k in 0..<j { d -= l[j, k] * l[j, k] }
      guard d > scale * 1e-13, d.isFinite else { throw NotPositiveDefinite(pivot: j) }
      let ljj = d.squareRoot()
      l[j, j] = ljj
      for i in (j + 1)..<max(n, j + 1) {
        var s = a[i, j]
        for k in 0..<j { s -= l[i, k] * l[j, k] }
        l[i, j] = s / ljj
      }
    }
    factor = l
  }

  public var dimension: Int { factor.rows }

  /// The factor of `a`, or of `a` with its diagonal raised by a Levenberg-Marquardt shift
  /// delta |a_jj| (delta = 1e-6, then ten times more per failure) when `a` is not positive definite
  /// (a Newton system far from the optimum); `damped` says whether a shift was needed. Nil after 30
  /// tries.
  public static func damped(_ a: Matrix) -> (factor: Cholesky, damped: Bool)? {
    var damping = 0.0
    for _ in 0..<30 {
      var shifted = a
      for j in 0..<a.rows { shifted[j, j] += damping * max(abs(a[j, j]), 1e-8) }
      do {
        return (try Cholesky(shifted), damping > 0)
      } catch {
        // Deliberate fallback: an indefinite system is retried with ten times more shift.
        damping = damping == 0 ? 1e-6 : damping * 10
      }
    }
    return nil
  }

  /// A factor computed elsewhere (lower triangular, positive diagonal).
  public init(lowerFactor: Matrix) { factor = lowerFactor }

  /// Solves A x = b by forward and back substitution.
  public func solve(_ b: [Double]) -> [Double] {
    var y = b
    y.withUnsafeMutableBufferPointer { solveInPlace($0) }
    return y
  }

  /// Overwrites y with A^{-1} y (no allocation; for hot loops with a reused buffer).
  public func solveInPlace(_ y: UnsafeMutableBufferPointer<Double>) {
    let n = dimension
    for i in 0..<n {
      var s = y[i]
      for k in 0..<i { s -= factor[i, k] * y[k] }
      y[i] = s / factor[i, i]
    }
    for i in stride(from: n - 1, through: 0, by: -1) {
      var s = y[i]
      for k in (i + 1)..<max(n, i + 1) { s -= factor[k, i] * y[k] }
      y[i] = s / factor[i, i]
    }
  }

  /// A^{-1}, column by column; used only for covariance matrices of estimates.
  public func inverse() -> Matrix {
    let n = dimension
    var inv = Matrix(rows: n, columns: n)
    for j in 0..<n {
      var e = [Double](repeating: 0, count: n)
      e[j] = 1
      let col = solve(e)
      for i in 0..<n { inv[i, j] = col[i] }
    }
    return inv
  }
}
