/// Compares the audited model's test-set metrics with the configured thresholds. An audited model
/// that stopped without converging (the boosting Fair GLMM stopped early) fails the gate too, with
/// its max |gradient| against its stated tolerance: its numbers are not those of an optimum.
public enum ThresholdGate {
  public static func check(_ t: Thresholds, evaluation: ModelEvaluation, baseline: BaselineComparison? = nil) -> [ThresholdCheck] {
    var checks: [ThresholdCheck] = []
    for f in evaluation.test.features {
      if let limit = t.minPRule {
        let v = 100 * f.impactRatio
        checks.append(
          ThresholdCheck(
            criterion: "p%-rule >= \(NumberFormat.significant(limit))", subject: f.feature, value: v, limit: limit, passed: v >= limit))
      }
      if let limit = t.maxDI {
        let v = f.disparateImpact
        checks.append(
          ThresholdCheck(
            criterion: "DI <= \(NumberFormat.significant(limit))", subject: f.feature, value: v, limit: limit, passed: v <= limit))
      }
      if let limit = t.maxDPDifference {
        let v = f.demographicParityDifference
        checks.append(
          ThresholdCheck(
            criterion: "DP difference <= \(NumberFormat.significant(limit))", subject: f.feature, value: v, limit: limit, passed: v <= limit
          ))
      }
    }
    if let limit = t.minAccuracy {
      let v = evaluation.test.performance.accuracy
      checks.append(
        ThresholdCheck(
          criterion: "accuracy >= \(NumberFormat.significant(limit))", subject: "model", value: v, limit: limit, passed: v >= limit))
    }
    if let limit = t.maxDIIncrease, let baseline {
      for row in baseline.rows {
        guard let feature = row.metric.disparateImpactFeature else { continue }
        checks.append(
          ThresholdCheck(
            criterion: "DI increase since baseline <= \(NumberFormat.significant(limit))",
            subject: feature, value: row.change, limit: limit, passed: row.change <= limit))
      }
    }
    let summary = evaluation.model.summary
    if !summary.didConverge {
      checks.append(
        ThresholdCheck(
          criterion: "fit converged (max |gradient| <= tolerance)", subject: evaluation.model.kind.label,
          value: summary.gradientNorm, limit: summary.gradientTolerance ?? 0, passed: false))
    }
    return checks
  }
}
