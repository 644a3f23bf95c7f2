/// The Hutchinson probe vectors v_k (k < count) of the boosting's trace estimator, N entries each:
/// entry i of probe k is +-1 from the (k N + i)-th output of SplitMix64(seed), the same values as
/// drawing them in that order. They are kept as sign bits, row by row (one 64-bit word per row for
/// up to 64 probes: 80 MB at 10 million rows, where the values as doubles would take 1.6 GB), so a
/// row's signs are one load in the per-step passes. Tests may give explicit vectors instead.
struct TraceProbes: Sendable {
  let count: Int
  let rows: Int
  let seed: UInt64
  let explicit: [[Double]]?
  /// Words per row; bit k % 64 of word k / 64 of row i is set when v_k[i] = +1.
  let words: Int
  let signs: [UInt64]

  init(count: Int, rows: Int, seed: UInt64, explicit: [[Double]]? = nil) {
    self.count = explicit?.count ?? count
    self.rows = rows
    self.seed = seed
    self.explicit = explicit
    words = explicit == nil ? (count + 63) / 64 : 0
    var signs = [UInt64](repeating: 0, count: rows * words)
    for k in 0..<(explicit == nil ? count : 0) {
      let (word, bit) = (k / 64, UInt64(k % 64))
      for i in 0..<rows where SplitMix64.output(seed: seed, index: UInt64(k * rows + i)) & 1 == 1 {
        signs[i * words + word] |= 1 << bit
      }
    }
    self.signs = signs
  }

  /// v_k[i].
  @inline(__always) func value(_ k: Int, _ i: Int) -> Double {
    if let explicit { return explicit[k][i] }
    return (signs[i &* words &+ k / 64] >> UInt64(k % 64)) & 1 == 0 ? -1 : 1
  }

  /// v_k as a vector.
  func vector(_ k: Int) -> [Double] { explicit?[k] ?? (0..<rows).map { value(k, $0) } }

  /// The probes row by row: entry i * count + k is v_k[i].
  func rowMajor() -> [Double] {
    var out = [Double](repeating: 0, count: rows * count)
    for i in 0..<rows { for k in 0..<count { out[i * count + k] = value(k, i) } }
    return out
  }
}
