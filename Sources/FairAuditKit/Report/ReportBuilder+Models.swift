extension ReportBuilder {
  func methodology() -> [ReportBlock] {
    let intro: InlineText =
      "Every fitted model uses the same design matrix (section 3). \(decisionRuleText) "
      + "Losses are summed over rows, so multipliers and penalties are on the scale of the summed log-likelihood."
    let items = result.evaluations.map { e -> InlineText in
      if e.model.kind.isExternal { return externalMethodText(e) }
      return result.configuration.models.first { $0.kind == e.model.kind }.map { InlineText([.fitterMarkdown($0.methodText(e.model))]) }
        ?? "\(strong: "\(e.model.kind.label)")"
    }
    return [.paragraph(intro), .list(items)]
  }

  func modelsSection() -> [ReportBlock] {
    let intro: InlineText =
      "Estimates are on the design scale (standardised numeric columns). The side-by-side table shows every model; "
      + "LR and the GLMM also get the full summary with z statistics, p-values and per-unit estimates. "
      + "Standard errors of the constrained fits (Fair LR, Fair CRLR, Fair GLMM (constrained)) respect the active fairness constraints: "
      + "they come from the covariance restricted to the null space of the active constraints' gradients, Z (Z'HZ)⁻¹ Z' with H the "
      + "Hessian of the Lagrangian; an inactive constraint leaves the usual inverse-Hessian standard errors."
    guard result.evaluations.contains(where: { !$0.model.kind.isExternal }) else {
      return [.paragraph("No model was fitted in this run (\(code: "--models none")); the deployed model has no coefficients to show.")]
    }
    return [.paragraph(intro), .details(summary: "Fixed effects of every model (table)", [.table(sideBySide())])]
      + result.evaluations.flatMap(modelBlock)
  }

  /// Estimate (SE) of every term in every model.
  func sideBySide() -> HTMLTable {
    let models = result.evaluations.map(\.model).filter { !$0.kind.isExternal }
    var t = HTMLTable(caption: "Fixed effects: estimate (standard error)", header: ["Term"] + models.map(\.kind.label))
    for (j, name) in result.design.names.enumerated() {
      t.append(
        [name]
          + models.map { m in
            let c = m.coefficients[j]
            return "\(NumberFormat.fixed(c.estimate, 3)) (\(NumberFormat.fixed(c.standardError, 3)))"
          })
    }
    return t
  }

  func modelBlock(_ e: ModelEvaluation) -> [ReportBlock] {
    let m = e.model
    if m.kind.isExternal { return [.heading(level: 3, "\(m.kind.label)"), .paragraph(externalMethodText(e))] }
    var blocks: [ReportBlock] = [.heading(level: 3, "\(m.kind.label)")]
    if m.kind == .logisticRegression || m.kind == .logisticGLMM || m.kind == .constrainedGLMM {
      var t = HTMLTable(caption: "\(m.kind.label): fixed effects", header: ["Term", "Estimate", "Std. error", "z", "Pr(>|z|)", "Per unit"])
      for c in m.coefficients {
        t.append([
          c.name, NumberFormat.fixed(c.estimate, 4), NumberFormat.fixed(c.standardError, 4), NumberFormat.fixed(c.z, 2),
          NumberFormat.pValue(c.p), NumberFormat.significant(c.estimatePerUnit, 4),
        ])
      }
      blocks.append(.details(summary: "\(m.kind.label): coefficient table", [.table(t)]))
    }
    blocks.append(
      .paragraph(
        "log-likelihood \(fixed: m.logLikelihood, 2), AIC \(fixed: m.aic, 1), BIC \(fixed: m.bic, 1), "
          + "deviance \(fixed: m.deviance, 2), \(count: m.observationCount) observations, \(m.parameterCount) parameters; "
          + "\(m.summary.iterations) iterations, \(statusText(m.summary))."))
    if let r = m.randomIntercepts { blocks += randomEffectsText(r, model: m.kind) }
    return blocks + m.summary.notes.map { .note("\($0)") }
  }

  /// The decision rule as one sentence.
  var decisionRuleText: InlineText {
    switch result.configuration.decisionRule {
    case .threshold(let t):
      return "A row is classified as positive when its probability is at least \(significant: t) (decision rule: threshold)."
    case .selectionRate(let r):
      return
        "The top \(significant: 100 * r)% of the assessed rows by score are classified as positive (decision rule: selection rate; rows tied with the last selected score are all selected)."
    }
  }

  /// What the external model is and where its scores came from.
  func externalMethodText(_ e: ModelEvaluation) -> InlineText {
    let c = result.configuration.roles
    var s: InlineText = "\(strong: "\(e.model.kind.label)") is the deployed model, audited from its outputs: "
    if let score = c.score {
      s.append("scores from column \(strong: "\(score)")")
      s.append(
        e.scores?.hasProbability == true
          ? " (all in [0, 1], read as probabilities)" : " (not all in [0, 1]: ranked only, so log-loss and Brier are n/a)")
    }
    if let decision = c.decision {
      s.append(c.score == nil ? "" : " and ")
      s.append("decisions from column \(strong: "\(decision)") (the decision rule does not apply to it)")
    }
    s.append(". fairaudit fits no coefficients for it; the columns are not covariates of the fitted models.")
    return s
  }

  func statusText(_ summary: FitSummary) -> InlineText {
    switch summary.termination {
    case .converged: return "converged (max |gradient| \(scientific: summary.gradientNorm))"
    case .maxIterations: return "\(strong: "stopped at the iteration limit") (max |gradient| \(scientific: summary.gradientNorm))"
    case .stepHalvingFailed:
      return "\(strong: "stopped: no step decreased the objective") (max |gradient| \(scientific: summary.gradientNorm))"
    case .singular: return "\(strong: "singular fit")"
    case .earlyStopped:
      return "\(strong: "stopped early, not at a stationary point") (max |gradient| \(scientific: summary.gradientNorm))"
    }
  }

  func randomEffectsText(_ r: RandomIntercepts, model: ModelKind) -> [ReportBlock] {
    var s: InlineText = "Random intercepts by \(strong: "\(r.grouping)"): \(r.levels.count) groups"
    if let v = r.variance, let sigma = r.sigma, let icc = r.icc {
      s.append(", variance σ² = \(fixed: v, 4), σ = \(fixed: sigma, 4), ICC (latent scale) = \(fixed: icc, 4)")
    }
    s.append(".")
    let blocks: [ReportBlock] = [.paragraph(s), caterpillar(r, model: model)]
    guard r.levels.count <= 30 else {
      return blocks + [.paragraph("The \(r.levels.count) conditional modes and SDs are listed in the JSON summary.")]
    }
    var t = HTMLTable(caption: "Conditional modes of the intercepts", header: ["\(r.grouping)", "Training rows", "b_i", "Conditional SD"])
    for i in r.levels.indices {
      t.append([r.levels[i], NumberFormat.count(r.sizes[i]), NumberFormat.fixed(r.modes[i], 4), NumberFormat.fixed(r.conditionalSD[i], 4)])
    }
    return blocks + [.details(summary: "\(model.label): conditional modes of the \(r.levels.count) intercepts", [.table(t)])]
  }
}
