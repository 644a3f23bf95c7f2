/// The Hutchinson probe vectors v_k (k < count) of the boosting's trace estimator, N entries each,
/// computed when read instead of stored (20 probes of 10 million rows would take 1.6 GB): entry i
/// of probe k is +-1 from the (k N + i)-th output of SplitMix64(seed), the same values as drawing
/// them in that order. Tests may give explicit vectors instead.
struct TraceProbes: Sendable {
  let count: Int
  let rows: Int
  let seed: UInt64
  let explicit: [[Double]]?

  init(count: Int, rows: Int, seed: UInt64, explicit: [[Double]]? = nil) {
    self.count = explicit?.count ?? count
    self.rows = rows
    self.seed = seed
    self.explicit = explicit
  }

  /// v_k[i].
  @inline(__always) func value(_ k: Int, _ i: Int) -> Double {
    if let explicit { return explicit[k][i] }
    return SplitMix64.output(seed: seed, index: UInt64(k * rows + i)) & 1 == 0 ? -1 : 1
  }

  /// v_k as a vector.
  func vector(_ k: Int) -> [Double] { explicit?[k] ?? (0..<rows).map { value(k, $0) } }
}
