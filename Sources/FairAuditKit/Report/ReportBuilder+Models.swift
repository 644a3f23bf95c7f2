extension ReportBuilder {
  func methodology() -> String {
    var s =
      "Every model uses the same design matrix (section 3) and classifies a row as positive when its fitted probability is at least 0.5. "
    s += "Losses are summed over rows, so multipliers and penalties are on the scale of the summed log-likelihood.\n\n"
    for e in result.evaluations {
      let text = result.configuration.models.first { $0.kind == e.model.kind }?.methodText(e.model) ?? "**\(lit(e.model.kind.label))**"
      s += "- " + text + "\n"
    }
    return s + "\n"
  }

  func modelsSection() -> String {
    var s = "Estimates are on the design scale (standardised numeric columns). The side-by-side table shows every model; "
    s += "LR and the GLMM also get the full summary with z statistics, p-values and per-unit estimates.\n\n"
    s += sideBySide()
    return s + result.evaluations.map(modelBlock).joined()
  }

  /// Estimate (SE) of every term in every model.
  func sideBySide() -> String {
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
    return t.html
  }

  func modelBlock(_ e: ModelEvaluation) -> String {
    let m = e.model
    var s = "### \(m.kind.label)\n\n"
    if m.kind == .logisticRegression || m.kind == .logisticGLMM {
      var t = HTMLTable(caption: "\(m.kind.label): fixed effects", header: ["Term", "Estimate", "Std. error", "z", "Pr(>|z|)", "Per unit"])
      for c in m.coefficients {
        t.append([
          c.name, NumberFormat.fixed(c.estimate, 4), NumberFormat.fixed(c.standardError, 4), NumberFormat.fixed(c.z, 2),
          NumberFormat.pValue(c.p), NumberFormat.significant(c.estimatePerUnit, 4),
        ])
      }
      s += t.html
    }
    s +=
      "log-likelihood \(NumberFormat.fixed(m.logLikelihood, 2)), AIC \(NumberFormat.fixed(m.aic, 1)), BIC \(NumberFormat.fixed(m.bic, 1)), "
    s +=
      "deviance \(NumberFormat.fixed(m.deviance, 2)), \(NumberFormat.count(m.observationCount)) observations, \(m.parameterCount) parameters; "
    s += "\(m.summary.iterations) iterations, \(statusText(m.summary)).\n\n"
    if let r = m.randomIntercepts { s += randomEffectsText(r, model: m.kind) }
    for note in m.summary.notes { s += "> \(lit(note))\n\n" }
    return s
  }

  func statusText(_ summary: FitSummary) -> String {
    switch summary.termination {
    case .converged: return "converged (max |gradient| \(NumberFormat.scientific(summary.gradientNorm)))"
    case .maxIterations: return "**stopped at the iteration limit** (max |gradient| \(NumberFormat.scientific(summary.gradientNorm)))"
    case .stepHalvingFailed:
      return "**stopped: no step decreased the objective** (max |gradient| \(NumberFormat.scientific(summary.gradientNorm)))"
    case .singular: return "**singular fit**"
    case .earlyStopped:
      return "**stopped early, not at a stationary point** (max |gradient| \(NumberFormat.scientific(summary.gradientNorm)))"
    }
  }

  func randomEffectsText(_ r: RandomIntercepts, model: ModelKind) -> String {
    var s = "Random intercepts by **\(lit(r.grouping))**: \(r.levels.count) groups"
    if let v = r.variance, let sigma = r.sigma, let icc = r.icc {
      s +=
        ", variance σ² = \(NumberFormat.fixed(v, 4)), σ = \(NumberFormat.fixed(sigma, 4)), ICC (latent scale) = \(NumberFormat.fixed(icc, 4))"
    }
    s += ".\n\n" + caterpillar(r, model: model)
    guard r.levels.count <= 30 else { return s + "The \(r.levels.count) conditional modes and SDs are listed in the JSON summary.\n\n" }
    var t = HTMLTable(caption: "Conditional modes of the intercepts", header: ["\(r.grouping)", "Training rows", "b_i", "Conditional SD"])
    for i in r.levels.indices {
      t.append([r.levels[i], NumberFormat.count(r.sizes[i]), NumberFormat.fixed(r.modes[i], 4), NumberFormat.fixed(r.conditionalSD[i], 4)])
    }
    return s + t.html
  }
}
