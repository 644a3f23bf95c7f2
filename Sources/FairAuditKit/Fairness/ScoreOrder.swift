/// Scores as order-preserving 64-bit keys, sorted by a least-significant-digit radix sort (no
/// comparisons): the Mann-Whitney count behind the AUC in O(n).
enum ScoreOrder {
  /// The key of a double: `a < b` exactly when `key(a) < key(b)`, and -0 and +0 share a key (they
  /// are equal as doubles). Not for NaN.
  @inline(__always) static func key(_ x: Double) -> UInt64 {
    let bits = (x == 0 ? 0.0 : x).bitPattern
    return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
  }

  /// U = #{(positive, negative) : s+ > s-} + #{ties} / 2; nil when a score is NaN or a label is
  /// neither 0 nor 1 (the caller then ranks the pairs).
  static func mannWhitney(y: [Double], score: [Double]) -> Double? {
    var positives: [UInt64] = [], negatives: [UInt64] = []
    positives.reserveCapacity(score.count)
    negatives.reserveCapacity(score.count)
    for (s, label) in zip(score, y) {
      guard !s.isNaN else { return nil }
      if label == 1 { positives.append(key(s)) } else if label == 0 { negatives.append(key(s)) } else { return nil }
    }
    sort(&positives)
    sort(&negatives)
    // Twice U as an integer: each positive counts 2 per smaller negative and 1 per equal one.
    var twiceU = 0
    var below = 0, upTo = 0
    for p in positives {
      while below < negatives.count && negatives[below] < p { below += 1 }
      if upTo < below { upTo = below }
      while upTo < negatives.count && negatives[upTo] == p { upTo += 1 }
      twiceU += below + upTo
    }
    return Double(twiceU) / 2
  }

  /// Ascending radix sort of 64-bit keys (stable; the result is the sorted multiset either way):
  /// eight passes of 8 bits below 65,536 keys, where clearing and summing 2^16 counts per pass
  /// would cost more than the keys, else four passes of 16 bits.
  static func sort(_ keys: inout [UInt64]) {
    let n = keys.count
    guard n > 1 else { return }
    guard n > 256 else {
      keys.sort()
      return
    }
    let digit = n < 1 << 16 ? 8 : 16
    let mask = UInt64(1) << UInt64(digit) - 1
    var other = [UInt64](repeating: 0, count: n)
    var counts = [Int](repeating: 0, count: 1 << digit)
    for pass in 0..<(64 / digit) {
      let shift = UInt64(digit * pass)
      keys.withUnsafeBufferPointer { src in
        other.withUnsafeMutableBufferPointer { dst in
          counts.withUnsafeMutableBufferPointer { c in
            for i in 0..<c.count { c[i] = 0 }
            for k in src { c[Int((k >> shift) & mask)] += 1 }
            var total = 0
            for i in 0..<c.count { (c[i], total) = (total, total + c[i]) }
            for k in src {
              let d = Int((k >> shift) & mask)
              dst[c[d]] = k
              c[d] += 1
            }
          }
        }
      }
      swap(&keys, &other)
    }
  }
}
