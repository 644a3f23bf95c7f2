import Testing

@testable import FairAuditKit

@Suite struct FairnessMetricsTests {
  /// fairlearn 0.15 MetricFrame on the statsmodels predictions (Fixtures/bank_full_metrics_fairlearn.json).
  @Test("overall and group metrics agree with fairlearn and scikit-learn")
  func matchesFairlearn() throws {
    let reference = try TestSupport.fixture("bank_full_metrics_fairlearn.json")
    let a = TestSupport.bankFullAllRows.evaluations[0].test
    let overall = reference["overall"] as! [String: Any]
    // Same 0/1 predictions, so counts-based metrics agree to rounding; AUC/log-loss/Brier are sums over 45k rows.
    #expect(TestSupport.close(a.performance.accuracy, overall["accuracy"] as! Double, absolute: 1e-12))
    #expect(TestSupport.close(a.performance.balancedAccuracy, overall["balanced_accuracy"] as! Double, absolute: 1e-12))
    #expect(TestSupport.close(a.performance.auc, overall["auc"] as! Double, absolute: 1e-9))
    #expect(TestSupport.close(a.performance.logLoss, overall["log_loss_mean"] as! Double, absolute: 1e-9))
    #expect(TestSupport.close(a.performance.brier, overall["brier"] as! Double, absolute: 1e-9))
    let sensitive = reference["sensitive"] as! [String: Any]
    for f in a.features {
      let r = sensitive[f.feature] as! [String: Any]
      #expect(TestSupport.close(f.disparateImpact, r["disparate_impact_paper"] as! Double, absolute: 1e-12))
      #expect(TestSupport.close(f.impactRatio, r["demographic_parity_ratio"] as! Double, absolute: 1e-12))
      #expect(TestSupport.close(f.demographicParityDifference, r["demographic_parity_difference"] as! Double, absolute: 1e-12))
      #expect(TestSupport.close(f.equalOpportunityDifference, r["equal_opportunity_difference"] as! Double, absolute: 1e-12))
      #expect(TestSupport.close(f.equalizedOddsDifference, r["equalized_odds_difference"] as! Double, absolute: 1e-12))
      for group in r["groups"] as! [[String: Any]] {
        let g = (group[f.feature] as! Int) == 1 ? f.protected : f.other
        #expect(g.count == group["n"] as! Int)
        #expect(TestSupport.close(g.selectionRate, group["selection_rate"] as! Double, absolute: 1e-12))
        #expect(TestSupport.close(g.truePositiveRate, group["tpr"] as! Double, absolute: 1e-12))
        #expect(TestSupport.close(g.falsePositiveRate, group["fpr"] as! Double, absolute: 1e-12))
        #expect(TestSupport.close(g.baseRate, group["base_rate"] as! Double, absolute: 1e-12))
      }
    }
    let cells = (reference["intersection"] as! [String: Any])["groups"] as! [[String: Any]]
    #expect(a.intersections.count == cells.count)
    for cell in cells {
      let label = "housing: \((cell["housing"] as! Int) == 1 ? "yes" : "no") & loan: \((cell["loan"] as! Int) == 1 ? "yes" : "no")"
      let g = try #require(a.intersections.first { $0.label == label })
      #expect(g.count == cell["n"] as! Int)
      #expect(TestSupport.close(g.selectionRate, cell["selection_rate"] as! Double, absolute: 1e-12))
    }
  }

  @Test("impact ratio is symmetric and DI = 1 - ratio; equal rates give ratio 1")
  func disparityDefinitions() {
    let y: [Double] = [1, 0, 1, 0, 1, 0, 1, 0]
    let yhat: [Double] = [1, 1, 0, 0, 1, 0, 0, 0]
    let z: [Double] = [1, 1, 1, 1, 0, 0, 0, 0]
    let f = FeatureDisparity(feature: "s", protectedLabel: "1", otherLabel: "0", z: z, y: y, yhat: yhat, rows: Array(0..<8))
    #expect(f.impactRatio == 0.5)
    #expect(f.disparateImpact == 0.5)
    let swapped = FeatureDisparity(
      feature: "s", protectedLabel: "0", otherLabel: "1", z: z.map { 1 - $0 }, y: y, yhat: yhat, rows: Array(0..<8))
    #expect(swapped.impactRatio == f.impactRatio)
    #expect(swapped.equalizedOddsDifference == f.equalizedOddsDifference)
    let none = FeatureDisparity(
      feature: "s", protectedLabel: "1", otherLabel: "0", z: z, y: y, yhat: [Double](repeating: 0, count: 8), rows: Array(0..<8))
    #expect(none.impactRatio.isNaN && none.disparateImpact.isNaN)  // nobody selected: parity undefined, checks fail
    let all = FeatureDisparity(
      feature: "s", protectedLabel: "1", otherLabel: "0", z: z, y: y, yhat: [Double](repeating: 1, count: 8), rows: Array(0..<8))
    #expect(all.impactRatio == 1)
    #expect(!(100 * none.impactRatio >= 80))  // how ThresholdGate tests a p%-rule: an undefined ratio fails
  }

  @Test("AUC with ties counts one half")
  func aucTies() {
    #expect(PerformanceMetrics.auc(y: [0, 1, 0, 1], score: [0.1, 0.9, 0.5, 0.5]) == 0.875)
    #expect(PerformanceMetrics.auc(y: [0, 0, 1, 1], score: [1, 2, 3, 4]) == 1)
  }
}

@Suite struct ConfidenceIntervalTests {
  /// Reference values: Wilson interval as computed by statsmodels proportion_confint(method="wilson").
  @Test("Wilson intervals match the textbook values and stay inside [0, 1]")
  func wilson() {
    let (lo, hi) = ConfidenceInterval.wilson(successes: 7, trials: 20)
    #expect(abs(lo - 0.18119) < 1e-4 && abs(hi - 0.56714) < 1e-4)
    let zero = ConfidenceInterval.wilson(successes: 0, trials: 10)
    #expect(zero.lower == 0 && zero.upper > 0.2 && zero.upper < 0.35)
    #expect(ConfidenceInterval.wilson(successes: 0, trials: 0).lower.isNaN)
  }

  @Test("the Katz ratio interval contains the ratio and widens for small counts")
  func katz() {
    let big = ConfidenceInterval.ratio(300, 1000, over: 400, 1000)
    let small = ConfidenceInterval.ratio(3, 10, over: 4, 10)
    #expect(big.lower < 0.75 && 0.75 < big.upper)
    #expect(small.upper - small.lower > big.upper - big.lower)
    #expect(ConfidenceInterval.ratio(0, 10, over: 4, 10).lower.isNaN)
  }
}

@Suite struct EmptyGroupDisparityTests {
  @Test("a group without rows makes the impact ratio undefined, whichever side it is on")
  func emptyGroup() {
    let y = [1.0, 0, 1, 0], yhat = [1.0, 0, 0, 1]
    let some = GroupMetrics(label: "b", counts: ConfusionCounts(y: y, yhat: yhat, rows: [0, 1, 2, 3]))
    let none = GroupMetrics(label: "a", counts: ConfusionCounts(y: y, yhat: yhat, rows: []))
    #expect(FeatureDisparity(feature: "f", protected: none, other: some).impactRatio.isNaN)
    #expect(FeatureDisparity(feature: "f", protected: some, other: none).impactRatio.isNaN)
    #expect(FeatureDisparity(feature: "f", protected: some, other: some).impactRatio == 1)
  }
}
