/// The six models of Burgard & Pamplona; `label` is the paper's short name used in reports.
public enum ModelKind: String, CaseIterable, Codable, Sendable {
  case logisticRegression
  case fairLogisticRegression
  case clusterRegularizedLR
  case fairClusterRegularizedLR
  case logisticGLMM
  case fairGLMM

  public var label: String {
    switch self {
    case .logisticRegression: return "LR"
    case .fairLogisticRegression: return "Fair LR"
    case .logisticGLMM: return "GLMM"
    case .clusterRegularizedLR: return "CRLR"
    case .fairClusterRegularizedLR: return "Fair CRLR"
    case .fairGLMM: return "Fair GLMM"
    }
  }

  /// Fitted under the fairness constraints or penalty (needs `--sensitive`).
  public var isFair: Bool {
    switch self {
    case .fairLogisticRegression, .fairClusterRegularizedLR, .fairGLMM: return true
    case .logisticRegression, .clusterRegularizedLR, .logisticGLMM: return false
    }
  }

  /// Has cluster intercepts (needs `--cluster`).
  public var usesClusters: Bool {
    switch self {
    case .clusterRegularizedLR, .fairClusterRegularizedLR, .logisticGLMM, .fairGLMM: return true
    case .logisticRegression, .fairLogisticRegression: return false
    }
  }
}
