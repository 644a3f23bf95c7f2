import Foundation
import Testing

@testable import FairAuditKit

@Suite struct LinearScaleTests {
  @Test func unitDomainHasTicksEveryTwentyPercent() {
    let scale = LinearScale(lower: 0, upper: 1).niced()
    #expect(scale.lower == 0 && scale.upper == 1)
    #expect(scale.ticks() == [0, 0.2, 0.4, 0.6, 0.8, 1.0])
    #expect(scale.tickLabels(format: .percent) == ["0%", "20%", "40%", "60%", "80%", "100%"])
  }

  @Test func smallDomainTicksAreExactDecimals() {
    let scale = LinearScale(lower: 0.0032, upper: 0.0071).niced()
    #expect(scale.lower == 0.003)
    #expect(scale.upper == 0.008)
    #expect(scale.ticks() == [0.003, 0.004, 0.005, 0.006, 0.007, 0.008])
    #expect(scale.tickLabels(format: .number) == ["0.003", "0.004", "0.005", "0.006", "0.007", "0.008"])
    #expect(scale.tickLabels(format: .percent).first == "0.3%")
  }

  @Test func negativeDomainIsWidenedToRoundNumbers() {
    let scale = LinearScale(lower: -3, upper: 12).niced()
    #expect(scale.lower == -5)
    #expect(scale.upper == 15)
    #expect(scale.ticks() == [-5, 0, 5, 10, 15])
    #expect(scale.tickLabels(format: .number) == ["-5", "0", "5", "10", "15"])
  }

  @Test func constantDomainIsWidenedAroundTheValue() {
    let five = LinearScale(lower: 5, upper: 5).niced()
    #expect(five.lower < 5 && five.upper > 5)
    #expect(five.ticks().contains(5))
    #expect(five.ticks().count >= 3)
    let zero = LinearScale(lower: 0, upper: 0)
    #expect(zero.lower == 0 && zero.upper == 1)
    let negative = LinearScale(lower: -2, upper: -2).niced()
    #expect(negative.lower < -2 && negative.upper > -2 && negative.upper < 0)
    #expect(negative.map(-2).isFinite)
  }

  @Test(arguments: [
    (0.0, 1.0), (0.0032, 0.0071), (-3.0, 12.0), (0.0, 45211.0), (1e-9, 3e-9), (-0.7, -0.2), (0.11, 0.13),
    (-250.0, 1e6),
  ])
  func ticksAreOneTwoOrFiveTimesAPowerOfTen(lower: Double, upper: Double) {
    let scale = LinearScale(lower: lower, upper: upper).niced()
    let ticks = scale.ticks()
    #expect(scale.lower <= lower && scale.upper >= upper)
    #expect((2...11).contains(ticks.count))
    #expect(ticks.first == scale.lower && ticks.last == scale.upper)
    let step = scale.tickStep()
    let mantissa = step / pow(10, floor(log10(step)))
    #expect([1.0, 2.0, 5.0, 10.0].contains { abs($0 - mantissa) < 1e-9 })
    for (a, b) in zip(ticks, ticks.dropFirst()) {
      #expect(abs((b - a) - step) <= step * 1e-9)
    }
  }

  @Test func domainAlreadyOnTicksIsNotWidenedByRoundingError() {
    // 0.07 * 100 == 7.000000000000001 in binary floating point: must still count as the tick 7.
    let scale = LinearScale(lower: 0, upper: 0.07).niced()
    #expect(scale.upper == 0.07)
    #expect(scale.ticks() == [0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07])
  }

  @Test func mapsDomainOntoRangeIncludingInvertedRanges() {
    let x = LinearScale(lower: -5, upper: 15, rangeStart: 100, rangeEnd: 300)
    #expect(x.map(-5) == 100)
    #expect(x.map(15) == 300)
    #expect(x.map(0) == 150)
    let y = LinearScale(lower: 0, upper: 1, rangeStart: 340, rangeEnd: 40)
    #expect(y.map(0) == 340)
    #expect(y.map(1) == 40)
    #expect(y.map(0.5) == 190)
  }

  @Test func invalidDomainsAreRepaired() {
    let reversed = LinearScale(lower: 3, upper: -1)
    #expect(reversed.lower == -1 && reversed.upper == 3)
    let broken = LinearScale(lower: .nan, upper: .infinity, rangeStart: 0, rangeEnd: 100)
    #expect(broken.lower.isFinite && broken.upper.isFinite && broken.lower < broken.upper)
    #expect(broken.map(0.5).isFinite)
  }

  @Test func coveringSkipsNonFiniteValuesAndIncludesAnchors() {
    let scale = LinearScale.covering([0.12, .nan, 0.31, .infinity], including: [0], rangeStart: 0, rangeEnd: 1)
    #expect(scale.lower == 0)
    #expect(scale.upper >= 0.31 && scale.upper <= 0.4)
    let empty = LinearScale.covering([.nan], rangeStart: 0, rangeEnd: 1)
    #expect(empty.lower == 0 && empty.upper == 1)
  }

  @Test func percentLabelsGetDecimalsOnlyWhenTheStepNeedsThem() {
    let coarse = LinearScale(lower: 0, upper: 0.12).niced()
    #expect(coarse.tickLabels(format: .percent) == ["0%", "2%", "4%", "6%", "8%", "10%", "12%"])
    let fine = LinearScale(lower: 0, upper: 0.012).niced()
    #expect(fine.tickLabels(format: .percent).prefix(2) == ["0.0%", "0.2%"])
  }

  @Test func zeroTickIsNeverPrintedAsNegativeZero() {
    let labels = LinearScale(lower: -0.5, upper: 0.5).niced().tickLabels(format: .number)
    #expect(labels.contains("0.0"))
    #expect(!labels.contains { $0.hasPrefix("-0.0") && Double($0) == 0 })
  }
}
