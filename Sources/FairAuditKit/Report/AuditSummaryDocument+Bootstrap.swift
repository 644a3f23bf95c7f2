/// The `bootstrap` member of the JSON summary (schema 1.3): percentile intervals of the audited
/// model's group metrics from `--bootstrap N` replicates, stratified by group.
extension AuditSummaryDocument {
  public struct Bootstrap: Codable, Equatable, Sendable {
    /// Label of the audited model whose predictions were resampled.
    public var model: String
    public var replicates: Int
    /// The seed as a decimal string, like `configuration.seed`.
    public var seed: String
    /// Two-sided level of every interval (0.95).
    public var level: Double
    public var features: [BootstrapFeature]
  }

  public struct BootstrapFeature: Codable, Equatable, Sendable {
    public var feature: String
    /// The protected group, then the reference group.
    public var groups: [BootstrapGroup]
    /// [lower, upper] each.
    public var impactRatioCI: [Double?]
    public var disparateImpactCI: [Double?]
    public var demographicParityDifferenceCI: [Double?]
    public var equalOpportunityDifferenceCI: [Double?]

    enum CodingKeys: String, CodingKey {
      case feature, groups
      case impactRatioCI = "impact_ratio_ci"
      case disparateImpactCI = "disparate_impact_ci"
      case demographicParityDifferenceCI = "demographic_parity_difference_ci"
      case equalOpportunityDifferenceCI = "equal_opportunity_difference_ci"
    }
  }

  public struct BootstrapGroup: Codable, Equatable, Sendable {
    public var role: Group.Role
    public var group: String
    public var n: Int
    /// [lower, upper] each.
    public var selectionRateCI: [Double?]
    public var accuracyCI: [Double?]
    /// Fewer than 30 rows, or fewer than 5 selected or not selected: intervals too coarse to trust.
    public var smallCell: Bool

    enum CodingKeys: String, CodingKey {
      case role, group, n
      case selectionRateCI = "selection_rate_ci"
      case accuracyCI = "accuracy_ci"
      case smallCell = "small_cell"
    }
  }
}

extension AuditSummaryDocument.Bootstrap {
  init(_ b: FairnessBootstrap, model: String) {
    func pair(_ i: FairnessBootstrap.Interval) -> [Double?] { [i.lower, i.upper].map { $0.isFinite ? $0 : nil } }
    self.init(
      model: model, replicates: b.replicates, seed: String(b.seed), level: FairnessBootstrap.level,
      features: b.features.map { f in
        AuditSummaryDocument.BootstrapFeature(
          feature: f.feature,
          groups: zip([AuditSummaryDocument.Group.Role.protected, .reference], f.groups).map { role, g in
            AuditSummaryDocument.BootstrapGroup(
              role: role, group: g.label, n: g.count, selectionRateCI: pair(g.selectionRate), accuracyCI: pair(g.accuracy),
              smallCell: g.isSmall)
          },
          impactRatioCI: pair(f.impactRatio), disparateImpactCI: pair(f.disparateImpact),
          demographicParityDifferenceCI: pair(f.demographicParityDifference),
          equalOpportunityDifferenceCI: pair(f.equalOpportunityDifference))
      })
  }
}
