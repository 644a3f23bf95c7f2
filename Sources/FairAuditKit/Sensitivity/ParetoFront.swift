/// The points of a sweep not dominated in (worst p%-rule, accuracy): no other point is at least
/// as fair and as accurate and better in one of the two. Points with an undefined p%-rule or a
/// fit that did not converge are left out.
public struct ParetoFront: Sendable, Equatable {
  /// Indices into the point list, by decreasing worst p%-rule (so increasing accuracy).
  public let indices: [Int]

  /// The front of `points`, or of those of one model.
  public init(_ points: [TradeoffPoint], kind: ModelKind? = nil) {
    let candidates = points.indices.filter {
      points[$0].converged && points[$0].worstPRule.isFinite && points[$0].accuracy.isFinite && (kind == nil || points[$0].kind == kind)
    }
    // Fairest first; among equally fair points the most accurate first; then by index.
    let order = candidates.sorted {
      let a = points[$0], b = points[$1]
      if a.worstPRule != b.worstPRule { return a.worstPRule > b.worstPRule }
      if a.accuracy != b.accuracy { return a.accuracy > b.accuracy }
      return $0 < $1
    }
    var front: [Int] = []
    var best = -Double.infinity
    for i in order where points[i].accuracy > best {
      front.append(i)
      best = points[i].accuracy
    }
    indices = front
  }
}
