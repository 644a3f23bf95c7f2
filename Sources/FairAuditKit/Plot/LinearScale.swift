import Foundation

/// Maps a data interval onto a pixel interval and proposes "nice" ticks (1, 2 or 5 x 10^k),
/// so axes read as round numbers whatever the data scale.
public struct LinearScale: Sendable, Equatable {
  public let lower: Double
  public let upper: Double
  public let rangeStart: Double
  public let rangeEnd: Double

  /// Non-finite bounds are replaced, reversed bounds swapped and an empty domain widened
  /// (0 -> [0, 1], v -> v +- 10%), so `map` is always finite and monotone.
  public init(lower: Double, upper: Double, rangeStart: Double = 0, rangeEnd: Double = 1) {
    let domain = LinearScale.sanitizedDomain(lower, upper)
    self.lower = domain.lower
    self.upper = domain.upper
    self.rangeStart = rangeStart.isFinite ? rangeStart : 0
    self.rangeEnd = rangeEnd.isFinite ? rangeEnd : 1
  }

  /// A niced scale whose domain covers every finite value in `values` and `including`
  /// (pass 0 there to anchor bars at zero); [0, 1] when nothing is finite.
  public static func covering(
    _ values: [Double], including extra: [Double] = [], rangeStart: Double, rangeEnd: Double, tickCount: Int = 5
  ) -> LinearScale {
    let finite = (values + extra).filter(\.isFinite)
    let scale = LinearScale(
      lower: finite.min() ?? 0, upper: finite.max() ?? 1, rangeStart: rangeStart, rangeEnd: rangeEnd)
    return scale.niced(count: tickCount)
  }

  /// Domain value -> range value (linear, extrapolates outside the domain).
  public func map(_ x: Double) -> Double {
    rangeStart + (x - lower) / (upper - lower) * (rangeEnd - rangeStart)
  }

  /// The same scale with the domain widened outward to multiples of the tick step; repeated
  /// because widening can change the step (d3's approach).
  public func niced(count: Int = 5) -> LinearScale {
    var lo = lower
    var hi = upper
    var previous: Step?
    for _ in 0..<10 {
      let step = Step(span: hi - lo, count: count)
      if step == previous { break }
      guard let i0 = step.index(lo, rounding: .down), let i1 = step.index(hi, rounding: .up) else { break }
      lo = step.value(at: i0)
      hi = step.value(at: i1)
      previous = step
    }
    return LinearScale(lower: lo, upper: hi, rangeStart: rangeStart, rangeEnd: rangeEnd)
  }

  /// Round tick values inside the domain, about `count` of them. Each tick is computed as
  /// i * m * 10^k from integers, so 0.003 is exactly the literal 0.003, not 3 * 0.001.
  public func ticks(count: Int = 5) -> [Double] {
    let step = Step(span: upper - lower, count: count)
    guard let i0 = step.index(lower, rounding: .up), let i1 = step.index(upper, rounding: .down), i0 <= i1,
      i1 - i0 <= 1000
    else { return [lower, upper] }
    return (i0...i1).map { step.value(at: $0) }
  }

  /// Tick spacing for `count` ticks.
  public func tickStep(count: Int = 5) -> Double {
    Step(span: upper - lower, count: count).size
  }

  /// Decimal exponent k of the tick step m * 10^k; labels need max(0, -k) decimals.
  public func tickExponent(count: Int = 5) -> Int {
    Step(span: upper - lower, count: count).exponent
  }

  private static func sanitizedDomain(_ a: Double, _ b: Double) -> (lower: Double, upper: Double) {
    var lo = a.isFinite ? a : (b.isFinite ? b : 0)
    var hi = b.isFinite ? b : lo
    if lo > hi { swap(&lo, &hi) }
    guard lo == hi else { return (lo, hi) }
    if lo == 0 { return (0, 1) }
    let pad = abs(lo) * 0.1
    return (lo - pad, hi + pad)
  }
}

// MARK: - Step

extension LinearScale {
  /// A tick step m * 10^k with m in {1, 2, 5}, kept symbolic so tick values are exact.
  struct Step: Equatable {
    let mantissa: Int
    let exponent: Int

    enum Rounding { case up, down }

    /// Heckbert/d3 rule: pick m so that span / count is approximated within sqrt(2), sqrt(10), sqrt(50).
    init(span: Double, count: Int) {
      let raw = span / Double(max(1, count))
      guard raw.isFinite, raw > 0 else {
        (mantissa, exponent) = (1, 0)
        return
      }
      var k = Int(floor(log10(raw)))
      let error = raw / Step.power(k)
      var m = error >= 50.0.squareRoot() ? 10 : error >= 10.0.squareRoot() ? 5 : error >= 2.0.squareRoot() ? 2 : 1
      if m == 10 { (m, k) = (1, k + 1) }
      (mantissa, exponent) = (m, k)
    }

    var size: Double { value(at: 1) }

    func value(at i: Int) -> Double {
      let scaled = Double(i) * Double(mantissa)
      return exponent >= 0 ? scaled * Step.power(exponent) : scaled / Step.power(-exponent)
    }

    /// Index of the tick at or beyond x in the given direction; nil when it would not fit an Int.
    /// The 1e-9 slack absorbs representation error such as 0.003 / 0.001 = 2.9999999999999996.
    func index(_ x: Double, rounding: Rounding) -> Int? {
      let ratio =
        exponent >= 0
        ? x / (Double(mantissa) * Step.power(exponent)) : x * Step.power(-exponent) / Double(mantissa)
      let rounded = rounding == .up ? ceil(ratio - 1e-9) : floor(ratio + 1e-9)
      guard rounded.isFinite, abs(rounded) < 1e15 else { return nil }
      return Int(rounded)
    }

    static func power(_ k: Int) -> Double {
      pow(10.0, Double(k))
    }
  }
}

extension LinearScale {
  /// Same domain, new pixel range: lets a chart size its margins from tick labels first.
  public func withRange(_ start: Double, _ end: Double) -> LinearScale {
    LinearScale(lower: lower, upper: upper, rangeStart: start, rangeEnd: end)
  }

  /// Tick labels for this scale in `format`.
  public func tickLabels(count: Int = 5, format: AxisFormat) -> [String] {
    let exponent = tickExponent(count: count)
    return ticks(count: count).map { format.tick($0, exponent: exponent) }
  }
}
