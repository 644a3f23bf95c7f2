extension ReportBuilder {
  func performance() -> [ReportBlock] {
    var t = HTMLTable(
      caption: "Performance (accuracy under the decision rule; AUC, log-loss and Brier are threshold-free)",
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
    let boot = result.bootstrap
    var t = HTMLTable(
      caption: boot == nil
        ? "Metrics by group (selection rate with Wilson 95% interval)"
        : "Metrics by group (selection rate with Wilson and bootstrap 95% intervals; accuracy with its bootstrap interval)",
      header: ["Feature", "Group", "n", "Base rate", "Selection rate", "95% CI"] + (boot == nil ? [] : ["Bootstrap CI"])
        + ["TPR", "FPR", "Accuracy"] + (boot == nil ? [] : ["Bootstrap CI"]))
    let total = Double(a.performance.count)
    for (k, f) in a.features.enumerated() {
      for (j, g) in [f.protected, f.other].enumerated() {
        let b = boot?.features[k].groups[j]
        t.append(
          [f.feature, g.label, NumberFormat.count(g.count), num(g.baseRate), num(g.selectionRate), interval(g.selectionRateInterval)]
            + (b.map { [interval($0.selectionRate)] } ?? [])
            + [num(g.truePositiveRate), num(g.falsePositiveRate), num(g.accuracy)] + (b.map { [interval($0.accuracy)] } ?? []),
          class: Double(g.count) < 0.02 * total || b?.isSmall == true ? "warn" : nil)
      }
    }
    blocks.append(.table(t))
    blocks += bootstrapTable(a)
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
    return blocks + [impactRatioFigure(a)] + scoreViewBlocks()
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
    return challengerComparison() + [
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
    for e in result.evaluations where !e.model.kind.isExternal {
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
      if !result.frame.sensitive.isEmpty {
        return [
          .paragraph(
            "No fairness-constrained model was fitted in this run (see \(code: "--models") and the warnings), so there are no shadow prices to report.",
            blankLineAfter: false)
        ]
      }
      return [
        .paragraph(
          "No fairness-constrained model was fitted in this run, so there are no shadow prices to report. "
            + "They need at least one sensitive feature (\(code: "--sensitive")).", blankLineAfter: false)
      ]
    }
    var blocks: [ReportBlock] = [
      .heading(level: 3, "Constraints at the fitted bound"),
      .paragraph(
        "The shadow price λ_k = −∂(optimal loss)/∂c_k is what tightening feature k's bound costs in summed training loss; "
          + "per 0.01 of c on the mean-loss scale it is λ_k · 0.01 / N. Each one is checked in this run by re-solving at c_k ± h "
          + "(h = 10⁻³ c_k): the finite difference must agree to 10⁻³ relative."),
    ]
    for e in constrained {
      if e.model.kind == .fairGLMM {
        blocks += impliedPenaltyWeights(e.model)
        continue
      }
      let penalised = e.model.constraints.allSatisfy { !$0.bound.isFinite }
      let caption =
        penalised
        ? "\(e.model.kind.label): covariance at the fit and the implied penalty weights ρN²|g_k| (not shadow prices: the boosting iterate is not a constrained optimum)"
        : "\(e.model.kind.label): fairness constraints at the optimum"
      let checks = result.sweep?.checks.filter { $0.kind == e.model.kind } ?? []
      var t = HTMLTable(
        caption: caption,
        header: ["Feature", "g_k", "Bound c", "Binds", penalised ? "Implied weight" : "Shadow price λ_k"]
          + (penalised ? [] : ["per 0.01 of c (mean loss)", "Finite difference", "Check"]))
      for (k, c) in e.model.constraints.enumerated() {
        var row = [
          c.feature, NumberFormat.scientific(c.covariance), NumberFormat.significant(c.bound),
          c.isActive ? "yes" : "no (λ = 0)", NumberFormat.scientific(c.shadowPrice),
        ]
        if !penalised {
          let check = checks.first { $0.feature == k }
          row += [
            NumberFormat.scientific(perHundredth(c.shadowPrice)), check.map { NumberFormat.scientific($0.finiteDifference) } ?? "not run",
            check.map { ($0.agrees ? "agrees" : "DISAGREES") + " (\(NumberFormat.scientific($0.relativeDifference)))" } ?? "—",
          ]
        }
        t.append(row)
      }
      blocks.append(.table(t))
    }
    if let chart = sweepFigures?.checks() {
      blocks.append(
        .figure(
          svg: chart.svg(),
          caption:
            "Each shadow price (KKT multiplier) beside the finite difference of the optimal loss re-solved at c_k ± h; equal bars confirm it."
        ))
    }
    return blocks + priceComparison() + sweepSection()
  }

  /// The executive summary's sensitivity answers: which feature's constraint costs the most (with
  /// its check), what reaching the target costs, and the recommended operating point.
  func sensitivityAnswers() -> [InlineText] {
    var answers: [InlineText] = []
    if let e = result.evaluations.first(where: {
      $0.model.kind.isFair && $0.model.kind != .fairGLMM && $0.model.constraints.contains { $0.bound.isFinite }
    }),
      let k = e.model.constraints.indices.max(by: { e.model.constraints[$0].shadowPrice < e.model.constraints[$1].shadowPrice }),
      e.model.constraints[k].shadowPrice > 0
    {
      let top = e.model.constraints[k]
      let check = result.sweep?.checks.first { $0.kind == e.model.kind && $0.feature == k }
      let checked: InlineText =
        check.map {
          $0.agrees ? " (confirmed in this run by re-solving at c ± h)" : " (its finite-difference check disagrees: see Sensitivity)"
        } ?? ""
      answers.append(
        "\(strong: "What drives it:") in \(e.model.kind.label), the fairness constraint of \(strong: "\(top.feature)") has the largest "
          + "shadow price: tightening its bound by 0.01 raises the mean training log-loss by \(scientific: perHundredth(top.shadowPrice))"
          + "\(checked), so it drives the fairness-accuracy trade-off.")
    }
    if let sweep = result.sweep, let analysis = result.tradeoff {
      let kind = ModelKind.fairLogisticRegression
      if let target = analysis.targets.first, let costliest = analysis.ranking(target, kind: kind).first {
        answers.append("\(strong: "Cost of fixing:") " + costSentence(costliest, feature: sweepFeatures[costliest.feature]))
      }
      answers.append("\(strong: "Recommended point:") " + recommendationSentence(sweep, analysis))
    }
    return answers
  }
}

extension ReportBuilder {
  func interval(_ i: (lower: Double, upper: Double)) -> String {
    i.lower.isNaN ? "n/a" : "[\(num(i.lower)), \(num(i.upper))]"
  }

  func interval(_ i: FairnessBootstrap.Interval) -> String { interval((i.lower, i.upper)) }

  /// The disparities' bootstrap intervals beside the Katz interval, and the small cells.
  func bootstrapTable(_ a: FairnessAssessment) -> [ReportBlock] {
    guard let boot = result.bootstrap else { return [] }
    var t = HTMLTable(
      caption:
        "Bootstrap 95% percentile intervals (\(NumberFormat.count(boot.replicates)) replicates resampled within each group, predictions fixed)",
      header: ["Feature", "Impact ratio", "Katz CI", "Bootstrap CI", "DI", "DP difference", "EO difference"])
    for (f, b) in zip(a.features, boot.features) {
      t.append([
        f.feature, num(f.impactRatio), interval(f.impactRatioInterval), interval(b.impactRatio), interval(b.disparateImpact),
        interval(b.demographicParityDifference), interval(b.equalOpportunityDifference),
      ])
    }
    let small = boot.features.flatMap { f in f.groups.filter(\.isSmall).map { "\(f.feature) = \($0.label)" } }
    guard !small.isEmpty else { return [.table(t)] }
    let list = small.joined(separator: ", ")
    return [
      .table(t),
      .note(
        "Small cells (fewer than \(FairnessBootstrap.smallRows) rows, or fewer than \(FairnessBootstrap.smallCount) selected or not selected): \(list). "
          + "Their intervals are too coarse to trust; the rows are highlighted."),
    ]
  }
}
