import Foundation

/// Numerically stable scalar primitives for the Bernoulli/logit family.
public enum StableMath {
  /// log(1 + e^x) without overflow for large x and without cancellation for very negative x.
  @inlinable public static func log1pExp(_ x: Double) -> Double { bernoulliLoss(y: 0, eta: x) }

  /// 1 / (1 + e^-x), evaluated sign-wise so neither branch overflows.
  @inlinable public static func logistic(_ x: Double) -> Double { lossAndMean(y: 0, eta: x).mean }

  /// Bernoulli negative log-likelihood of y in {0,1} at linear predictor eta: log(1+e^eta) - y*eta.
  @inlinable public static func bernoulliLoss(y: Double, eta: Double) -> Double { lossAndMean(y: y, eta: eta).loss }

  /// `bernoulliLoss` and `logistic` at eta: one lane of the four-lane version, so a row gets the
  /// same bits alone or with three others.
  @inline(__always) public static func lossAndMean(y: Double, eta: Double) -> (loss: Double, mean: Double) {
    let (loss, mean) = lossAndMean(y: SIMD4(y, 0, 0, 0), eta: SIMD4(eta, 0, 0, 0))
    return (loss[0], mean[0])
  }

  /// Loss and mean of four rows from one exponential each, e = e^-|eta|:
  /// log(1 + e^eta) = max(eta, 0) + log1p(e), mu = 1 / (1 + e) or e / (1 + e). Branch-free lanes
  /// (`expNonPositive`, `log1pUnit`), so the hot row loops take four rows per step.
  @inline(__always) public static func lossAndMean(y: SIMD4<Double>, eta: SIMD4<Double>) -> (loss: SIMD4<Double>, mean: SIMD4<Double>) {
    let magnitude = eta.replacing(with: -eta, where: eta .< 0)
    let e = expNonPositive(-magnitude)
    let u = 1 + e
    let softplus = log1pUnit(e, plusOne: u) + eta.replacing(with: 0, where: .!(eta .> 0))
    let mean = SIMD4<Double>(repeating: 1).replacing(with: e, where: eta .< 0) / u
    return (softplus - y * eta, mean)
  }

  /// `lossAndMean` over `rows` four at a time: `body(i, count, loss, mean)` for rows i..<i + count,
  /// lane l row i + l (lanes past count: y = eta = 0).
  @inline(__always) static func lossAndMean(
    rows: Range<Int>, y: (Int) -> Double, eta: (Int) -> Double, each body: (Int, Int, SIMD4<Double>, SIMD4<Double>) -> Void
  ) {
    var i = rows.lowerBound
    while i < rows.upperBound {
      let count = min(4, rows.upperBound - i)
      var ys = SIMD4<Double>(), etas = SIMD4<Double>()
      for l in 0..<count { (ys[l], etas[l]) = (y(i + l), eta(i + l)) }
      let (loss, mean) = lossAndMean(y: ys, eta: etas)
      body(i, count, loss, mean)
      i += count
    }
  }

  /// The sum of `lossAndMean`'s losses over `rows`, added row by row.
  @inline(__always) static func lossSum(rows: Range<Int>, y: (Int) -> Double, eta: (Int) -> Double) -> Double {
    var total = 0.0
    lossAndMean(
      rows: rows, y: y, eta: eta,
      each: { _, count, loss, _ in
        for l in 0..<count { total += loss[l] }
      })
    return total
  }

  /// `logistic` of every value, four per call.
  public static func logistic(_ eta: [Double]) -> [Double] {
    var out = [Double](repeating: 0, count: eta.count)
    lossAndMean(
      rows: eta.indices, y: { _ in 0 }, eta: { eta[$0] },
      each: { first, count, _, mean in
        for l in 0..<count { out[first + l] = mean[l] }
      })
    return out
  }

  /// ln 2 = ln2High + ln2Low (fdlibm), the high part with 21 trailing zero bits: k ln2High is exact for |k| < 2^21.
  @usableFromInline static var ln2High: Double { 6.931_471_803_691_238_164_90e-01 }
  @usableFromInline static var ln2Low: Double { 1.908_214_929_270_587_700_02e-10 }

  /// e^x for x <= 0 (NaN stays NaN), to about 1 ulp: x = k ln 2 + r with |r| <= ln 2 / 2 (k rounded
  /// by the 1.5 * 2^52 shifter, ln 2 split in two so k ln2High is exact), e^r by its Taylor series
  /// to r^13 (truncation below 1e-17 relative), then 2^k applied in two exact halves so that
  /// results down to the subnormals round once.
  @usableFromInline @inline(__always) static func expNonPositive(_ x: SIMD4<Double>) -> SIMD4<Double> {
    let shifter = 6_755_399_441_055_744.0  // 1.5 * 2^52
    let clamped = x.replacing(with: -746, where: x .< -746)
    let t = clamped * 1.442_695_040_888_963_4 + shifter
    let k = t - shifter
    let r = (clamped - k * ln2High) - k * ln2Low
    // Horner from 1/13!: ((1/13! r + 1/12!) r + ...) r + 1.
    var p = r * 1.605_904_383_682_161_3e-10 + 2.087_675_698_786_81e-09
    p = p * r + 2.505_210_838_544_172e-08
    p = p * r + 2.755_731_922_398_589e-07
    p = p * r + 2.755_731_922_398_589_3e-06
    p = p * r + 2.480_158_730_158_73e-05
    p = p * r + 1.984_126_984_126_984e-04
    p = p * r + 1.388_888_888_888_889e-03
    p = p * r + 8.333_333_333_333_333e-03
    p = p * r + 4.166_666_666_666_666_4e-02
    p = p * r + 1.666_666_666_666_666_6e-01
    p = p * r + 0.5
    p = p * r + 1
    p = p * r + 1
    let kInt = unsafeBitCast(t, to: SIMD4<Int64>.self) &- Int64(bitPattern: shifter.bitPattern)
    let half = kInt &>> 1
    let scale1 = unsafeBitCast((half &+ 1023) &<< 52, to: SIMD4<Double>.self)
    let scale2 = unsafeBitCast((kInt &- half &+ 1023) &<< 52, to: SIMD4<Double>.self)
    return (p * scale1 * scale2).replacing(with: 0, where: x .< -745.133_219_101_941_2).replacing(with: x, where: x .!= x)
  }

  /// log(1 + e) for e in [0, 1] given u = 1 + e rounded, to about 1 ulp (fdlibm's log1p): u = 2^k (1 + f)
  /// with 1 + f in [sqrt(2)/2, sqrt(2)), c the rounding error of u, s = f / (2 + f) and
  /// log(1 + f) = f - (f^2/2 - s (f^2/2 + R(s^2))), R fdlibm's minimax polynomial.
  @usableFromInline @inline(__always) static func log1pUnit(_ e: SIMD4<Double>, plusOne u: SIMD4<Double>) -> SIMD4<Double> {
    let high = u .>= 1.414_213_562_373_095_1
    let k = SIMD4<Double>(repeating: 0).replacing(with: 1, where: high)
    let f = (u - 1).replacing(with: u * 0.5 - 1, where: high)
    let c = (e - (u - 1)).replacing(with: 1 - (u - e), where: high) / u
    let s = f / (2 + f)
    let z = s * s
    var r = z * 1.479_819_860_511_658_591e-01 + 1.531_383_769_920_937_332e-01
    r = r * z + 1.818_357_216_161_805_012e-01
    r = r * z + 2.222_219_843_214_978_396e-01
    r = r * z + 2.857_142_874_366_239_149e-01
    r = r * z + 3.999_999_999_940_941_908e-01
    r = r * z + 6.666_666_666_666_735_130e-01
    r = r * z
    let hfsq = 0.5 * f * f
    return k * ln2High - ((hfsq - (s * (hfsq + r) + (k * ln2Low + c))) - f)
  }

  /// log(sum exp(x_i)), shifted by the maximum.
  public static func logSumExp(_ values: [Double]) -> Double {
    guard let m = values.max(), m.isFinite else { return values.max() ?? -.infinity }
    var s = 0.0
    for v in values { s += Foundation.exp(v - m) }
    return m + Foundation.log(s)
  }

  /// Upper tail of the standard normal, 2 * P(Z > |z|), via erfc to keep precision for large |z|.
  public static func twoSidedNormalPValue(_ z: Double) -> Double {
    Foundation.erfc(Swift.abs(z) / 2.0.squareRoot())
  }
}
