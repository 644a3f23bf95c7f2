import Foundation

/// Changes since a previous run's JSON summary (`--baseline`): the audited model's accuracy, AUC
/// and each feature's DI and impact ratio, and the Fair LR shadow prices, for the report's change
/// log and the `--max-di-increase` gate.
public struct BaselineComparison: Sendable {
  public struct Row: Sendable {
    public let metric: String
    public let baseline: Double
    public let current: Double
    /// current - baseline, with differences below 1e-12 (relative) set to 0: Foundation's JSON
    /// parser can be one unit in the last place off, and an unchanged retrain must show no change.
    public var change: Double {
      let d = current - baseline
      return abs(d) <= 1e-12 * max(1, abs(baseline)) ? 0 : d
    }
  }

  public let baselineFile: String
  public let baselineSHA256: String
  public let rows: [Row]

  /// - Throws: `.fileNotFound`, `.fileUnreadable` (not a fairaudit summary of a compatible schema).
  public init(path: String, current evaluations: [ModelEvaluation], audited: ModelEvaluation) throws(FairAuditError) {
    guard FileManager.default.fileExists(atPath: path) else { throw .fileNotFound(path: path) }
    guard let data = FileManager.default.contents(atPath: path),
      let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let schema = json["schema_version"] as? String, schema.split(separator: ".").first == FairAuditVersion.jsonSchema.split(separator: ".").first,
      let models = json["models"] as? [[String: Any]]
    else {
      throw .fileUnreadable(path: path, reason: "not a fairaudit JSON summary with schema \(FairAuditVersion.jsonSchema)")
    }
    baselineFile = (path as NSString).lastPathComponent
    baselineSHA256 = ((json["input"] as? [String: Any])?["sha256"] as? String) ?? ""
    rows = Self.rows(models: models, current: evaluations, audited: audited)
  }

  static func rows(models: [[String: Any]], current evaluations: [ModelEvaluation], audited: ModelEvaluation) -> [Row] {
    var rows: [Row] = []
    if let lr = models.first(where: { $0["kind"] as? String == audited.model.kind.rawValue }),
      let evaluation = lr["evaluation"] as? [String: Any]
    {
      let performance = evaluation["performance"] as? [String: Any]
      for (key, label, value) in [("accuracy", "accuracy", audited.test.performance.accuracy), ("auc", "AUC", audited.test.performance.auc)] {
        if let old = performance?[key] as? Double { rows.append(Row(metric: "\(audited.model.kind.label) \(label)", baseline: old, current: value)) }
      }
      let features = (evaluation["features"] as? [[String: Any]]) ?? []
      for f in audited.test.features {
        guard let old = features.first(where: { $0["feature"] as? String == f.feature }) else { continue }
        if let di = old["disparate_impact"] as? Double { rows.append(Row(metric: "DI \(f.feature)", baseline: di, current: f.disparateImpact)) }
        if let ratio = old["impact_ratio"] as? Double { rows.append(Row(metric: "impact ratio \(f.feature)", baseline: ratio, current: f.impactRatio)) }
      }
    }
    let fair = evaluations.first { $0.model.kind == .fairLogisticRegression }
    if let fair, let old = models.first(where: { $0["kind"] as? String == fair.model.kind.rawValue }),
      let constraints = old["constraints"] as? [[String: Any]]
    {
      for c in fair.model.constraints {
        if let price = constraints.first(where: { $0["feature"] as? String == c.feature })?["shadow_price"] as? Double {
          rows.append(Row(metric: "shadow price \(c.feature) (Fair LR)", baseline: price, current: c.shadowPrice))
        }
      }
    }
    return rows
  }

  /// Largest increase of any feature's DI since the baseline (0 when none increased).
  public var largestDIIncrease: (feature: String, change: Double)? {
    rows.filter { $0.metric.hasPrefix("DI ") }.map { (String($0.metric.dropFirst(3)), $0.change) }.max { $0.1 < $1.1 }
  }
}
