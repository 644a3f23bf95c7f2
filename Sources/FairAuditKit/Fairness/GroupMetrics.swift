/// Metrics of one group of a sensitive feature (or of an intersection of features).
public struct GroupMetrics: Equatable, Sendable, Codable {
  public let label: String
  public let counts: ConfusionCounts

  public var count: Int { counts.count }
  public var baseRate: Double { counts.baseRate }
  public var selectionRate: Double { counts.selectionRate }
  public var truePositiveRate: Double { counts.truePositiveRate }
  public var falsePositiveRate: Double { counts.falsePositiveRate }
  public var accuracy: Double { counts.accuracy }
  /// Wilson 95% interval of the selection rate.
  public var selectionRateInterval: (lower: Double, upper: Double) {
    ConfidenceInterval.wilson(successes: counts.truePositives + counts.falsePositives, trials: counts.count)
  }
}
