extension ReportBuilder {
  /// The boosting Fair GLMM's rho N^2 |g_k|, labelled as implied penalty weights; shadow prices only
  /// when the returned iterate is stationary.
  func impliedPenaltyWeights(_ m: FittedModel) -> [ReportBlock] {
    let stationary = m.summary.didConverge
    var t = HTMLTable(
      caption: "Fair GLMM (boosting): covariance at the returned iterate and the implied penalty weights ρN²|g_k|",
      header: ["Feature", "g_k", "ρ", "Implied penalty weight ρN²|g_k|"])
    for c in m.constraints {
      t.append([
        c.feature, NumberFormat.scientific(c.covariance), m.settings.rho[c.feature].map { NumberFormat.scientific($0) } ?? "n/a",
        NumberFormat.scientific(c.shadowPrice),
      ])
    }
    let tolerance = m.summary.gradientTolerance ?? .nan
    let text: InlineText =
      stationary
      ? "The boosting iterate is stationary (max |gradient| of the penalised objective \(scientific: m.summary.gradientNorm) ≤ \(scientific: tolerance)), so these weights are the multipliers of g_k = 0 in the penalised problem."
      : "\(strong: "Not shadow prices.") The boosting stopped at an iterate that is not stationary (max |gradient| of the penalised objective \(scientific: m.summary.gradientNorm) > tolerance \(scientific: tolerance)), so ρN²|g_k| is not the derivative of any optimal objective. The Fair GLMM (constrained) gives the mixed model's exact shadow prices."
    return [.table(t), .paragraph(text)]
  }

  /// Shadow price per feature of Fair LR, Fair CRLR and the constrained GLMM at the same bounds, and
  /// how much the random-effects treatment changes the price (constrained GLMM / Fair CRLR).
  func priceComparison() -> [ReportBlock] {
    let kinds: [ModelKind] = [.fairLogisticRegression, .fairClusterRegularizedLR, .constrainedGLMM]
    let models = kinds.compactMap { k in result.evaluations.first { $0.model.kind == k }?.model }
    guard let glmm = models.first(where: { $0.kind == .constrainedGLMM }),
      let crlr = models.first(where: { $0.kind == .fairClusterRegularizedLR })
    else { return [] }
    var t = HTMLTable(
      caption: "Price of fairness per feature: shadow prices λ_k at the same bounds (summed loss per unit of c)",
      header: ["Feature", "Bound c"] + models.map { "λ \($0.kind.label)" } + ["GLMM (constrained) / Fair CRLR"])
    for (k, c) in glmm.constraints.enumerated() {
      let ratio = crlr.constraints[k].shadowPrice > 0 ? NumberFormat.significant(c.shadowPrice / crlr.constraints[k].shadowPrice, 3) : "n/a"
      t.append(
        [c.feature, NumberFormat.significant(c.bound)] + models.map { NumberFormat.scientific($0.constraints[k].shadowPrice) } + [ratio])
    }
    return [
      .heading(level: 3, "Random effects and the price of fairness"),
      .paragraph(
        "Fair CRLR treats the cluster intercepts as ridge-penalised parameters; the Fair GLMM (constrained) integrates them out and "
          + "maximises the marginal likelihood under the same bounds, with g_k including the conditional modes. Both shadow prices are "
          + "exact KKT multipliers, so their ratio shows how much the random-effects treatment changes the price of fairness per feature."),
      .table(t),
    ]
  }
}
