/// What a reviewer acts on, read off a sweep: the Pareto front, the recommended operating point,
/// and what reaching each fairness target costs per feature and jointly.
public struct TradeoffAnalysis: Sendable {
  /// The cost of bringing one feature to one target with one bounded model, from that feature's
  /// own bound path (the joint path when there is a single feature): the loosest bound on the
  /// path at which the feature meets the target, and the accuracy given up there against the
  /// unconstrained model.
  public struct FeatureCost: Sendable, Equatable {
    public let kind: ModelKind
    public let feature: Int
    public let target: FairnessTarget
    /// The unconstrained model's value of the target metric and accuracy.
    public let unconstrainedValue: Double
    public let unconstrainedAccuracy: Double
    /// The first point on the path that meets the target; nil when none does.
    public let reached: TradeoffPoint?
    /// The point closest to the target when none meets it (the best value on the path).
    public let closest: TradeoffPoint?

    public var alreadyMet: Bool { reached != nil && target.isMetValue(unconstrainedValue) }
    /// Accuracy given up (0..1 scale); nil when the target is not reached on the path.
    public var accuracyCost: Double? { reached.map { unconstrainedAccuracy - $0.accuracy } }
  }

  /// Every constraint together at the configured bounds, against the unconstrained model.
  public struct JointCost: Sendable, Equatable {
    public let kind: ModelKind
    public let base: ModelKind
    public let accuracyChange: Double
    /// Change of the mean training loss (optimal loss / N).
    public let meanLossChange: Double
  }

  public let targets: [FairnessTarget]
  /// Indices into `sweep.points` of the front over every model's points.
  public let front: ParetoFront
  /// The front of each fair model's own points, in model order.
  public let modelFronts: [(kind: ModelKind, front: ParetoFront)]
  /// Index into `sweep.points` of the most accurate converged point meeting every target for every
  /// feature; nil when no point does.
  public let recommended: Int?
  /// When nothing meets the targets: the point with the best worst-feature p%-rule (or least
  /// violation), to say how close the sweep gets.
  public let closest: Int?
  public let costs: [FeatureCost]
  public let joint: [JointCost]

  /// - Parameters: `unconstrained` evaluations of the base models (LR, CRLR) by kind; `models` the
  ///   run's fitted models (for the joint cost at the configured bounds).
  public init(
    sweep: TradeoffSweep, thresholds: Thresholds, evaluations: [ModelEvaluation], problem: ModelProblem, crlrLambda: Double
  ) {
    let targets = FairnessTarget.targets(thresholds)
    self.targets = targets
    let points = sweep.points
    front = ParetoFront(points)
    var kinds: [ModelKind] = []
    for p in points where !kinds.contains(p.kind) { kinds.append(p.kind) }
    modelFronts = kinds.map { ($0, ParetoFront(points, kind: $0)) }
    let meetsAll = { (p: TradeoffPoint) in targets.allSatisfy { t in p.pRule.indices.allSatisfy { t.isMet(p, feature: $0) } } }
    let eligible = points.indices.filter { points[$0].converged && points[$0].accuracy.isFinite && meetsAll(points[$0]) }
    recommended = eligible.max { points[$0].accuracy < points[$1].accuracy || (points[$0].accuracy == points[$1].accuracy && $0 > $1) }
    closest =
      recommended != nil
      ? nil
      : points.indices.filter { points[$0].converged }.min {
        Self.shortfall(points[$0], targets) < Self.shortfall(points[$1], targets)
          || (Self.shortfall(points[$0], targets) == Self.shortfall(points[$1], targets) && points[$0].accuracy > points[$1].accuracy)
      }
    var costs: [FeatureCost] = []
    for kind in [ModelKind.fairLogisticRegression, .fairClusterRegularizedLR] {
      guard let base = evaluations.first(where: { $0.model.kind == (kind.usesClusters ? .clusterRegularizedLR : .logisticRegression) })
      else { continue }
      for k in sweep.unconstrainedCovariance.indices {
        let path = sweep.path(kind, sweep.unconstrainedCovariance.count > 1 ? .featureBound(k) : .jointBound).filter(\.converged)
        guard !path.isEmpty else { continue }
        for t in targets {
          let reached = path.first { t.isMet($0, feature: k) }
          let unconstrainedValue = t.value(of: base.test.features[k])
          costs.append(
            FeatureCost(
              kind: kind, feature: k, target: t, unconstrainedValue: unconstrainedValue,
              unconstrainedAccuracy: base.test.performance.accuracy, reached: reached,
              closest: reached != nil ? nil : path.min { t.distance(t.value($0, feature: k)) < t.distance(t.value($1, feature: k)) }))
        }
      }
    }
    self.costs = costs
    joint = Self.jointCosts(evaluations: evaluations, problem: problem, crlrLambda: crlrLambda)
  }

  /// Total shortfall of a point against every target for every feature, in units of each limit
  /// (0 when all are met; an undefined value counts as the whole limit).
  static func shortfall(_ p: TradeoffPoint, _ targets: [FairnessTarget]) -> Double {
    targets.reduce(0) { sum, t in
      sum + p.pRule.indices.reduce(0) { s, k in s + t.distance(t.value(p, feature: k)) }
    }
  }

  static func jointCosts(evaluations: [ModelEvaluation], problem: ModelProblem, crlrLambda: Double) -> [JointCost] {
    let pairs: [(ModelKind, ModelKind)] = [
      (.fairLogisticRegression, .logisticRegression), (.fairClusterRegularizedLR, .clusterRegularizedLR),
    ]
    return pairs.compactMap { kind, baseKind in
      guard let fair = evaluations.first(where: { $0.model.kind == kind }),
        let base = evaluations.first(where: { $0.model.kind == baseKind })
      else { return nil }
      let objective = PenalizedLogisticObjective(problem: problem, randomIntercepts: kind.usesClusters, lambda: crlrLambda)
      let n = Double(problem.n)
      return JointCost(
        kind: kind, base: baseKind, accuracyChange: fair.test.performance.accuracy - base.test.performance.accuracy,
        meanLossChange: (objective.value(at: fair.model.parameters) - objective.value(at: base.model.parameters)) / n)
    }
  }

  /// The feature costs of one target, costliest first (not reached before reached; ties by
  /// model, then feature order): the ranking of features by what fixing them costs.
  public func ranking(_ target: FairnessTarget, kind: ModelKind) -> [FeatureCost] {
    costs.filter { $0.target == target && $0.kind == kind }.sorted {
      switch ($0.accuracyCost, $1.accuracyCost) {
      case (nil, nil): return $0.feature < $1.feature
      case (nil, _): return true
      case (_, nil): return false
      case (let a?, let b?): return a != b ? a > b : $0.feature < $1.feature
      }
    }
  }
}

extension FairnessTarget {
  /// The metric's value for one feature of an assessment.
  func value(of d: FeatureDisparity) -> Double {
    switch metric {
    case .pRule: return 100 * d.impactRatio
    case .disparateImpact: return d.disparateImpact
    case .demographicParityDifference: return d.demographicParityDifference
    }
  }

  func isMetValue(_ v: Double) -> Bool { v.isFinite && (metric == .pRule ? v >= limit : v <= limit) }

  /// How far a value falls short of the target, relative to the limit (0 when met; 1 when undefined).
  func distance(_ v: Double) -> Double {
    guard v.isFinite else { return 1 }
    let gap = metric == .pRule ? limit - v : v - limit
    return max(0, gap) / max(abs(limit), 1e-12)
  }
}
