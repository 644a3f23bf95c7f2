import Foundation
import Testing

@testable import FairAuditKit

/// The four-lane loss and mean against libm's exp and log1p (the formulas they replace).
@Suite struct StableMathTests {
  /// log(1 + e^eta) - y eta and the logistic mean by libm, sign-wise.
  static func reference(y: Double, eta: Double) -> (loss: Double, mean: Double) {
    let e = Foundation.exp(-abs(eta))
    let softplus = eta > 0 ? eta + Foundation.log1p(e) : Foundation.log1p(e)
    return (softplus - y * eta, eta >= 0 ? 1 / (1 + e) : e / (1 + e))
  }

  @Test(
    "exp to 1 ulp, log1p and the mean to 2, the loss to 4 ulp of its larger term, against libm over |eta| <= 40 and into the subnormal tail"
  )
  func agreesWithLibm() {
    var rng = SplitMix64(seed: 11)
    var worst = (loss: 0.0, mean: 0.0, exp: 0.0, log1p: 0.0)
    for k in 0..<200_000 {
      // Uniform on [-40, 40], then log-uniform magnitudes from 1e-12 to 745.
      let eta =
        k % 2 == 0 ? 80 * rng.uniform() - 40 : (rng.uniform() < 0.5 ? -1 : 1) * Foundation.exp(-27.6 + 34.2 * rng.uniform())
      let y = Double(k % 3 == 0 ? 1 : 0)
      let (loss, mean) = StableMath.lossAndMean(y: y, eta: eta)
      let expected = Self.reference(y: y, eta: eta)
      func ulps(_ a: Double, _ b: Double) -> Double { a == b ? 0 : abs(a - b) / b.ulp }
      // The loss is a difference (softplus - y eta): its error is in ulps of the larger term.
      let scale = max(abs(expected.loss), abs(y * eta)).ulp
      worst.loss = max(worst.loss, loss == expected.loss ? 0 : abs(loss - expected.loss) / scale)
      worst.mean = max(worst.mean, ulps(mean, expected.mean))
      let x = -abs(eta)
      let e = StableMath.expNonPositive(SIMD4(repeating: x))[0]
      worst.exp = max(worst.exp, ulps(e, Foundation.exp(x)))
      let l = StableMath.log1pUnit(SIMD4(repeating: Foundation.exp(x)), plusOne: SIMD4(repeating: 1 + Foundation.exp(x)))[0]
      worst.log1p = max(worst.log1p, ulps(l, Foundation.log1p(Foundation.exp(x))))
    }
    #expect(worst.exp <= 1 && worst.log1p <= 2, "exp \(worst.exp) ulp, log1p \(worst.log1p) ulp")
    #expect(worst.loss <= 4 && worst.mean <= 2, "loss \(worst.loss) ulp, mean \(worst.mean) ulp")
  }

  @Test("special values: 0, signed zeros, infinities, NaN, and e^x underflowing to 0")
  func specialValues() {
    #expect(StableMath.bernoulliLoss(y: 0, eta: 0) == Foundation.log(2.0))
    #expect(StableMath.logistic(0) == 0.5 && StableMath.logistic(-0.0) == 0.5)
    #expect(StableMath.logistic(.infinity) == 1 && StableMath.logistic(-.infinity) == 0)
    #expect(StableMath.bernoulliLoss(y: 0, eta: 800) == 800 && StableMath.bernoulliLoss(y: 1, eta: -800) == 800)
    #expect(StableMath.bernoulliLoss(y: 0, eta: -800) == 0 && StableMath.bernoulliLoss(y: 1, eta: 800) == 0)
    #expect(StableMath.bernoulliLoss(y: 1, eta: .nan).isNaN && StableMath.logistic(.nan).isNaN)
    let tail = StableMath.expNonPositive(SIMD4(-745.0, -745.2, -800, -1e300))
    #expect(tail[0] == Foundation.exp(-745.0) && tail[0] > 0)
    #expect(tail[1] == 0 && tail[2] == 0 && tail[3] == 0)
    #expect(StableMath.expNonPositive(SIMD4(repeating: 0))[0] == 1)
    // Lanes are independent: a row gets the same bits alone or among others.
    let four = StableMath.lossAndMean(y: SIMD4(1, 0, 1, 0), eta: SIMD4(-3.25, 0.5, 17, -1e-9))
    for (l, eta) in [-3.25, 0.5, 17, -1e-9].enumerated() {
      let one = StableMath.lossAndMean(y: Double((l + 1) % 2), eta: eta)
      #expect(one.loss.bitPattern == four.loss[l].bitPattern && one.mean.bitPattern == four.mean[l].bitPattern)
    }
  }
}
