/// A model fairaudit can fit: its identifier (the JSON `kind`), the paper's short name used in
/// reports, and what it needs from the data. The six models of Burgard & Pamplona are the
/// `standard` kinds; a new model declares its own kind next to its `ModelFitter`
/// (docs/architecture.md, "Adding a model"). Two kinds are equal when their identifiers are.
public struct ModelKind: Hashable, Sendable, Codable, CustomStringConvertible {
  public let rawValue: String
  public let label: String
  /// Fitted under the fairness constraints or penalty (needs `--sensitive`).
  public let isFair: Bool
  /// Has cluster intercepts (needs `--cluster`).
  public let usesClusters: Bool

  public init(rawValue: String, label: String, isFair: Bool, usesClusters: Bool) {
    self.rawValue = rawValue
    self.label = label
    self.isFair = isFair
    self.usesClusters = usesClusters
  }

  public static let logisticRegression = ModelKind(rawValue: "logisticRegression", label: "LR", isFair: false, usesClusters: false)
  public static let fairLogisticRegression = ModelKind(
    rawValue: "fairLogisticRegression", label: "Fair LR", isFair: true, usesClusters: false)
  public static let clusterRegularizedLR = ModelKind(rawValue: "clusterRegularizedLR", label: "CRLR", isFair: false, usesClusters: true)
  public static let fairClusterRegularizedLR = ModelKind(
    rawValue: "fairClusterRegularizedLR", label: "Fair CRLR", isFair: true, usesClusters: true)
  public static let logisticGLMM = ModelKind(rawValue: "logisticGLMM", label: "GLMM", isFair: false, usesClusters: true)
  public static let fairGLMM = ModelKind(rawValue: "fairGLMM", label: "Fair GLMM", isFair: true, usesClusters: true)

  /// The deployed model audited from its scores or decisions (`--score`, `--decision`), named
  /// with `--model-name`; identifier `external`.
  public static func external(name: String) -> ModelKind {
    ModelKind(rawValue: "external", label: name, isFair: false, usesClusters: false)
  }

  /// Whether this is the external (deployed) model rather than one fairaudit fits.
  public var isExternal: Bool { rawValue == "external" }

  /// The GLMM's marginal likelihood maximised under the fairness constraints (`ConstrainedGLMMFit`).
  public static let constrainedGLMM = ModelKind(
    rawValue: "constrainedGLMM", label: "Fair GLMM (constrained)", isFair: true, usesClusters: true)

  /// The paper's six models, in the paper's order.
  public static let allCases: [ModelKind] = [
    .logisticRegression, .fairLogisticRegression, .clusterRegularizedLR, .fairClusterRegularizedLR, .logisticGLMM, .fairGLMM,
  ]

  /// Every kind fairaudit fits: the paper's six and the constrained GLMM.
  public static let known: [ModelKind] = allCases + [.constrainedGLMM]

  /// The label without spaces (`FairCRLR`), as `--audited-model` takes it; `ConstrainedGLMM` for
  /// the constrained GLMM.
  public var optionName: String {
    self == .constrainedGLMM ? "ConstrainedGLMM" : label.replacingOccurrences(of: " ", with: "")
  }

  public var description: String { label }

  public static func == (a: ModelKind, b: ModelKind) -> Bool { a.rawValue == b.rawValue }
  public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

  /// Encoded as its identifier.
  public func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }

  /// Decodes one of the standard kinds, or an unknown identifier as a kind of its own.
  public init(from decoder: Decoder) throws {
    let id = try decoder.singleValueContainer().decode(String.self)
    self = Self.known.first { $0.rawValue == id } ?? ModelKind(rawValue: id, label: id, isFair: false, usesClusters: false)
  }
}
