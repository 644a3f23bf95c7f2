/// Disparities of one binary sensitive feature between its protected group (z = 1) and the
/// rest (z = 0), on 0/1 predictions.
public struct FeatureDisparity: Equatable, Sendable, Codable {
  public let feature: String
  public let protected: GroupMetrics
  public let other: GroupMetrics

  public init(feature: String, protectedLabel: String, otherLabel: String, z: [Double], y: [Double], yhat: [Double], rows: [Int]) {
    self.feature = feature
    // One pass, no row lists: rows with z neither 0 nor 1 belong to neither group.
    var ones = ConfusionCounts(), zeros = ConfusionCounts()
    for r in rows {
      if z[r] == 1 { ones.add(y: y[r], yhat: yhat[r]) } else if z[r] == 0 { zeros.add(y: y[r], yhat: yhat[r]) }
    }
    protected = GroupMetrics(label: protectedLabel, counts: ones)
    other = GroupMetrics(label: otherLabel, counts: zeros)
  }

  /// From the two groups' metrics (e.g. the counts of a bootstrap replicate).
  public init(feature: String, protected: GroupMetrics, other: GroupMetrics) {
    self.feature = feature
    self.protected = protected
    self.other = other
  }

  /// p%-rule ratio min(p1/p0, p0/p1) of selection rates; 1 when both rates are equal. Undefined
  /// (NaN) when a group has no rows or nobody is selected: parity cannot be shown (a check on it fails).
  public var impactRatio: Double {
    let p1 = protected.selectionRate, p0 = other.selectionRate
    if p1.isNaN || p0.isNaN || (p1 == 0 && p0 == 0) { return .nan }
    if p1 == p0 { return 1 }
    return min(p1, p0) / max(p1, p0)
  }

  /// Katz 95% interval of the impact ratio, oriented like `impactRatio` (smaller rate on top).
  /// An upper end above 1 means parity is within the uncertainty.
  public var impactRatioInterval: (lower: Double, upper: Double) {
    let a = protected.counts, b = other.counts
    let selectedA = a.truePositives + a.falsePositives, selectedB = b.truePositives + b.falsePositives
    return protected.selectionRate <= other.selectionRate
      ? ConfidenceInterval.ratio(selectedA, a.count, over: selectedB, b.count)
      : ConfidenceInterval.ratio(selectedB, b.count, over: selectedA, a.count)
  }

  /// The paper's DI = 1 - min(p1/p0, p0/p1): 0 is parity, lower is fairer (paper section 2.1).
  public var disparateImpact: Double { 1 - impactRatio }
  /// |P(yhat=1 | z=1) - P(yhat=1 | z=0)|
  public var demographicParityDifference: Double { abs(protected.selectionRate - other.selectionRate) }
  /// |TPR1 - TPR0|
  public var equalOpportunityDifference: Double { abs(protected.truePositiveRate - other.truePositiveRate) }
  /// max(|TPR1 - TPR0|, |FPR1 - FPR0|), fairlearn's worst-case equalized-odds difference.
  public var equalizedOddsDifference: Double {
    max(equalOpportunityDifference, abs(protected.falsePositiveRate - other.falsePositiveRate))
  }
}
