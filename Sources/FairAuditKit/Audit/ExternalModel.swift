import Foundation

/// The deployed model audited from its outputs (`--score`, `--decision`): no coefficients, so it
/// enters the audit as a `FittedModel` of kind `ModelKind.external` with its scores, and every
/// table, interval, gate check, baseline change and JSON entry treats it like a fitted model.
public struct ExternalModel: Sendable {
  public let name: String
  public let scoreColumn: String?
  public let decisionColumn: String?
  /// Scores and decisions per used frame row.
  public let scores: ModelScores

  /// Whether the scores are probabilities (every value in [0, 1]).
  public var scoresAreProbabilities: Bool { scores.hasProbability }

  /// - Throws: `.invalidScores` when a probability threshold is applied to scores outside [0, 1].
  public init(frame: ModelFrame, roles: ModelRoles, name: String, rule: DecisionRule) throws(FairAuditError) {
    self.name = name
    scoreColumn = roles.score
    decisionColumn = roles.decision
    let score = frame.externalScore
    let inUnitInterval = score.map { s in s.allSatisfy { $0 >= 0 && $0 <= 1 } } ?? false
    if let score, let column = roles.score, roles.decision == nil, case .threshold(let t) = rule, !inUnitInterval,
      let bad = score.indices.first(where: { !(score[$0] >= 0 && score[$0] <= 1) })
    {
      let row = frame.rows[bad]
      throw .invalidScores(
        column: column, row: row + 1, line: frame.table.line(ofRow: row),
        reason:
          "score \(NumberFormat.significant(score[bad], 12)) is outside [0, 1], so the probability threshold \(NumberFormat.significant(t)) does not apply; use --selection-rate R for scores on another scale"
      )
    }
    scores = ModelScores(score: score, probability: inUnitInterval ? score : nil, decision: frame.externalDecision)
  }

  /// The model as the audit lists it: kind `external` labelled with the name, no coefficients, the
  /// Bernoulli log-likelihood of the training rows when the scores are probabilities.
  public func model(trainingRows: [Int], y: [Double]) -> FittedModel {
    let logLikelihood =
      scores.probability.map { p in
        trainingRows.reduce(0.0) { $0 + (y[$1] == 1 ? log(p[$1]) : log1p(-p[$1])) }
      } ?? .nan
    let source = [scoreColumn.map { "scores from column \"\($0)\"" }, decisionColumn.map { "decisions from column \"\($0)\"" }]
      .compactMap { $0 }.joined(separator: " and ")
    return FittedModel(
      kind: .external(name: name), coefficients: [], randomIntercepts: nil, logLikelihood: logLikelihood, parameterCount: 0,
      observationCount: trainingRows.count, objectiveValue: .nan,
      summary: FitSummary(
        iterations: 0, gradientNorm: 0, termination: .converged,
        notes: ["External model, not fitted by fairaudit: \(source); its AIC and BIC count no parameters."]))
  }
}
