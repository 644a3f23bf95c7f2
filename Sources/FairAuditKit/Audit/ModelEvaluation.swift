/// A fitted model with its performance and fairness on the training and the test rows.
public struct ModelEvaluation: Sendable {
  public let model: FittedModel
  public let training: FairnessAssessment
  public let test: FairnessAssessment
  /// Test rows whose cluster had no training rows (predicted with b = 0).
  public let unseenClusterRows: Int
  /// The model's scores on every used row (for the threshold-free views and the export).
  public var scores: ModelScores? = nil
  /// AUC, Brier and calibration by group on the evaluation rows (filled for the audit's models,
  /// not for the sweep points).
  public var scoreViews: [GroupScoreView] = []
}
