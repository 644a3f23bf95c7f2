/// A metric compared with `--baseline`. `label` is how the report's change log and the JSON
/// summary's `baseline.changes[].metric` name it; code matches on the case, never on the label.
public enum BaselineMetric: Hashable, Sendable {
  /// Accuracy of a model on the evaluation rows.
  case accuracy(model: ModelKind)
  /// AUC of a model on the evaluation rows.
  case auc(model: ModelKind)
  /// DI = 1 - impact ratio of a sensitive feature (audited model); higher is less fair.
  case disparateImpact(feature: String)
  /// Impact ratio of a sensitive feature (audited model).
  case impactRatio(feature: String)
  /// Shadow price of a feature's covariance constraint in a constrained model.
  case shadowPrice(feature: String, model: ModelKind)

  public var label: String {
    switch self {
    case .accuracy(let model): return "\(model.label) accuracy"
    case .auc(let model): return "\(model.label) AUC"
    case .disparateImpact(let feature): return "DI \(feature)"
    case .impactRatio(let feature): return "impact ratio \(feature)"
    case .shadowPrice(let feature, let model): return "shadow price \(feature) (\(model.label))"
    }
  }

  /// The feature of a DI metric (what `--max-di-increase` gates); nil for the others.
  public var disparateImpactFeature: String? {
    if case .disparateImpact(let feature) = self { return feature }
    return nil
  }
}
