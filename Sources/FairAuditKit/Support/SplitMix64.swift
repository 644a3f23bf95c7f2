import Foundation

/// Seeded 64-bit generator (Steele, Lea & Flood 2014). fairaudit draws every random number
/// through its own helpers below, because the standard library's `random(in:using:)` and
/// `shuffled(using:)` algorithms may change between Swift versions.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= Self.increment
    return Self.mix(state)
  }

  static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

  @inline(__always) static func mix(_ state: UInt64) -> UInt64 {
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// The index-th output (from 0) of the generator seeded with `seed`, without drawing the others:
  /// the state after index + 1 steps is seed + (index + 1) * increment.
  @inline(__always) static func output(seed: UInt64, index: UInt64) -> UInt64 {
    mix(seed &+ (index &+ 1) &* increment)
  }

  /// Uniform on [0, 1) with 53 random bits.
  public mutating func uniform() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// Uniform integer in 0..<bound by rejection (no modulo bias).
  public mutating func integer(below bound: Int) -> Int {
    precondition(bound > 0)
    let b = UInt64(bound)
    let limit = UInt64.max - UInt64.max % b
    while true {
      let r = next()
      if r < limit { return Int(r % b) }
    }
  }

  /// Standard normal by the polar Box-Muller method (one value per call; the pair's second is dropped
  /// so the stream stays a pure function of the call sequence).
  public mutating func normal() -> Double {
    while true {
      let u = 2 * uniform() - 1, v = 2 * uniform() - 1
      let s = u * u + v * v
      if s > 0 && s < 1 { return u * (-2 * Foundation.log(s) / s).squareRoot() }
    }
  }

  /// Fisher-Yates shuffle in place.
  public mutating func shuffle<T>(_ values: inout [T]) {
    guard values.count > 1 else { return }
    for i in stride(from: values.count - 1, to: 0, by: -1) {
      values.swapAt(i, integer(below: i + 1))
    }
  }
}
