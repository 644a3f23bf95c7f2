/// Threshold-free view of one group's scores on the evaluation rows: discrimination (AUC),
/// accuracy of the probabilities (Brier), calibration-in-the-large (mean probability minus the
/// observed rate) and the reliability curve in ten equal-width probability bins, which also
/// gives the score distribution. Without probabilities (scores on another scale) only the AUC
/// and the counts are defined.
public struct GroupScoreView: Equatable, Sendable {
  /// One probability bin [lower, upper) (the last bin includes 1).
  public struct Bin: Equatable, Sendable {
    public let lower: Double
    public let upper: Double
    public let count: Int
    /// Mean probability in the bin (NaN when empty).
    public let meanProbability: Double
    /// Share of positives in the bin (NaN when empty).
    public let observedRate: Double
  }

  public let feature: String
  public let group: String
  public let count: Int
  public let auc: Double
  public let brier: Double
  /// Mean probability minus observed rate: > 0 over-predicts the group, < 0 under-predicts it.
  public let calibrationInTheLarge: Double
  public let bins: [Bin]

  public static let binCount = 10

  /// - Parameters: `scores` and `y` index the frame's used rows; `rows` are the group's rows.
  public init(feature: String, group: String, scores: ModelScores, y: [Double], rows: [Int]) {
    self.feature = feature
    self.group = group
    count = rows.count
    auc = scores.score.map { s in PerformanceMetrics.auc(y: rows.map { y[$0] }, score: rows.map { s[$0] }) } ?? .nan
    guard let p = scores.probability, !rows.isEmpty else {
      (brier, calibrationInTheLarge, bins) = (.nan, .nan, [])
      return
    }
    let n = Double(rows.count)
    brier = rows.reduce(0) { $0 + (p[$1] - y[$1]) * (p[$1] - y[$1]) } / n
    calibrationInTheLarge = rows.reduce(0) { $0 + p[$1] - y[$1] } / n
    var counts = [Int](repeating: 0, count: Self.binCount)
    var sumP = [Double](repeating: 0, count: Self.binCount)
    var sumY = [Double](repeating: 0, count: Self.binCount)
    for r in rows {
      let k = min(Self.binCount - 1, max(0, Int(p[r] * Double(Self.binCount))))
      counts[k] += 1
      sumP[k] += p[r]
      sumY[k] += y[r]
    }
    bins = (0..<Self.binCount).map { k in
      let c = Double(counts[k])
      return Bin(
        lower: Double(k) / Double(Self.binCount), upper: Double(k + 1) / Double(Self.binCount), count: counts[k],
        meanProbability: counts[k] > 0 ? sumP[k] / c : .nan, observedRate: counts[k] > 0 ? sumY[k] / c : .nan)
    }
  }

  /// One view per group of every sensitive feature (protected group first), on `rows`.
  public static func views(frame: ModelFrame, scores: ModelScores, rows: [Int]) -> [GroupScoreView] {
    frame.sensitive.indices.flatMap { k -> [GroupScoreView] in
      let z = frame.z(k)
      let feature = frame.sensitive[k]
      return [(feature.protectedLabel, 1.0), (feature.otherLabel, 0.0)].map { label, value in
        GroupScoreView(feature: feature.name, group: label, scores: scores, y: frame.y, rows: rows.filter { z[$0] == value })
      }
    }
  }
}
