/// A local quadratic model of an objective: value, gradient and a solver for the Hessian
/// (the Hessian may be block-structured, so objectives provide the solve, not the matrix).
public struct QuadraticModel: Sendable {
  public let value: Double
  public let gradient: [Double]
  /// x = H^{-1} rhs.
  public let solve: @Sendable ([Double]) -> [Double]
  /// diag(H^{-1}) (variances of the estimates). Structured Hessians pass a closed form; the
  /// default takes one solve per entry, O(dimension) solves.
  public let inverseDiagonal: @Sendable () -> [Double]
  /// Whether `solve` uses the Hessian at this point (false for a chord model, whose solver is that
  /// of an earlier point: a descent direction, but not the curvature to report, nor to stop on
  /// except at a sweep point, `ChordSettings.endOnChordWithin`).
  public let isExact: Bool
  /// The factorisation behind `solve` when the objective's Hessian is block-arrow plus a
  /// penalty term (`BlockArrowSolver`): the next point of a rho path reuses it with its own
  /// penalty weights as the frozen Hessian of its chord steps.
  public let factorization: BlockArrowSolver?

  public init(
    value: Double, gradient: [Double], solve: @escaping @Sendable ([Double]) -> [Double],
    inverseDiagonal: (@Sendable () -> [Double])? = nil, isExact: Bool = true, factorization: BlockArrowSolver? = nil
  ) {
    self.value = value
    self.gradient = gradient
    self.solve = solve
    self.isExact = isExact
    self.factorization = factorization
    let n = gradient.count
    self.inverseDiagonal =
      inverseDiagonal ?? {
        (0..<n).map { j in
          var e = [Double](repeating: 0, count: n)
          e[j] = 1
          return solve(e)[j]
        }
      }
  }
}

/// An objective to minimise with Newton's method.
public protocol NewtonObjective {
  var dimension: Int { get }
  /// f(theta); +infinity outside the domain.
  func value(at theta: [Double]) -> Double
  /// Value, gradient and Hessian solver at theta.
  /// - Throws: `HessianNotPositiveDefinite` when the Hessian cannot be factorised.
  func quadraticModel(at theta: [Double]) throws -> QuadraticModel
  /// Value and gradient at theta with the Hessian solver of `frozen` (a chord model, `isExact`
  /// false): one gradient pass instead of a Hessian, for the steps near the optimum where the
  /// Hessian barely changes. The optimisers stop on, and return, a chord model only when their
  /// chord settings allow it (`ChordSettings.sweepPoint`, the points of a sweep path).
  func chordModel(at theta: [Double], frozen: QuadraticModel) throws -> QuadraticModel
}

extension NewtonObjective {
  /// Objectives without a cheaper gradient pass take exact steps throughout.
  public func chordModel(at theta: [Double], frozen: QuadraticModel) throws -> QuadraticModel {
    try quadraticModel(at: theta)
  }
}

/// The objective's Hessian is singular or indefinite at `theta`.
public struct HessianNotPositiveDefinite: Error, Sendable {
  public let detail: String
  /// Index into theta of the pivot at which the factorisation failed, when known.
  public let pivot: Int?
  public init(detail: String, pivot: Int? = nil) {
    self.detail = detail
    self.pivot = pivot
  }
}
