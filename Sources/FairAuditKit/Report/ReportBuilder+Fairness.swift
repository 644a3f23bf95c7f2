extension ReportBuilder {
  func performance() -> [ReportBlock] {
    var t = HTMLTable(
      caption: "Performance at threshold 0.5",
      header: ["Model", "Rows", "Accuracy", "Balanced acc.", "AUC", "Log-loss", "Brier"])
    for e in result.evaluations {
      let sets = result.split.isFullData ? [("all", e.test)] : [("training", e.training), ("test", e.test)]
      for (name, a) in sets {
        let p = a.performance
        t.append([
          "\(e.model.kind.label) (\(name))", NumberFormat.count(p.count), num(p.accuracy), num(p.balancedAccuracy),
          num(p.auc), num(p.logLoss, 4), num(p.brier, 4),
        ])
      }
    }
    return [.table(t)]
  }

  func fairness() -> [ReportBlock] {
    let a = audited.test
    var blocks: [ReportBlock] = [
      .paragraph(
        "Group metrics of the audited model (\(audited.model.kind.label)) on the \(evaluationSet). "
          + "Rates are shares within each group; groups under 2% of the rows are highlighted.")
    ]
    var t = HTMLTable(
      caption: "Metrics by group (selection rate with Wilson 95% interval)",
      header: ["Feature", "Group", "n", "Base rate", "Selection rate", "95% CI", "TPR", "FPR", "Accuracy"])
    let total = Double(a.performance.count)
    for f in a.features {
      for g in [f.protected, f.other] {
        t.append(
          [
            f.feature, g.label, NumberFormat.count(g.count), num(g.baseRate), num(g.selectionRate), interval(g.selectionRateInterval),
            num(g.truePositiveRate), num(g.falsePositiveRate), num(g.accuracy),
          ], class: Double(g.count) < 0.02 * total ? "warn" : nil)
      }
    }
    blocks.append(.table(t))
    var d = HTMLTable(
      caption: "Disparities (protected vs reference group; impact ratio with Katz 95% interval)",
      header: ["Feature", "Impact ratio", "95% CI", "p%-rule", "DI (paper)", "DP difference", "EO difference", "Equalized-odds diff."])
    for f in a.features {
      d.append(
        [
          f.feature, num(f.impactRatio), interval(f.impactRatioInterval), NumberFormat.fixed(100 * f.impactRatio, 1),
          num(f.disparateImpact),
          num(f.demographicParityDifference), num(f.equalOpportunityDifference), num(f.equalizedOddsDifference),
        ],
        class: f.impactRatio < 0.8 ? "warn" : nil)
    }
    blocks += [.table(d), selectionRateFigure(a)]
    if !a.intersections.isEmpty {
      var i = HTMLTable(
        caption: "Intersections of the sensitive features (impact ratio against the most-selected group)",
        header: ["Group", "n", "Base rate", "Selection rate", "TPR", "FPR", "Impact ratio"])
      for (g, ratio) in zip(a.intersections, a.intersectionImpactRatios) {
        i.append(
          [
            g.label, NumberFormat.count(g.count), num(g.baseRate), num(g.selectionRate), num(g.truePositiveRate),
            num(g.falsePositiveRate), num(ratio),
          ], class: ratio < 0.8 ? "warn" : nil)
      }
      blocks.append(.table(i))
    }
    return blocks + [impactRatioFigure(a)]
  }

  func comparison() -> [ReportBlock] {
    let features = result.frame.sensitive.map(\.name)
    var t = HTMLTable(
      caption: "All models on the \(result.evaluationLabel)",
      header: ["Model", "Accuracy", "AUC"] + features.map { "DI \($0)" } + ["log-likelihood", "AIC", "BIC"])
    for e in result.evaluations {
      let m = e.model
      t.append(
        [m.kind.label, num(e.test.performance.accuracy), num(e.test.performance.auc)]
          + e.test.features.map { num($0.disparateImpact) }
          + [NumberFormat.fixed(m.logLikelihood, 1), NumberFormat.fixed(m.aic, 1), NumberFormat.fixed(m.bic, 1)])
    }
    return [
      .table(t),
      .paragraph(
        "Log-likelihoods are on the training rows: marginal (Laplace or quadrature) for the GLMM, conditional on the fitted intercepts for CRLR."
      ),
    ]
      + result.evaluations.filter { $0.unseenClusterRows > 0 }.map { e in
        .note(
          "\(e.model.kind.label): \(e.unseenClusterRows) evaluation rows belong to a cluster without training rows and are predicted with b = 0."
        )
      }
  }

  func diagnostics() -> [ReportBlock] {
    var t = HTMLTable(
      caption: "Convergence (objective: the minimised summed loss plus penalties, or minus the log-likelihood)",
      header: ["Model", "Iterations", "Evaluations", "Objective: start → end", "max |gradient|", "Status", "Notes"])
    for e in result.evaluations {
      let m = e.model
      let log = m.summary.log
      let path = log.flatMap { l in
        l.initialObjective.flatMap { a in l.finalObjective.map { "\(NumberFormat.significant(a, 8)) → \(NumberFormat.significant($0, 8))" }
        }
      }
      t.append(
        [
          m.kind.label, String(m.summary.iterations), log.map { String($0.evaluations) } ?? "", path ?? "",
          NumberFormat.scientific(m.summary.gradientNorm),
          m.summary.termination.rawValue + (m.summary.stopReason.map { " (\($0.rawValue))" } ?? ""), String(m.summary.notes.count),
        ],
        class: m.summary.didConverge ? nil : "warn")
    }
    var blocks: [ReportBlock] = [.table(t)]
    if !result.kktResiduals.isEmpty {
      var k = HTMLTable(
        caption: "KKT residuals of the constrained fits (summed-loss convention)",
        header: ["Model", "Stationarity (relative)", "Primal feasibility", "Dual feasibility", "Complementary slackness"])
      for e in result.evaluations {
        guard let r = result.kktResiduals[e.model.kind] else { continue }
        k.append(
          [
            e.model.kind.label, NumberFormat.scientific(r.stationarity), NumberFormat.scientific(r.primalFeasibility),
            NumberFormat.scientific(r.dualFeasibility), NumberFormat.scientific(r.complementarySlackness),
          ],
          class: r.maximum < 1e-6 ? nil : "warn")
      }
      blocks.append(.table(k))
    }
    return blocks
  }

  func sensitivity() -> [ReportBlock] {
    let constrained = result.evaluations.filter { !$0.model.constraints.isEmpty }
    guard !constrained.isEmpty else {
      return [
        .paragraph(
          "No fairness-constrained model was fitted in this run, so there are no shadow prices to report. "
            + "They need at least one sensitive feature (\(code: "--sensitive")).", blankLineAfter: false)
      ]
    }
    var blocks: [ReportBlock] = [.heading(level: 3, "Constraints at the fitted bound")]
    for e in constrained {
      if e.model.kind == .fairGLMM {
        blocks += impliedPenaltyWeights(e.model)
        continue
      }
      let caption = "\(e.model.kind.label): fairness constraints at the optimum"
      var t = HTMLTable(
        caption: caption,
        header: ["Feature", "g_k", "Bound c", "Active", "μ⁺", "μ⁻", "Shadow price λ_k"])
      for c in e.model.constraints {
        t.append([
          c.feature, NumberFormat.scientific(c.covariance), NumberFormat.significant(c.bound), c.isActive ? "yes" : "no",
          NumberFormat.scientific(c.multiplierUpper), NumberFormat.scientific(c.multiplierLower), NumberFormat.scientific(c.shadowPrice),
        ])
      }
      blocks.append(.table(t))
    }
    return blocks + priceComparison() + sweepSection()
  }

  func shadowPriceHeadline() -> [ReportBlock] {
    guard let e = result.evaluations.first(where: { !$0.model.constraints.isEmpty && $0.model.kind != .fairGLMM }),
      let top = e.model.constraints.max(by: { $0.shadowPrice < $1.shadowPrice }), top.shadowPrice > 0
    else { return [] }
    return [
      .paragraph(
        "In \(e.model.kind.label), the fairness constraint of \(strong: "\(top.feature)") has the largest shadow price "
          + "(\(scientific: top.shadowPrice)): it costs the most fit per unit of tightening, so it drives the fairness-accuracy trade-off.")
    ]
  }
}

extension ReportBuilder {
  func interval(_ i: (lower: Double, upper: Double)) -> String {
    i.lower.isNaN ? "n/a" : "[\(num(i.lower)), \(num(i.upper))]"
  }
}
