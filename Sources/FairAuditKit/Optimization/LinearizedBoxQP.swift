/// The quadratic subproblem of one SQP iteration with a few two-sided constraints:
///
///     min_d  gradient'd + d'Bd/2   s.t.  lower_k <= values_k + rows_k'd <= upper_k,
///
/// B positive definite (given by its Cholesky factor), one row per sensitive feature, a row with
/// lower = upper an equality. A strictly convex QP has one KKT point; it is found by trying every
/// assignment of each row to free / at its upper bound / at its lower bound (3^m, m the number of
/// features, each an m x m solve after m + 1 solves with B), the previous assignment first; a row
/// with infinite bounds is always free. The
/// multiplier lambda_k is signed: >= 0 at the upper bound, <= 0 at the lower one, free for an equality,
/// in the Lagrangian gradient'd + d'Bd/2 + sum_k lambda_k (values_k + rows_k'd).
struct LinearizedBoxQP {
  enum Side: Sendable { case free, upper, lower }

  struct Solution {
    let step: [Double]
    let multipliers: [Double]
    let sides: [Side]
    /// Largest violation of the QP's own KKT conditions (0 at the exact solution).
    let violation: Double
  }

  let factor: Cholesky
  let gradient: [Double]
  let rows: [[Double]]
  let values: [Double]
  let lower: [Double]
  let upper: [Double]

  /// The assignment satisfying the KKT conditions, or the one violating them least (rounding).
  func solve(preferred: [Side]) -> Solution {
    let m = rows.count
    let hg = factor.solve(gradient)
    let hr = rows.map { factor.solve($0) }
    var best: Solution? = nil
    let free = (0..<m).map { !lower[$0].isFinite && !upper[$0].isFinite }
    let first = zip(preferred, free).map { $1 ? Side.free : $0 }
    for sides in [first] + Self.assignments(m, equalities: (0..<m).map { lower[$0] == upper[$0] }, free: free) {
      guard let s = candidate(sides, hg: hg, hr: hr) else { continue }
      if best == nil || s.violation < best!.violation { best = s }
      if s.violation == 0 { break }
    }
    // The all-free assignment of inequalities always has a solution, so `best` is set unless every
    // row is an equality with dependent rows: then the unconstrained step is returned.
    return best ?? Solution(step: hg.map { -$0 }, multipliers: [Double](repeating: 0, count: m), sides: preferred, violation: .infinity)
  }

  /// Every assignment, equalities always at their bound, unbounded rows always free, in a fixed order.
  static func assignments(_ m: Int, equalities: [Bool], free: [Bool]) -> [[Side]] {
    var out: [[Side]] = [[]]
    for k in 0..<m {
      let choices: [Side] = free[k] ? [.free] : equalities[k] ? [.upper] : [.free, .upper, .lower]
      out = out.flatMap { prefix in choices.map { prefix + [$0] } }
    }
    return out
  }

  func candidate(_ sides: [Side], hg: [Double], hr: [[Double]]) -> Solution? {
    let m = rows.count
    let active = (0..<m).filter { sides[$0] != .free }
    var lambda = [Double](repeating: 0, count: m)
    var d = hg.map { -$0 }
    if !active.isEmpty {
      var s = Matrix(rows: active.count, columns: active.count)
      for (a, i) in active.enumerated() { for (b, j) in active.enumerated() { s[a, b] = Vector.dot(rows[i], hr[j]) } }
      let rhs = active.map { i in
        let target = sides[i] == .upper ? upper[i] : lower[i]
        return -Vector.dot(rows[i], hg) + values[i] - target
      }
      let solved: [Double]
      do {
        solved = try Cholesky(s).solve(rhs)
      } catch {
        // Deliberate: dependent active rows make this assignment unusable; another one is tried.
        return nil
      }
      for (a, i) in active.enumerated() {
        lambda[i] = solved[a]
        d = Vector.axpy(d, -solved[a], hr[i])
      }
    }
    let scale = 1 + (lambda.map(abs).max() ?? 0)
    var violation = 0.0
    for k in 0..<m {
      let value = values[k] + Vector.dot(rows[k], d)
      let width = 1e-12 * max(1, abs(upper[k]), abs(lower[k]))
      switch sides[k] {
      case .free: violation = max(violation, value - upper[k] - width, lower[k] - value - width)
      case .upper where lower[k] != upper[k]: violation = max(violation, (-lambda[k] - 1e-12 * scale) / scale)
      case .lower: violation = max(violation, (lambda[k] - 1e-12 * scale) / scale)
      case .upper: break
      }
    }
    return Solution(step: d, multipliers: lambda, sides: sides, violation: max(violation, 0))
  }
}
