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

  /// The signs are drawn over row blocks on `parallel`'s threads (each row's words by one thread).
  init(count: Int, rows: Int, seed: UInt64, explicit: [[Double]]? = nil, parallel: ParallelWork = .serial) {
    self.count = explicit?.count ?? count
    self.rows = rows
    self.seed = seed
    self.explicit = explicit
    let words = explicit == nil ? (count + 63) / 64 : 0
    self.words = words
    var signs = [UInt64](repeating: 0, count: rows * words)
    if words > 0 {
      signs.withUnsafeMutableBufferPointer { signs in
        parallel.forEachBlock(rows: rows) { range in
          for i in range {
            for k in 0..<count where SplitMix64.output(seed: seed, index: UInt64(k * rows + i)) & 1 == 1 {
              signs[i * words + k / 64] |= 1 << UInt64(k % 64)
            }
          }
        }
      }
    }
    self.signs = signs
  }

  /// The values of four probes whose signs are the four bits of the index: lane l is +1 when bit
  /// l is set.
  static let fourSigns: [SIMD4<Double>] = (0..<16).map { bits in SIMD4((0..<4).map { (bits >> $0) & 1 == 1 ? 1.0 : -1.0 }) }

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
