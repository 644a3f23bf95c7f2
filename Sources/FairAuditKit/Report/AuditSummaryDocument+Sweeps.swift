/// The `sweeps` object of the JSON summary: every point of the trade-off paths, the checked shadow
/// prices, the Pareto front, the recommended operating point and the threshold costs. Fields added
/// in schema 1.3 are optional, so 1.0-1.2 files still read.
extension AuditSummaryDocument {
  public struct Sweeps: Codable, Equatable, Sendable {
    /// Penalty path points (model, rho, ...).
    public var rho: [RhoPoint]
    /// Bound path points: the joint path ("bound") and each feature's own ("bound:<feature>").
    public var bound: [BoundPoint]
    public var grid: Grid?
    public var shadowPriceChecks: [ShadowPriceCheck]?
    public var paretoFront: [FrontPoint]?
    /// Each fair model's own front.
    public var modelParetoFronts: [FrontPoint]?
    public var recommendation: Recommendation?
    public var thresholdCosts: [ThresholdCost]?
    public var jointCosts: [JointCost]?

    enum CodingKeys: String, CodingKey {
      case rho, bound, grid
      case shadowPriceChecks = "shadow_price_checks"
      case paretoFront = "pareto_front"
      case modelParetoFronts = "model_pareto_fronts"
      case recommendation
      case thresholdCosts = "threshold_costs"
      case jointCosts = "joint_costs"
    }

    /// Written by hand to leave out the 1.3 keys when absent, so older files re-encode to their bytes.
    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(rho, forKey: .rho)
      try c.encode(bound, forKey: .bound)
      if let grid { try c.encode(grid, forKey: .grid) }
      if let shadowPriceChecks { try c.encode(shadowPriceChecks, forKey: .shadowPriceChecks) }
      if let paretoFront { try c.encode(paretoFront, forKey: .paretoFront) }
      if let modelParetoFronts { try c.encode(modelParetoFronts, forKey: .modelParetoFronts) }
      if let recommendation { try c.encode(recommendation, forKey: .recommendation) }
      if let thresholdCosts { try c.encode(thresholdCosts, forKey: .thresholdCosts) }
      if let jointCosts { try c.encode(jointCosts, forKey: .jointCosts) }
    }
  }

  public struct Grid: Codable, Equatable, Sendable {
    public var rho: [Double?]
    /// Fractions of the unconstrained |g| (default grid); empty with `--c-grid`.
    public var boundFractions: [Double?]
    /// Explicit bounds (`--c-grid`); empty for the default grid.
    public var bounds: [Double?]
    public var unconstrainedCovariance: [Double?]

    enum CodingKeys: String, CodingKey {
      case rho
      case boundFractions = "bound_fractions"
      case bounds
      case unconstrainedCovariance = "unconstrained_covariance"
    }
  }

  /// Per-feature measures of one sweep point, shared by both path kinds.
  public struct PointMetrics: Codable, Equatable, Sendable {
    public var auc: Double?
    /// 100 times the impact ratio, per feature.
    public var pRule: [Double?]
    public var dpDifference: [Double?]
    /// Selection rates per feature: [protected group, other group].
    public var selectionRates: [[Double?]]
    public var converged: Bool

    enum CodingKeys: String, CodingKey {
      case auc
      case pRule = "p_rule"
      case dpDifference = "dp_difference"
      case selectionRates = "selection_rates"
      case converged
    }
  }

  public struct RhoPoint: Codable, Equatable, Sendable {
    /// Model label.
    public var model: String
    public var rho: Double?
    public var accuracy: Double?
    /// Per sensitive feature.
    public var disparateImpact: [Double?]
    /// g_k per sensitive feature.
    public var covariance: [Double?]
    /// Implied penalty weights rho N^2 |g_k| per sensitive feature (multipliers only at a
    /// stationary fit).
    public var multipliers: [Double?]
    public var metrics: PointMetrics?

    enum CodingKeys: String, CodingKey {
      case model, rho, accuracy
      case disparateImpact = "disparate_impact"
      case covariance, multipliers, metrics
    }

    /// Leaves out `metrics` (schema 1.3) when absent.
    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(model, forKey: .model)
      try c.encode(rho, forKey: .rho)
      try c.encode(accuracy, forKey: .accuracy)
      try c.encode(disparateImpact, forKey: .disparateImpact)
      try c.encode(covariance, forKey: .covariance)
      try c.encode(multipliers, forKey: .multipliers)
      if let metrics { try c.encode(metrics, forKey: .metrics) }
    }
  }

  public struct BoundPoint: Codable, Equatable, Sendable {
    /// Model label.
    public var model: String
    /// "bound" (every feature bounded by c) or "bound:<feature>" (only that feature).
    public var path: String?
    public var c: Double?
    public var accuracy: Double?
    /// Per sensitive feature.
    public var disparateImpact: [Double?]
    /// g_k per sensitive feature.
    public var covariance: [Double?]
    /// Shadow prices per sensitive feature (0 where the constraint does not bind).
    public var multipliers: [Double?]
    public var metrics: PointMetrics?

    enum CodingKeys: String, CodingKey {
      case model, path, c, accuracy
      case disparateImpact = "disparate_impact"
      case covariance, multipliers, metrics
    }

    /// Leaves out `path` and `metrics` (schema 1.3) when absent.
    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(model, forKey: .model)
      if let path { try c.encode(path, forKey: .path) }
      try c.encode(self.c, forKey: .c)
      try c.encode(accuracy, forKey: .accuracy)
      try c.encode(disparateImpact, forKey: .disparateImpact)
      try c.encode(covariance, forKey: .covariance)
      try c.encode(multipliers, forKey: .multipliers)
      if let metrics { try c.encode(metrics, forKey: .metrics) }
    }
  }

  public struct ShadowPriceCheck: Codable, Equatable, Sendable {
    public var model: String
    public var feature: String
    public var c: Double?
    public var step: Double?
    public var multiplier: Double?
    public var finiteDifference: Double?
    public var relativeDifference: Double?
    public var binds: Bool
    public var agrees: Bool

    enum CodingKeys: String, CodingKey {
      case model, feature, c, step, multiplier
      case finiteDifference = "finite_difference"
      case relativeDifference = "relative_difference"
      case binds, agrees
    }
  }

  /// A sweep point named by model, path and setting.
  public struct PointReference: Codable, Equatable, Sendable {
    public var model: String
    /// "penalty", "bound" or "bound:<feature>".
    public var path: String
    /// "rho" or "c".
    public var parameter: String
    public var value: Double?
    public var accuracy: Double?
    public var worstPRule: Double?

    enum CodingKeys: String, CodingKey {
      case model, path, parameter, value, accuracy
      case worstPRule = "worst_p_rule"
    }
  }

  public typealias FrontPoint = PointReference

  public struct Recommendation: Codable, Equatable, Sendable {
    /// The targets aimed at, e.g. "p%-rule ≥ 80".
    public var targets: [String]
    /// True when no threshold was configured and the four-fifths rule was used.
    public var defaultTarget: Bool
    /// The most accurate point meeting every target; null when none does.
    public var point: PointReference?
    /// When none does: the point closest to the targets.
    public var closest: PointReference?

    enum CodingKeys: String, CodingKey {
      case targets
      case defaultTarget = "default_target"
      case point, closest
    }
  }

  public struct ThresholdCost: Codable, Equatable, Sendable {
    public var model: String
    public var feature: String
    public var target: String
    public var unconstrainedValue: Double?
    public var unconstrainedAccuracy: Double?
    /// The loosest bound on the feature's path at which it meets the target; null when none does.
    public var reachedAtC: Double?
    public var accuracyAtC: Double?
    /// Accuracy given up (0..1); null when the target is not reached.
    public var accuracyCost: Double?
    /// Best value of the target metric on the path when the target is not reached.
    public var closestValue: Double?

    enum CodingKeys: String, CodingKey {
      case model, feature, target
      case unconstrainedValue = "unconstrained_value"
      case unconstrainedAccuracy = "unconstrained_accuracy"
      case reachedAtC = "reached_at_c"
      case accuracyAtC = "accuracy_at_c"
      case accuracyCost = "accuracy_cost"
      case closestValue = "closest_value"
    }
  }

  public struct JointCost: Codable, Equatable, Sendable {
    public var model: String
    public var base: String
    public var accuracyChange: Double?
    public var meanLossChange: Double?

    enum CodingKeys: String, CodingKey {
      case model, base
      case accuracyChange = "accuracy_change"
      case meanLossChange = "mean_loss_change"
    }
  }
}

extension AuditSummaryDocument.Sweeps {
  init(_ s: TradeoffSweep, analysis: TradeoffAnalysis?, features: [String]) {
    typealias D = AuditSummaryDocument
    let metrics = { (p: TradeoffPoint) in
      D.PointMetrics(
        auc: finite(p.auc), pRule: finite(p.pRule), dpDifference: finite(p.demographicParityDifference),
        selectionRates: p.selectionRates.map { [finite($0.protected), finite($0.other)] }, converged: p.converged)
    }
    let reference = { (p: TradeoffPoint) in
      D.PointReference(
        model: p.kind.label, path: p.path.name(features: features), parameter: p.path == .penalty ? "rho" : "c",
        value: finite(p.parameter), accuracy: finite(p.accuracy), worstPRule: finite(p.worstPRule))
    }
    self.init(
      rho: s.penaltyPoints.map {
        D.RhoPoint(
          model: $0.kind.label, rho: finite($0.parameter), accuracy: finite($0.accuracy), disparateImpact: finite($0.disparateImpact),
          covariance: finite($0.covariance), multipliers: finite($0.multipliers), metrics: metrics($0))
      },
      bound: s.boundPoints.map {
        D.BoundPoint(
          model: $0.kind.label, path: $0.path.name(features: features), c: finite($0.parameter), accuracy: finite($0.accuracy),
          disparateImpact: finite($0.disparateImpact), covariance: finite($0.covariance), multipliers: finite($0.multipliers),
          metrics: metrics($0))
      },
      grid: D.Grid(
        rho: finite(s.grid.rho), boundFractions: finite(s.grid.boundFractions), bounds: finite(s.grid.bounds),
        unconstrainedCovariance: finite(s.unconstrainedCovariance)),
      shadowPriceChecks: s.checks.map {
        D.ShadowPriceCheck(
          model: $0.kind.label, feature: features[$0.feature], c: finite($0.bound), step: finite($0.step),
          multiplier: finite($0.multiplier), finiteDifference: finite($0.finiteDifference),
          relativeDifference: finite($0.relativeDifference), binds: $0.binds, agrees: $0.agrees)
      },
      paretoFront: analysis?.front.indices.map { reference(s.points[$0]) },
      modelParetoFronts: analysis?.modelFronts.flatMap { $0.front.indices.map { reference(s.points[$0]) } },
      recommendation: analysis.map { a in
        D.Recommendation(
          targets: a.targets.map(\.label), defaultTarget: a.targets.contains(where: \.isDefault),
          point: a.recommended.map { reference(s.points[$0]) }, closest: a.closest.map { reference(s.points[$0]) })
      },
      thresholdCosts: analysis?.costs.map { c in
        D.ThresholdCost(
          model: c.kind.label, feature: features[c.feature], target: c.target.label, unconstrainedValue: finite(c.unconstrainedValue),
          unconstrainedAccuracy: finite(c.unconstrainedAccuracy), reachedAtC: c.reached.map { finite($0.parameter) } ?? nil,
          accuracyAtC: c.reached.map { finite($0.accuracy) } ?? nil, accuracyCost: c.accuracyCost.flatMap(finite),
          closestValue: c.closest.map { finite(c.target.value($0, feature: c.feature)) } ?? nil)
      },
      jointCosts: analysis?.joint.map {
        D.JointCost(
          model: $0.kind.label, base: $0.base.label, accuracyChange: finite($0.accuracyChange), meanLossChange: finite($0.meanLossChange))
      })
  }
}
