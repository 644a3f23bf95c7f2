/// How far an optimiser takes chord steps, and whether it may stop on one.
public struct ChordSettings: Sendable {
  /// Relative decrement below which an exact model's Hessian is frozen; 0 turns chord steps off.
  public var tolerance = 1e-3
  /// Chord steps go on until the decrement is below this fraction of the optimiser's decrement
  /// tolerance: rounding level by default; 1 for the points of a sweep path, which need the
  /// tolerance's accuracy (coefficients to about 1e-8), not the last bits.
  public var floor = 1e-8
  /// nil: the run stops only on an exact model, the Hessian at the returned point confirming
  /// convergence. A number (sweep points): a chord point at the floor after at most this many
  /// steps is returned with its chord model (an earlier point's Hessian, which the next point
  /// starts from); one that needed more steps has a stale Hessian and ends on the exact one,
  /// which the next point then reuses.
  public var endOnChordWithin: Int? = nil
  public init() {}

  /// The points of a sweep path: chord steps to the tolerance, ending on a fresh chord model.
  public static var sweepPoint: ChordSettings {
    var s = ChordSettings()
    (s.floor, s.endOnChordWithin) = (1, 5)
    return s
  }
}
