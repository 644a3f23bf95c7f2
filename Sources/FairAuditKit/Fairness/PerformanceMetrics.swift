import Foundation

/// Overall discrimination and calibration of predicted probabilities, and the accuracy of the
/// decisions (the 0.5 threshold unless a `DecisionRule` made them). A metric the scores cannot
/// give (AUC without a score, log-loss and Brier without probabilities) is NaN ("n/a", null).
public struct PerformanceMetrics: Equatable, Sendable, Codable {
  public let count: Int
  public let accuracy: Double
  public let balancedAccuracy: Double
  /// Area under the ROC curve (Mann-Whitney, ties counted one half).
  public let auc: Double
  /// Mean Bernoulli negative log-likelihood, computed from eta (no clipping needed).
  public let logLoss: Double
  /// Mean (p - y)^2.
  public let brier: Double

  public init(y: [Double], eta: [Double], rows: [Int]) {
    let scores = ModelScores(eta: eta)
    self.init(y: y, scores: scores, yhat: scores.decisions(.standard, rows: rows), rows: rows)
  }

  /// - Parameters: `scores` and the decisions `yhat` index `y`; `rows` selects the assessed rows.
  public init(y: [Double], scores: ModelScores, yhat: [Double], rows: [Int]) {
    let confusion = ConfusionCounts(y: y, yhat: yhat, rows: rows)
    count = rows.count
    accuracy = confusion.accuracy
    balancedAccuracy = confusion.balancedAccuracy
    auc = scores.score.map { s in Self.auc(y: rows.map { y[$0] }, score: rows.map { s[$0] }) } ?? .nan
    if let eta = scores.eta {
      logLoss = StableMath.lossSum(rows: rows.indices, y: { y[rows[$0]] }, eta: { eta[rows[$0]] }) / Double(rows.count)
    } else if let p = scores.probability {
      // -[y log p + (1 - y) log(1 - p)] with log1p for 1 - p; infinite when a certain score is wrong.
      logLoss = rows.reduce(0) { $0 - (y[$1] == 1 ? log(p[$1]) : log1p(-p[$1])) } / Double(rows.count)
    } else {
      logLoss = .nan
    }
    brier = scores.probability.map { p in rows.reduce(0) { $0 + (p[$1] - y[$1]) * (p[$1] - y[$1]) } / Double(rows.count) } ?? .nan
  }

  /// Rank-sum AUC: (sum of positive ranks - n1(n1+1)/2) / (n1 n0), average ranks for ties.
  /// Computed as the Mann-Whitney count U = #(positive > negative) + #(ties) / 2 from the sorted
  /// scores of each class (`ScoreOrder`): the rank sum minus n1(n1+1)/2 is U exactly, and both
  /// are half-integers below 2^53, so the double is the same bits as the rank-sum formula's.
  static func auc(y: [Double], score: [Double]) -> Double {
    guard let u = ScoreOrder.mannWhitney(y: y, score: score) else { return aucByRanks(y: y, score: score) }
    let n1 = y.reduce(0, +), n0 = Double(y.count) - n1
    guard n1 > 0 && n0 > 0 else { return .nan }
    return u / (n1 * n0)
  }

  /// The rank-sum formula over sorted (score, y) pairs (scores with a NaN, labels other than 0/1).
  static func aucByRanks(y: [Double], score: [Double]) -> Double {
    // Sorting (score, y) pairs rather than indices keeps the comparisons in cache; ties get the
    // same average rank in any order, so the sum is the same.
    var pairs = zip(score, y).map { (score: $0, y: $1) }
    pairs.sort { $0.score < $1.score }
    var rankSumPositive = 0.0
    var i = 0
    while i < pairs.count {
      var j = i
      while j + 1 < pairs.count && pairs[j + 1].score == pairs[i].score { j += 1 }
      let averageRank = Double(i + j + 2) / 2
      for k in i...j where pairs[k].y == 1 { rankSumPositive += averageRank }
      i = j + 1
    }
    let n1 = y.reduce(0, +), n0 = Double(y.count) - n1
    guard n1 > 0 && n0 > 0 else { return .nan }
    return (rankSumPositive - n1 * (n1 + 1) / 2) / (n1 * n0)
  }
}
