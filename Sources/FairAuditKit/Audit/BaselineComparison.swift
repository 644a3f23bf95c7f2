import Foundation

/// Changes since a previous run's JSON summary (`--baseline`): the audited model's accuracy, AUC
/// and each feature's DI and impact ratio, and the Fair LR shadow prices, for the report's change
/// log and the `--max-di-increase` gate.
public struct BaselineComparison: Sendable {
  public struct Row: Sendable {
    public let metric: BaselineMetric
    public let baseline: Double
    public let current: Double
    /// current - baseline, with differences below 1e-12 (relative) set to 0: an unchanged retrain
    /// must show no change even if the baseline's numbers were parsed one unit in the last place off
    /// (as the former untyped reader did; JSONDecoder reads them exactly).
    public var change: Double {
      let d = current - baseline
      return abs(d) <= 1e-12 * max(1, abs(baseline)) ? 0 : d
    }
  }

  public let baselineFile: String
  public let baselineSHA256: String
  public let rows: [Row]

  /// - Throws: as `AuditSummaryDocument.read(path:)`.
  public init(path: String, current evaluations: [ModelEvaluation], audited: ModelEvaluation) throws(FairAuditError) {
    let document = try AuditSummaryDocument.read(path: path)
    self.init(file: (path as NSString).lastPathComponent, document: document, current: evaluations, audited: audited)
  }

  /// The comparison with an already decoded summary; `file` is its base name.
  public init(file: String, document: AuditSummaryDocument, current evaluations: [ModelEvaluation], audited: ModelEvaluation) {
    baselineFile = file
    baselineSHA256 = document.input.sha256
    rows = Self.rows(models: document.models, current: evaluations, audited: audited)
  }

  static func rows(models: [AuditSummaryDocument.Model], current evaluations: [ModelEvaluation], audited: ModelEvaluation) -> [Row] {
    var rows: [Row] = []
    func add(_ metric: BaselineMetric, _ old: Double?, _ now: Double) {
      if let old { rows.append(Row(metric: metric, baseline: old, current: now)) }
    }
    let kind = audited.model.kind
    if let old = models.first(where: { $0.kind == kind })?.evaluation {
      add(.accuracy(model: kind), old.performance.accuracy, audited.test.performance.accuracy)
      add(.auc(model: kind), old.performance.auc, audited.test.performance.auc)
      for f in audited.test.features {
        guard let was = old.features.first(where: { $0.feature == f.feature }) else { continue }
        add(.disparateImpact(feature: f.feature), was.disparateImpact, f.disparateImpact)
        add(.impactRatio(feature: f.feature), was.impactRatio, f.impactRatio)
      }
    }
    if let fair = evaluations.first(where: { $0.model.kind == .fairLogisticRegression }),
      let constraints = models.first(where: { $0.kind == fair.model.kind })?.constraints
    {
      for c in fair.model.constraints {
        add(
          .shadowPrice(feature: c.feature, model: fair.model.kind), constraints.first { $0.feature == c.feature }?.shadowPrice,
          c.shadowPrice)
      }
    }
    return rows
  }

  /// Largest increase of any feature's DI since the baseline (0 when none increased).
  public var largestDIIncrease: (feature: String, change: Double)? {
    rows.compactMap { row in row.metric.disparateImpactFeature.map { ($0, row.change) } }.max { $0.1 < $1.1 }
  }
}
