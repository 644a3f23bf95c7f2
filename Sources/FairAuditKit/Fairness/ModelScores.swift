/// What one model says about each used row of a frame: a ranking score, a probability where the
/// score is one, and decisions where they are given rather than derived from a `DecisionRule`.
public struct ModelScores: Sendable {
  /// Higher means more likely positive (eta for fitted models, the `--score` column for an
  /// external one); nil when only decisions are given.
  public let score: [Double]?
  /// P(y = 1) per row: logistic(eta), or the `--score` column when all its values lie in [0, 1].
  public let probability: [Double]?
  /// The linear predictor of a fitted model, for a log-loss without clipping.
  public let eta: [Double]?
  /// Given 0/1 decisions (`--decision`); nil when the decision rule makes them.
  public let decision: [Double]?

  public init(score: [Double]?, probability: [Double]?, eta: [Double]? = nil, decision: [Double]? = nil) {
    precondition(score != nil || decision != nil, "a model's scores need a score or decisions")
    self.score = score
    self.probability = probability
    self.eta = eta
    self.decision = decision
  }

  /// The scores of a fitted model with linear predictor eta.
  public init(eta: [Double]) {
    self.init(score: eta, probability: eta.map(StableMath.logistic), eta: eta)
  }

  /// 0/1 decisions for `rows` (indexed by frame row): the given ones, or the rule applied to the
  /// score (the decisions of rows outside `rows` are 0 unless given).
  public func decisions(_ rule: DecisionRule, rows: [Int]) -> [Double] {
    if let decision { return decision }
    guard let score else { return [] }
    return rule.decisions(score: score, probability: probability, rows: rows)
  }
}
