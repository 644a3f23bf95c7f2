/// Performance and disparities of one model's 0/1 predictions on one set of rows, per
/// sensitive feature and per intersection of all sensitive features.
public struct FairnessAssessment: Equatable, Sendable, Codable {
  public let performance: PerformanceMetrics
  /// Share of evaluation rows predicted positive.
  public let selectionRate: Double
  public let features: [FeatureDisparity]
  /// One group per observed combination of the sensitive features, in a fixed order.
  public let intersections: [GroupMetrics]

  /// - Parameters: `eta` and `y` index the frame's used rows; `rows` selects the evaluation set.
  ///   Decisions at the probability threshold 0.5.
  public init(frame: ModelFrame, eta: [Double], rows: [Int]) {
    self.init(frame: frame, scores: ModelScores(eta: eta), rule: .standard, rows: rows)
  }

  /// - Parameters: `scores` index the frame's used rows; `rule` turns them into decisions on
  ///   `rows` (the evaluation set) unless the scores carry given decisions.
  public init(frame: ModelFrame, scores: ModelScores, rule: DecisionRule, rows: [Int]) {
    let yhat = scores.decisions(rule, rows: rows)
    performance = PerformanceMetrics(y: frame.y, scores: scores, yhat: yhat, rows: rows)
    selectionRate = rows.reduce(0) { $0 + yhat[$1] } / Double(max(rows.count, 1))
    let zs = frame.sensitive.indices.map { frame.z($0) }
    features = frame.sensitive.enumerated().map { k, s in
      FeatureDisparity(
        feature: s.name, protectedLabel: s.protectedLabel, otherLabel: s.otherLabel,
        z: zs[k], y: frame.y, yhat: yhat, rows: rows)
    }
    intersections = frame.sensitive.count < 2 ? [] : Self.intersections(frame: frame, zs: zs, yhat: yhat, rows: rows)
  }

  static func intersections(frame: ModelFrame, zs: [[Double]], yhat: [Double], rows: [Int]) -> [GroupMetrics] {
    // Counts per cell as the rows are read (no row lists): an array of the 2^K cells for up to
    // 16 features, else a dictionary of the cells met; cells with rows, largest key first.
    let key = { (r: Int) -> Int in zs.reduce(0) { $0 * 2 + Int($1[r]) } }
    var counts: [Int: ConfusionCounts] = [:]
    if zs.count <= 16 {
      var cells = [ConfusionCounts](repeating: ConfusionCounts(), count: 1 << zs.count)
      for r in rows { cells[key(r)].add(y: frame.y[r], yhat: yhat[r]) }
      for k in cells.indices where cells[k].count > 0 { counts[k] = cells[k] }
    } else {
      for r in rows { counts[key(r), default: ConfusionCounts()].add(y: frame.y[r], yhat: yhat[r]) }
    }
    return counts.keys.sorted(by: >).map { key in
      let label = frame.sensitive.enumerated().map { k, s in
        let bit = (key >> (zs.count - 1 - k)) & 1
        return "\(s.name): \(bit == 1 ? s.protectedLabel : s.otherLabel)"
      }.joined(separator: " & ")
      return GroupMetrics(label: label, counts: counts[key] ?? ConfusionCounts())
    }
  }

  /// Intersection impact ratios against the group with the highest selection rate (NYC LL144 style).
  public var intersectionImpactRatios: [Double] {
    let best = intersections.map(\.selectionRate).filter { !$0.isNaN }.max() ?? .nan
    return intersections.map { best > 0 ? $0.selectionRate / best : .nan }
  }
}
