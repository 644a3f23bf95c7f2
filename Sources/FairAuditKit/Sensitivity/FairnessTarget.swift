/// A per-feature fairness threshold the sensitivity analysis aims at: the configured
/// `--min-p-rule`, `--max-di` and `--max-dp-difference`, or, when none is configured, the
/// four-fifths rule (p%-rule >= 80), marked as a default.
public struct FairnessTarget: Sendable, Equatable {
  public enum Metric: String, Sendable, Equatable {
    case pRule = "p_rule"
    case disparateImpact = "disparate_impact"
    case demographicParityDifference = "dp_difference"
  }

  public let metric: Metric
  public let limit: Double
  /// True for the four-fifths rule used because no threshold was configured.
  public let isDefault: Bool

  /// The feature's value of the metric at a point.
  public func value(_ p: TradeoffPoint, feature k: Int) -> Double {
    switch metric {
    case .pRule: return p.pRule[k]
    case .disparateImpact: return p.disparateImpact[k]
    case .demographicParityDifference: return p.demographicParityDifference[k]
    }
  }

  /// Whether feature k meets the target at the point (an undefined value does not).
  public func isMet(_ p: TradeoffPoint, feature k: Int) -> Bool {
    let v = value(p, feature: k)
    guard v.isFinite else { return false }
    return metric == .pRule ? v >= limit : v <= limit
  }

  /// "p%-rule ≥ 80", "DI ≤ 0.2", "DP difference ≤ 0.1".
  public var label: String {
    switch metric {
    case .pRule: return "p%-rule ≥ \(NumberFormat.significant(limit))"
    case .disparateImpact: return "DI ≤ \(NumberFormat.significant(limit))"
    case .demographicParityDifference: return "DP difference ≤ \(NumberFormat.significant(limit))"
    }
  }

  /// The configured targets, or the four-fifths rule.
  public static func targets(_ t: Thresholds) -> [FairnessTarget] {
    var out: [FairnessTarget] = []
    if let v = t.minPRule { out.append(FairnessTarget(metric: .pRule, limit: v, isDefault: false)) }
    if let v = t.maxDI { out.append(FairnessTarget(metric: .disparateImpact, limit: v, isDefault: false)) }
    if let v = t.maxDPDifference { out.append(FairnessTarget(metric: .demographicParityDifference, limit: v, isDefault: false)) }
    return out.isEmpty ? [FairnessTarget(metric: .pRule, limit: 80, isDefault: true)] : out
  }
}
