/// Confusion counts of 0/1 predictions against 0/1 labels, and the rates derived from them.
/// A rate with an empty denominator is NaN (reported as "n/a"), never silently 0.
public struct ConfusionCounts: Equatable, Sendable, Codable {
  public var truePositives = 0
  public var falsePositives = 0
  public var trueNegatives = 0
  public var falseNegatives = 0

  public init() {}

  public init(y: [Double], yhat: [Double], rows: some Sequence<Int>) {
    for i in rows { add(y: y[i], yhat: yhat[i]) }
  }

  public mutating func add(y: Double, yhat: Double) {
    switch (y == 1, yhat == 1) {
    case (true, true): truePositives += 1
    case (false, true): falsePositives += 1
    case (false, false): trueNegatives += 1
    case (true, false): falseNegatives += 1
    }
  }

  public var count: Int { truePositives + falsePositives + trueNegatives + falseNegatives }
  public var positives: Int { truePositives + falseNegatives }
  public var negatives: Int { trueNegatives + falsePositives }

  public var baseRate: Double { ratio(positives, count) }
  public var selectionRate: Double { ratio(truePositives + falsePositives, count) }
  public var truePositiveRate: Double { ratio(truePositives, positives) }
  public var falsePositiveRate: Double { ratio(falsePositives, negatives) }
  public var accuracy: Double { ratio(truePositives + trueNegatives, count) }
  public var balancedAccuracy: Double { (truePositiveRate + (1 - falsePositiveRate)) / 2 }

  private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? .nan : Double(a) / Double(b) }
}
