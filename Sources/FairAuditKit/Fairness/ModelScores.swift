/// What one model says about each used row of a frame: a ranking score, a probability where the
/// score is one, and decisions where they are given rather than derived from a `DecisionRule`.
public struct ModelScores: Sendable {
  /// Higher means more likely positive (eta for fitted models, the `--score` column for an
  /// external one); nil when only decisions are given.
  public let score: [Double]?
  /// The stored probabilities (nil after `lean()` for a fitted model: then derived from eta).
  private let storedProbability: [Double]?
  /// Whether the probability is logistic(eta), so it can be recomputed instead of kept.
  private let probabilityFromEta: Bool
  /// The linear predictor of a fitted model, for a log-loss without clipping.
  public let eta: [Double]?
  /// Given 0/1 decisions (`--decision`); nil when the decision rule makes them.
  public let decision: [Double]?

  public init(score: [Double]?, probability: [Double]?, eta: [Double]? = nil, decision: [Double]? = nil) {
    precondition(score != nil || decision != nil, "a model's scores need a score or decisions")
    self.score = score
    storedProbability = probability
    probabilityFromEta = false
    self.eta = eta
    self.decision = decision
  }

  /// The scores of a fitted model with linear predictor eta.
  public init(eta: [Double]) {
    score = eta
    storedProbability = StableMath.logistic(eta)
    probabilityFromEta = true
    self.eta = eta
    decision = nil
  }

  private init(dropping s: ModelScores) {
    score = s.score
    storedProbability = nil
    probabilityFromEta = true
    eta = s.eta
    decision = s.decision
  }

  /// P(y = 1) per row: logistic(eta), or the `--score` column when all its values lie in [0, 1].
  public var probability: [Double]? {
    if let storedProbability { return storedProbability }
    guard probabilityFromEta, let eta else { return nil }
    return StableMath.logistic(eta)
  }

  /// Whether the scores have probabilities (without computing them).
  public var hasProbability: Bool { storedProbability != nil || (probabilityFromEta && eta != nil) }

  /// The same scores keeping one array per row less: a fitted model's probabilities are
  /// recomputed from eta (the same bits) when read. For the scores kept after the evaluation.
  public func lean() -> ModelScores {
    probabilityFromEta && eta != nil ? ModelScores(dropping: self) : self
  }

  /// 0/1 decisions for `rows` (indexed by frame row): the given ones, or the rule applied to the
  /// score (the decisions of rows outside `rows` are 0 unless given).
  public func decisions(_ rule: DecisionRule, rows: [Int]) -> [Double] {
    if let decision { return decision }
    guard let score else { return [] }
    return rule.decisions(score: score, probability: probability, rows: rows)
  }
}
