import Foundation
import Testing

@testable import FairAuditKit

@Suite struct ExternalModelTests {
  /// bank-full with the gradient-boosted score column of Benchmarks/reference/external_scores.py
  /// appended (Fixtures/bank_full_external_scores.csv), written atomically to one temporary file
  /// that later runs reuse (one file per run would pile up 5 MB each).
  static let scoredBankFull: String = {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("fairaudit-tests-bank-full-scored.csv").path
    let bank = try! String(contentsOfFile: TestSupport.bankFull, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
    let scores = try! String(contentsOf: TestSupport.fixtureURL("bank_full_external_scores.csv"), encoding: .utf8)
      .split(separator: "\n", omittingEmptySubsequences: false)
    var lines: [String] = []
    for (i, line) in bank.enumerated() where !line.isEmpty {
      lines.append(line.trimmingCharacters(in: .newlines) + ";" + scores[i])
    }
    let text = lines.joined(separator: "\n") + "\n"
    if (try? String(contentsOfFile: path, encoding: .utf8)) != text {
      try! text.write(toFile: path, atomically: true, encoding: .utf8)
    }
    return path
  }()

  static func audit(rule: DecisionRule, models: [any ModelFitter] = []) throws -> AuditResult {
    var c = AuditConfiguration(inputPath: scoredBankFull)
    c.sensitiveArguments = ["housing", "loan"]
    c.roles.target = "y"
    c.roles.score = "gbm_score"
    c.testFraction = 0
    c.sweep = false
    c.models = models
    c.decisionRule = rule
    return try AuditPipeline.run(c)
  }

  /// fairlearn 0.15 MetricFrame on the same decisions (Fixtures/bank_full_external_fairlearn.json):
  /// thresholds 0.5 and 0.2 and the selection rate 0.117, group counts exact, rates to 1e-12.
  @Test("external scores: group metrics equal fairlearn MetricFrame at thresholds and at a selection rate")
  func matchesFairlearn() throws {
    let reference = try TestSupport.fixture("bank_full_external_fairlearn.json")
    let rules = reference["rules"] as! [[String: Any]]
    #expect(rules.count == 3)
    for r in rules {
      let value = r["value"] as! Double
      let rule: DecisionRule = (r["rule"] as! String) == "threshold" ? .threshold(value) : .selectionRate(value)
      let result = try Self.audit(rule: rule)
      #expect(result.evaluations.count == 1)
      let e = result.auditedModel
      #expect(e.model.kind.isExternal && e.model.kind.label == "External")
      let a = e.test
      #expect(a.features.reduce(0) { _, f in f.protected.counts.count + f.other.counts.count } == 45211)
      let selected =
        a.features[0].protected.counts.truePositives + a.features[0].protected.counts.falsePositives
        + a.features[0].other.counts.truePositives + a.features[0].other.counts.falsePositives
      #expect(selected == r["selected"] as! Int)
      #expect(TestSupport.close(a.performance.accuracy, r["accuracy"] as! Double, absolute: 1e-12))
      let sensitive = r["sensitive"] as! [String: Any]
      for f in a.features {
        let ref = sensitive[f.feature] as! [String: Any]
        #expect(TestSupport.close(f.impactRatio, ref["impact_ratio"] as! Double, absolute: 1e-12))
        #expect(TestSupport.close(f.demographicParityDifference, ref["demographic_parity_difference"] as! Double, absolute: 1e-12))
        #expect(TestSupport.close(f.equalOpportunityDifference, ref["equal_opportunity_difference"] as! Double, absolute: 1e-12))
        #expect(TestSupport.close(f.equalizedOddsDifference, ref["equalized_odds_difference"] as! Double, absolute: 1e-12))
        for group in ref["groups"] as! [[String: Any]] {
          let g = (group[f.feature] as! Int) == 1 ? f.protected : f.other
          #expect(g.count == group["n"] as! Int)
          for (mine, key) in [
            (g.selectionRate, "selection_rate"), (g.truePositiveRate, "tpr"), (g.falsePositiveRate, "fpr"),
            (g.baseRate, "base_rate"), (g.accuracy, "accuracy"),
          ] {
            #expect(TestSupport.close(mine, group[key] as! Double, absolute: 1e-12), "\(f.feature) \(key)")
          }
        }
      }
      for cell in r["intersection"] as! [[String: Any]] {
        let label = "housing: \((cell["housing"] as! Int) == 1 ? "yes" : "no") & loan: \((cell["loan"] as! Int) == 1 ? "yes" : "no")"
        let g = try #require(a.intersections.first { $0.label == label })
        #expect(g.count == cell["n"] as! Int)
        #expect(TestSupport.close(g.selectionRate, cell["selection_rate"] as! Double, absolute: 1e-12))
        #expect(TestSupport.close(g.truePositiveRate, cell["tpr"] as! Double, absolute: 1e-12))
      }
    }
    let overall = reference["overall"] as! [String: Any]
    let p = try Self.audit(rule: .standard).auditedModel.test.performance
    #expect(TestSupport.close(p.auc, overall["auc"] as! Double, absolute: 1e-12))
    #expect(TestSupport.close(p.brier, overall["brier"] as! Double, absolute: 1e-12))
  }

  /// scikit-learn's roc_auc_score and brier_score_loss per group on the same scores.
  @Test("threshold-free views by group: AUC, Brier and calibration-in-the-large equal scikit-learn's")
  func scoreViews() throws {
    let reference = try TestSupport.fixture("bank_full_external_fairlearn.json")["score_views"] as! [String: [[String: Any]]]
    let views = try Self.audit(rule: .standard).auditedModel.scoreViews
    #expect(views.count == 4)
    for v in views {
      let z = v.group == "yes" ? 1 : 0
      let r = try #require(reference[v.feature]?.first { ($0[v.feature] as! Int) == z })
      #expect(v.count == r["n"] as! Int)
      #expect(TestSupport.close(v.auc, r["auc"] as! Double, absolute: 1e-12))
      #expect(TestSupport.close(v.brier, r["brier"] as! Double, absolute: 1e-12))
      #expect(TestSupport.close(v.calibrationInTheLarge, r["calibration_in_the_large"] as! Double, absolute: 1e-12))
      #expect(v.bins.count == 10 && v.bins.reduce(0) { $0 + $1.count } == v.count)
    }
  }

  @Test("the score column is not a covariate of the challengers, which are fitted on the same rows")
  func challengers() throws {
    let result = try Self.audit(rule: .threshold(0.3), models: [ModelCatalog.standard[0], ModelCatalog.standard[1]])
    #expect(result.evaluations.map(\.model.kind.label) == ["External", "LR", "Fair LR"])
    #expect(!result.design.names.contains("gbm_score"))
    #expect(result.auditedModel.model.kind.isExternal)
    #expect(result.evaluations.allSatisfy { $0.test.performance.count == 45211 })
    let document = AuditSummaryDocument(result)
    #expect(document.configuration.external?.scoreColumn == "gbm_score")
    #expect(document.configuration.decisionRule == .init(rule: "threshold", value: 0.3))
    #expect(document.gate.auditedModel == "External")
    let slots = ReportBuilder(result: result).slots()
    let tables = (slots["comparison"] ?? []).compactMap { block -> HTMLTable? in
      if case .table(let t) = block { return t }
      return nil
    }
    let challengers = try #require(tables.first { $0.caption?.hasPrefix("Challengers against the deployed model (External)") == true })
    #expect(challengers.rows.map { $0[0] } == ["External", "LR", "Fair LR"])
    #expect(challengers.rows[0][2] == "+0.000")
    let captions = (slots["fairness"] ?? []).compactMap { block -> String? in
      if case .figure(let svg, let caption) = block, svg.contains("<title") { return caption }
      return nil
    }
    #expect(captions.contains { $0.hasPrefix("Reliability curves of External") })
    #expect(captions.contains { $0.hasPrefix("Distribution of External") })
    #expect(captions.contains { $0.hasPrefix("AUC within each group for every model") })
    let methodology = MarkdownDocumentRenderer.render(slots["methodology"] ?? [])
    #expect(methodology.contains("at least 0.3 (decision rule: threshold)"))
  }
}

@Suite struct DecisionRuleTests {
  @Test("threshold: probability >= t; rows outside the assessed set stay 0")
  func threshold() {
    let p = [0.2, 0.5, 0.7, 0.9]
    #expect(DecisionRule.threshold(0.5).decisions(score: p, probability: nil, rows: [0, 1, 2]) == [0, 1, 1, 0])
  }

  @Test("selection rate: k = round(r n) by score, every row tied with the k-th selected, in any row order")
  func selectionRate() {
    let s = [0.1, 0.4, 0.4, 0.9, 0.3, 0.4, 0.2, 0.8, 0.05, 0.6]
    // r = 0.3: k = 3 (0.9, 0.8, 0.6).
    #expect(DecisionRule.selectionRate(0.3).decisions(score: s, probability: nil, rows: Array(0..<10)) == [0, 0, 0, 1, 0, 0, 0, 1, 0, 1])
    // r = 0.4: k = 4, the 4th score 0.4 is tied three times: all three selected (6 rows).
    let tied = DecisionRule.selectionRate(0.4).decisions(score: s, probability: nil, rows: Array(0..<10))
    #expect(tied.reduce(0, +) == 6)
    let order = Array((0..<10).reversed())
    #expect(DecisionRule.selectionRate(0.4).decisions(score: s, probability: nil, rows: order) == tied)
    // A tiny rate still selects one row.
    #expect(DecisionRule.selectionRate(0.01).decisions(score: s, probability: nil, rows: Array(0..<10)).reduce(0, +) == 1)
  }
}

@Suite struct GroupScoreViewTests {
  @Test("bins, calibration-in-the-large and AUC of a small group by hand; scores off [0, 1] give only the AUC")
  func byHand() {
    let y: [Double] = [0, 1, 0, 1, 1, 0]
    let p = [0.05, 0.95, 0.3, 0.35, 1.0, 0.0]
    let v = GroupScoreView(feature: "f", group: "g", scores: ModelScores(score: p, probability: p), y: y, rows: [0, 1, 2, 3, 4])
    #expect(v.count == 5)
    #expect(v.auc == 1)  // every positive (0.95, 0.35, 1.0) above every negative (0.05, 0.3)
    #expect(abs(v.calibrationInTheLarge - ((0.05 + 0.95 + 0.3 + 0.35 + 1.0) / 5 - 3.0 / 5)) < 1e-15)
    #expect(v.bins.map(\.count) == [1, 0, 0, 2, 0, 0, 0, 0, 0, 2])  // 1.0 falls in the last bin
    #expect(v.bins[3].observedRate == 0.5 && v.bins[1].meanProbability.isNaN)
    let ranked = GroupScoreView(
      feature: "f", group: "g", scores: ModelScores(score: [300, 700, 500], probability: nil), y: [0, 1, 0], rows: [0, 1, 2])
    #expect(ranked.auc == 1 && ranked.brier.isNaN && ranked.bins.isEmpty)
  }
}
