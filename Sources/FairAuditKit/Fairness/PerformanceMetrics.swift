/// Overall discrimination and calibration of predicted probabilities at the 0.5 threshold.
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
    let p = eta.map(StableMath.logistic)
    let yhat = p.map { $0 >= 0.5 ? 1.0 : 0.0 }
    let confusion = ConfusionCounts(y: y, yhat: yhat, rows: rows)
    count = rows.count
    accuracy = confusion.accuracy
    balancedAccuracy = confusion.balancedAccuracy
    auc = Self.auc(y: rows.map { y[$0] }, score: rows.map { eta[$0] })
    logLoss = rows.reduce(0) { $0 + StableMath.bernoulliLoss(y: y[$1], eta: eta[$1]) } / Double(rows.count)
    brier = rows.reduce(0) { $0 + (p[$1] - y[$1]) * (p[$1] - y[$1]) } / Double(rows.count)
  }

  /// Rank-sum AUC: (sum of positive ranks - n1(n1+1)/2) / (n1 n0), average ranks for ties.
  static func auc(y: [Double], score: [Double]) -> Double {
    let order = score.indices.sorted { score[$0] < score[$1] }
    var rankSumPositive = 0.0
    var i = 0
    while i < order.count {
      var j = i
      while j + 1 < order.count && score[order[j + 1]] == score[order[i]] { j += 1 }
      let averageRank = Double(i + j + 2) / 2
      for k in i...j where y[order[k]] == 1 { rankSumPositive += averageRank }
      i = j + 1
    }
    let n1 = y.reduce(0, +), n0 = Double(y.count) - n1
    guard n1 > 0 && n0 > 0 else { return .nan }
    return (rankSumPositive - n1 * (n1 + 1) / 2) / (n1 * n0)
  }
}
