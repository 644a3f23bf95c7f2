import Testing

@testable import FairAuditKit

@Suite struct FairnessBootstrapTests {
  /// Two groups (protected cell 1, reference cell 0) with `selected` of `n` predicted positive;
  /// y = yhat, so TPR and accuracy are defined.
  static func strata(_ protected: (selected: Int, n: Int), _ reference: (selected: Int, n: Int)) -> Strata {
    var s = Strata(features: 1)
    for (key, g) in [(1, protected), (0, reference)] {
      var c = ConfusionCounts()
      c.truePositives = g.selected
      c.trueNegatives = g.n - g.selected
      s.set(key: key, c)
    }
    return s
  }

  static func bootstrap(_ s: Strata, replicates: Int, seed: UInt64, threads: Int = 1) -> FairnessBootstrap {
    FairnessBootstrap(
      strata: s, features: [("z", "yes", "no")], replicates: replicates, seed: seed, parallel: ParallelWork(threads: threads))
  }

  /// Binomial(n, p) by n Bernoulli draws from the test's own seeded stream.
  static func binomial(_ n: Int, _ p: Double, _ g: inout SplitMix64) -> Int {
    (0..<n).reduce(0) { acc, _ in acc + (g.uniform() < p ? 1 : 0) }
  }

  @Test("percentiles interpolate between order statistics as numpy's default (linear)")
  func percentiles() {
    // numpy.percentile(range(1, 11), [2.5, 97.5]) == [1.225, 9.775]
    let i = FairnessBootstrap.percentile((1...10).map(Double.init).reversed())
    #expect(abs(i.lower - 1.225) < 1e-12 && abs(i.upper - 9.775) < 1e-12)
    // Undefined in more than half the replicates: no interval.
    #expect(FairnessBootstrap.percentile([.nan, .nan, 1]).lower.isNaN)
  }

  @Test("a replicate keeps every cell's size (stratified by group) and is a function of its seed")
  func stratified() {
    let s = Self.strata((30, 100), (200, 400))
    let a = s.resample(seed: 7), b = s.resample(seed: 7), c = s.resample(seed: 8)
    #expect(a.groupCounts(feature: 0).0.count == 100 && a.groupCounts(feature: 0).1.count == 400)
    #expect(a.groupCounts(feature: 0) == b.groupCounts(feature: 0))
    #expect(a.groupCounts(feature: 0) != c.groupCounts(feature: 0))
  }

  @Test("the intervals are identical for 1, 2 and 3 threads")
  func threadInvariance() {
    let s = Self.strata((40, 300), (150, 500))
    let one = Self.bootstrap(s, replicates: 200, seed: 42, threads: 1)
    #expect(one == Self.bootstrap(s, replicates: 200, seed: 42, threads: 2))
    #expect(one == Self.bootstrap(s, replicates: 200, seed: 42, threads: 3))
    #expect(one != Self.bootstrap(s, replicates: 200, seed: 43, threads: 1))
  }

  @Test("small cells are flagged: fewer than 30 rows or fewer than 5 selected or not selected")
  func smallCells() {
    let b = Self.bootstrap(Self.strata((3, 200), (100, 200)), replicates: 50, seed: 1)
    #expect(b.features[0].groups.map(\.isSmall) == [true, false])
    let c = Self.bootstrap(Self.strata((10, 29), (100, 200)), replicates: 50, seed: 1)
    #expect(c.features[0].groups[0].isSmall)
  }

  /// Coverage over 2,000 seeded samples of the Wilson interval and of the bootstrap percentile
  /// interval (B = 200) of a selection rate with true rate 0.3 in a group of 200, and of the
  /// bootstrap interval of the DP difference (0.3 vs 0.5, groups of 200 and 300). Nominal 95%; the
  /// Monte Carlo SD of a coverage estimate is sqrt(0.95 * 0.05 / 2000) = 0.5 points, so +/- 2
  /// points is 4 SD: a correct interval passes, one off by a few points fails.
  @Test("Wilson and bootstrap intervals cover 95% +/- 2 points over 2,000 seeded draws")
  func coverage() {
    var g = SplitMix64(seed: 2024)
    let (p1, n1, p0, n0) = (0.3, 200, 0.5, 300)
    var wilson = 0, selection = 0, difference = 0
    let draws = 2_000
    for d in 0..<draws {
      let x1 = Self.binomial(n1, p1, &g), x0 = Self.binomial(n0, p0, &g)
      let w = ConfidenceInterval.wilson(successes: x1, trials: n1)
      if w.lower <= p1 && p1 <= w.upper { wilson += 1 }
      let b = Self.bootstrap(Self.strata((x1, n1), (x0, n0)), replicates: 200, seed: UInt64(d)).features[0]
      if b.groups[0].selectionRate.lower <= p1 && p1 <= b.groups[0].selectionRate.upper { selection += 1 }
      let dp = abs(p1 - p0)
      if b.demographicParityDifference.lower <= dp && dp <= b.demographicParityDifference.upper { difference += 1 }
    }
    for (name, hits) in [("Wilson", wilson), ("bootstrap selection rate", selection), ("bootstrap DP difference", difference)] {
      let rate = Double(hits) / Double(draws)
      #expect(abs(rate - 0.95) <= 0.02, "\(name) coverage \(rate)")
    }
  }
}
