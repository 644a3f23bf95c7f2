/// The family of fits a sweep point belongs to.
public enum SweepPath: Hashable, Sendable, Comparable {
  /// Penalty (rho/2) sum_k (N g_k)^2 on every feature with the same rho.
  case penalty
  /// Every feature bounded, -c <= g_k <= c with the same c.
  case jointBound
  /// Only feature k bounded; the others are free. Its points price feature k alone.
  case featureBound(Int)

  /// The JSON name of the path ("penalty", "bound", "bound:<feature>").
  public func name(features: [String]) -> String {
    switch self {
    case .penalty: return "penalty"
    case .jointBound: return "bound"
    case .featureBound(let k): return "bound:" + features[k]
    }
  }
}
