/// Percentile bootstrap intervals for the audited model's group metrics on the evaluation rows,
/// with the predictions held fixed (as fairlearn's `MetricFrame(n_boot=...)`): each replicate
/// redraws, with replacement, as many rows from every cell of the sensitive features'
/// intersection as it holds, so the group sizes stay those observed (stratified by group).
///
/// Replicate b draws from its own generator seeded by (`seed`, b), and replicates are the pieces
/// of a `ParallelWork.map`, so the intervals are the same bytes for any thread count.
public struct FairnessBootstrap: Sendable, Equatable {
  /// Number of replicates B.
  public let replicates: Int
  /// Seed of the replicate streams (the audit's `--seed`).
  public let seed: UInt64
  /// One entry per sensitive feature, in frame order.
  public let features: [FeatureIntervals]

  /// Two-sided level of every interval.
  public static let level = 0.95
  /// A group with fewer rows, or fewer selected or non-selected rows than `smallCount`, gets
  /// intervals that are too coarse to trust (n p < 5 is the usual binomial rule): it is flagged.
  public static let smallRows = 30
  public static let smallCount = 5

  /// Intervals of one sensitive feature's metrics.
  public struct FeatureIntervals: Sendable, Equatable {
    public let feature: String
    /// The protected group (z = 1), then the reference group (z = 0).
    public let groups: [GroupIntervals]
    public let impactRatio: Interval
    public let disparateImpact: Interval
    public let demographicParityDifference: Interval
    public let equalOpportunityDifference: Interval
  }

  /// Intervals of one group's rates.
  public struct GroupIntervals: Sendable, Equatable {
    public let label: String
    public let count: Int
    public let selectionRate: Interval
    public let accuracy: Interval
    /// Fewer than `smallRows` rows, or fewer than `smallCount` selected or not selected.
    public let isSmall: Bool
  }

  /// [lower, upper]; NaN ends when fewer than half the replicates define the metric.
  public struct Interval: Sendable, Equatable {
    public let lower: Double
    public let upper: Double
  }

  /// - Parameters: `decisions` (0/1, the audited model's under the decision rule, as its fairness
  ///   tables use them) index the frame's used rows; `rows` are the evaluation rows.
  public init(frame: ModelFrame, decisions yhat: [Double], rows: [Int], replicates: Int, seed: UInt64, parallel: ParallelWork) {
    let zs = frame.sensitive.indices.map { frame.z($0) }
    var strata = Strata(features: zs.count)
    for r in rows {
      var key = 0
      for z in zs { key = key * 2 + Int(z[r]) }
      strata.add(key: key, y: frame.y[r], yhat: yhat[r] == 1)
    }
    self.init(
      strata: strata, features: frame.sensitive.map { ($0.name, $0.protectedLabel, $0.otherLabel) }, replicates: replicates, seed: seed,
      parallel: parallel)
  }

  /// From the counts per cell; `features` gives each feature's name and its two groups' labels.
  init(strata: Strata, features names: [(String, String, String)], replicates: Int, seed: UInt64, parallel: ParallelWork) {
    let draws = parallel.map(replicates) { b in strata.resample(seed: Self.streamSeed(seed, replicate: b)) }
    self.replicates = replicates
    self.seed = seed
    features = names.enumerated().map { k, s in
      Self.intervals(
        feature: s.0, labels: (s.1, s.2), observed: strata.groupCounts(feature: k), replicates: draws.map { $0.groupCounts(feature: k) })
    }
  }

  /// Replicate b's generator seed: SplitMix64's output for (seed, b), so neighbouring replicates
  /// (and neighbouring seeds) get unrelated streams.
  static func streamSeed(_ seed: UInt64, replicate b: Int) -> UInt64 {
    var g = SplitMix64(seed: seed ^ 0xB007_57A9_0000_0000 &+ UInt64(b) &* 0x9E37_79B9_7F4A_7C15)
    return g.next()
  }

  static func intervals(
    feature: String, labels: (String, String), observed: (ConfusionCounts, ConfusionCounts),
    replicates: [(ConfusionCounts, ConfusionCounts)]
  ) -> FeatureIntervals {
    let groups = [(labels.0, observed.0, replicates.map(\.0)), (labels.1, observed.1, replicates.map(\.1))].map { label, c, reps in
      let selected = c.truePositives + c.falsePositives
      return GroupIntervals(
        label: label, count: c.count, selectionRate: percentile(reps.map(\.selectionRate)), accuracy: percentile(reps.map(\.accuracy)),
        isSmall: c.count < smallRows || selected < smallCount || c.count - selected < smallCount)
    }
    let disparities = replicates.map {
      FeatureDisparity(
        feature: feature, protected: GroupMetrics(label: labels.0, counts: $0.0), other: GroupMetrics(label: labels.1, counts: $0.1))
    }
    return FeatureIntervals(
      feature: feature, groups: groups, impactRatio: percentile(disparities.map(\.impactRatio)),
      disparateImpact: percentile(disparities.map { 1 - $0.impactRatio }),
      demographicParityDifference: percentile(disparities.map(\.demographicParityDifference)),
      equalOpportunityDifference: percentile(disparities.map(\.equalOpportunityDifference)))
  }

  /// The 2.5% and 97.5% quantiles (linear interpolation between order statistics, numpy's default)
  /// of the replicates where the metric is defined.
  public static func percentile(_ values: [Double]) -> Interval {
    let defined = values.filter { !$0.isNaN }.sorted()
    guard !defined.isEmpty, 2 * defined.count >= values.count else { return Interval(lower: .nan, upper: .nan) }
    let tail = (1 - level) / 2
    return Interval(lower: quantile(defined, tail), upper: quantile(defined, 1 - tail))
  }

  static func quantile(_ sorted: [Double], _ q: Double) -> Double {
    let h = q * Double(sorted.count - 1)
    let i = Int(h.rounded(.down)), j = min(i + 1, sorted.count - 1)
    return sorted[i] + (h - Double(i)) * (sorted[j] - sorted[i])
  }
}
