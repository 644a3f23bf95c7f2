/// What the user asked each column to be. Resolved against a `DataTable` by `ModelFrame`.
public struct ModelRoles: Sendable {
  public var target: String?
  public var positive: String?
  public var sensitive: [SensitiveFeatureSpec]
  /// The grouping factor (strata); `nil` for none. "auto" is resolved before a frame is built.
  public var cluster: String?
  public var features: [String]?
  public var exclude: [String]
  /// The deployed model's scores (`--score`) and 0/1 decisions (`--decision`): never covariates,
  /// and rows missing them are dropped and counted like any used column.
  public var score: String?
  public var decision: String?
  /// Categorical covariates with more levels are left out (`--max-levels`); the cluster is exempt.
  public var maxLevels = ModelRoles.defaultMaxLevels

  /// 50: above the 42 countries of UCI Adult, below the hundreds of a zip code or an ID.
  public static let defaultMaxLevels = 50

  /// The `--score` and `--decision` columns given.
  public var externalColumns: [String] { [score, decision].compactMap { $0 } }

  public init(
    target: String? = nil, positive: String? = nil, sensitive: [SensitiveFeatureSpec] = [],
    cluster: String? = nil, features: [String]? = nil, exclude: [String] = []
  ) {
    self.target = target
    self.positive = positive
    self.sensitive = sensitive
    self.cluster = cluster
    self.features = features
    self.exclude = exclude
  }
}
