extension ReportBuilder {
  func sweepSection() -> [ReportBlock] {
    guard let sweep = result.sweep else { return [] }
    let features = result.frame.sensitive.map(\.name)
    var blocks: [ReportBlock] = [
      .heading(level: 3, "Trade-off over the penalty ρ"),
      .paragraph(
        "Each fair model is refitted for every ρ in the grid (warm-started along the path): penalised Fair LR and Fair CRLR minimise "
          + "loss + (ρ/2) Σ_k (N g_k)², the Fair GLMM is boosted with the same penalty. Accuracy and DI are on the \(evaluationSet)."),
      tradeoffFigure(sweep, features: features),
    ]
    var t = HTMLTable(caption: "ρ path", header: ["Model", "ρ", "Accuracy"] + features.map { "DI \($0)" } + features.map { "g \($0)" })
    for p in sweep.rhoPath {
      t.append(
        [p.kind.label, NumberFormat.scientific(p.parameter), num(p.accuracy)] + p.disparateImpact.map { num($0) }
          + p.covariance.map { NumberFormat.scientific($0) })
    }
    blocks += [
      .table(t),
      .heading(level: 3, "Shadow prices over the covariance bound c"),
      .paragraph(
        "Fair LR and Fair CRLR refitted for each bound c. The shadow price λ_k is the loss given up per unit of tightening c_k; "
          + "a feature whose price stays 0 does not constrain the fit at that bound."),
      shadowPriceFigure(sweep, features: features),
    ]
    var b = HTMLTable(caption: "c path", header: ["Model", "c", "Accuracy"] + features.map { "DI \($0)" } + features.map { "λ \($0)" })
    for p in sweep.boundPath {
      b.append(
        [p.kind.label, NumberFormat.significant(p.parameter, 3), num(p.accuracy)] + p.disparateImpact.map { num($0) }
          + p.multipliers.map { NumberFormat.scientific($0) })
    }
    return blocks + [.table(b)]
  }

  func tradeoffFigure(_ sweep: TradeoffSweep, features: [String]) -> ReportBlock {
    let kinds = [ModelKind.fairLogisticRegression, .fairClusterRegularizedLR, .fairGLMM]
    let configured = result.configuration.penalty(rows: result.split.training.count)
    let series = kinds.compactMap { kind -> LineChart.Series? in
      let points = sweep.rhoPath.filter { $0.kind == kind }
      guard !points.isEmpty else { return nil }
      let label = kind == .fairGLMM ? kind.label : "\(kind.label) (ρ)"
      return LineChart.Series(
        name: label, points: points.map { .init(x: $0.worstDisparateImpact, y: $0.accuracy) },
        highlight: points.firstIndex { $0.parameter == configured }, highlightLabel: "ρ = \(NumberFormat.significant(configured))")
    }
    let chart = LineChart(
      title: "Accuracy vs worst-feature DI over ρ", description: "One point per penalty value; lower DI is fairer",
      series: series, xTitle: "worst DI over \(features.joined(separator: ", "))", yTitle: "accuracy",
      referenceLines: [ReferenceLine(value: audited.test.performance.accuracy, label: "\(audited.model.kind.label) accuracy")])
    return .figure(
      svg: chart.svg(),
      caption: "Trade-off paths: each point is one ρ (0 gives the unpenalised model); the marked point is the configured ρ.")
  }

  func shadowPriceFigure(_ sweep: TradeoffSweep, features: [String]) -> ReportBlock {
    var series: [LineChart.Series] = []
    for kind in [ModelKind.fairLogisticRegression, .fairClusterRegularizedLR, .constrainedGLMM] {
      let points = sweep.boundPath.filter { $0.kind == kind }
      guard !points.isEmpty else { continue }
      for (k, feature) in features.enumerated() {
        series.append(
          LineChart.Series(name: "\(kind.label): \(feature)", points: points.map { .init(x: $0.parameter, y: $0.multipliers[k]) }))
      }
    }
    let chart = LineChart(
      title: "Shadow price by bound c", description: "Lagrange multiplier of each feature's constraint",
      series: series, xTitle: "covariance bound c", yTitle: "shadow price λ (summed loss)")
    return .figure(
      svg: chart.svg(), caption: "Shadow prices λ_k = −∂(optimal loss)/∂c_k along the c grid; the steepest feature drives the trade-off.")
  }
}
