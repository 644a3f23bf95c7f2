extension ReportBuilder {
  func performance() -> String {
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
    return t.html
  }

  func fairness() -> String {
    let a = audited.test
    var s = "Group metrics of the audited model (\(audited.model.kind.label)) on the \(result.evaluationLabel). "
    s += "Rates are shares within each group; groups under 2% of the rows are highlighted.\n\n"
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
    s += t.html
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
    s += d.html + selectionRateFigure(a)
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
      s += i.html
    }
    return s + impactRatioFigure(a)
  }

  func comparison() -> String {
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
    var s = t.html
    s +=
      "Log-likelihoods are on the training rows: marginal (Laplace or quadrature) for the GLMM, conditional on the fitted intercepts for CRLR.\n\n"
    for e in result.evaluations where e.unseenClusterRows > 0 {
      s +=
        "> \(e.model.kind.label): \(e.unseenClusterRows) evaluation rows belong to a cluster without training rows and are predicted with b = 0.\n\n"
    }
    return s
  }

  func diagnostics() -> String {
    var t = HTMLTable(caption: "Convergence", header: ["Model", "Iterations", "max |gradient|", "Status", "Notes"])
    for e in result.evaluations {
      let m = e.model
      t.append(
        [
          m.kind.label, String(m.summary.iterations), NumberFormat.scientific(m.summary.gradientNorm),
          m.summary.termination.rawValue, String(m.summary.notes.count),
        ],
        class: m.summary.didConverge ? nil : "warn")
    }
    var s = t.html
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
      s += k.html
    }
    return s
  }

  func sensitivity() -> String {
    let constrained = result.evaluations.filter { !$0.model.constraints.isEmpty }
    guard !constrained.isEmpty else {
      return "No fairness-constrained model was fitted in this run, so there are no shadow prices to report. "
        + "They need at least one sensitive feature (`--sensitive`).\n"
    }
    var s = "### Constraints at the fitted bound\n\n"
    for e in constrained {
      let caption =
        e.model.kind == .fairGLMM
        ? "Fair GLMM: covariance at the fit and the multipliers implied by the penalty (ρN²|g_k|)"
        : "\(e.model.kind.label): fairness constraints at the optimum"
      var t = HTMLTable(
        caption: caption,
        header: ["Feature", "g_k", "Bound c", "Active", "μ⁺", "μ⁻", "Shadow price λ_k"])
      for c in e.model.constraints {
        t.append([
          c.feature, NumberFormat.scientific(c.covariance), NumberFormat.significant(c.bound), c.isActive ? "yes" : "no",
          NumberFormat.scientific(c.multiplierUpper), NumberFormat.scientific(c.multiplierLower), NumberFormat.scientific(c.shadowPrice),
        ])
      }
      s += t.html
    }
    return s + sweepSection()
  }

  func shadowPriceHeadline() -> String {
    guard let e = result.evaluations.first(where: { !$0.model.constraints.isEmpty }),
      let top = e.model.constraints.max(by: { $0.shadowPrice < $1.shadowPrice }), top.shadowPrice > 0
    else { return "" }
    return "In \(e.model.kind.label), the fairness constraint of **\(lit(top.feature))** has the largest shadow price "
      + "(\(NumberFormat.scientific(top.shadowPrice))): it costs the most fit per unit of tightening, so it drives the fairness-accuracy trade-off.\n\n"
  }
}

extension ReportBuilder {
  func interval(_ i: (lower: Double, upper: Double)) -> String {
    i.lower.isNaN ? "n/a" : "[\(num(i.lower)), \(num(i.upper))]"
  }
}
