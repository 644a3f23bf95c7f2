extension ReportBuilder {
  func methodology() -> [ReportBlock] {
    let intro: InlineText =
      "Every model uses the same design matrix (section 3) and classifies a row as positive when its fitted probability is at least 0.5. "
      + "Losses are summed over rows, so multipliers and penalties are on the scale of the summed log-likelihood."
    let items = result.evaluations.map { e -> InlineText in
      result.configuration.models.first { $0.kind == e.model.kind }.map { InlineText([.fitterMarkdown($0.methodText(e.model))]) }
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
    return [.paragraph(intro), .table(sideBySide())] + result.evaluations.flatMap(modelBlock)
  }

  /// Estimate (SE) of every term in every model.
  func sideBySide() -> HTMLTable {
    let models = result.evaluations.map(\.model)
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
    var blocks: [ReportBlock] = [.heading(level: 3, "\(m.kind.label)")]
    if m.kind == .logisticRegression || m.kind == .logisticGLMM || m.kind == .constrainedGLMM {
      var t = HTMLTable(caption: "\(m.kind.label): fixed effects", header: ["Term", "Estimate", "Std. error", "z", "Pr(>|z|)", "Per unit"])
      for c in m.coefficients {
        t.append([
          c.name, NumberFormat.fixed(c.estimate, 4), NumberFormat.fixed(c.standardError, 4), NumberFormat.fixed(c.z, 2),
          NumberFormat.pValue(c.p), NumberFormat.significant(c.estimatePerUnit, 4),
        ])
      }
      blocks.append(.table(t))
    }
    blocks.append(
      .paragraph(
        "log-likelihood \(fixed: m.logLikelihood, 2), AIC \(fixed: m.aic, 1), BIC \(fixed: m.bic, 1), "
          + "deviance \(fixed: m.deviance, 2), \(count: m.observationCount) observations, \(m.parameterCount) parameters; "
          + "\(m.summary.iterations) iterations, \(statusText(m.summary))."))
    if let r = m.randomIntercepts { blocks += randomEffectsText(r, model: m.kind) }
    return blocks + m.summary.notes.map { .note("\($0)") }
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
    return blocks + [.table(t)]
  }
}
