/// How scores become 0/1 decisions, for every audited model alike (`--threshold`, `--selection-rate`).
public enum DecisionRule: Equatable, Sendable {
  /// Positive when the probability is at least t (fitted models: logistic(eta) >= t).
  case threshold(Double)
  /// The top share r of the assessed rows by score is positive: k = max(1, round(r n)) rows, plus
  /// every row tied with the k-th score (equal scores get equal decisions, so the realised rate
  /// can exceed r when the cut falls inside a tie).
  case selectionRate(Double)

  /// The threshold 0.5 on the probability.
  public static let standard = DecisionRule.threshold(0.5)

  /// 0/1 decision per entry of `score` (indexed like `score`; only `rows` are decided, the others are 0).
  /// `probability` is the score on the probability scale for a threshold rule (the score itself when nil).
  public func decisions(score: [Double], probability: [Double]?, rows: [Int]) -> [Double] {
    var yhat = [Double](repeating: 0, count: score.count)
    switch self {
    case .threshold(let t):
      let p = probability ?? score
      for r in rows where p[r] >= t { yhat[r] = 1 }
    case .selectionRate(let rate):
      guard let cut = Self.cut(score: score, rows: rows, rate: rate) else { return yhat }
      for r in rows where score[r] >= cut { yhat[r] = 1 }
    }
    return yhat
  }

  /// The k-th largest score among `rows`, k = max(1, round(rate n)); nil without rows.
  static func cut(score: [Double], rows: [Int], rate: Double) -> Double? {
    guard !rows.isEmpty else { return nil }
    let k = min(rows.count, max(1, Int((rate * Double(rows.count)).rounded())))
    let sorted = rows.map { score[$0] }.sorted(by: >)
    return sorted[k - 1]
  }

  /// "threshold" or "selection_rate", as in the JSON summary.
  public var kindName: String {
    switch self {
    case .threshold: return "threshold"
    case .selectionRate: return "selection_rate"
    }
  }

  /// The threshold or the rate.
  public var value: Double {
    switch self {
    case .threshold(let t): return t
    case .selectionRate(let r): return r
    }
  }
}
