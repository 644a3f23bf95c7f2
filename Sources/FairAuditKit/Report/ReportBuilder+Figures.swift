extension ReportBuilder {
  func selectionRateFigure(_ a: FairnessAssessment) -> ReportBlock {
    let categories = a.features.map { f in
      GroupedBarChart.Category(
        label: f.feature,
        bars: [
          .init(group: f.protected.label, value: f.protected.selectionRate, series: "protected group"),
          .init(group: f.other.label, value: f.other.selectionRate, series: "reference group"),
        ])
    }
    let chart = GroupedBarChart(
      title: "Selection rate by group", description: "Share of rows predicted positive in each group of each sensitive feature",
      categories: categories, referenceLines: [ReferenceLine(value: a.selectionRate, label: "overall")], yTitle: "selection rate")
    return .figure(
      svg: chart.svg(),
      caption:
        "Selection rate P(ŷ = 1 | group) of \(audited.model.kind.label) on the \(result.evaluationLabel); the dashed line is the overall rate."
    )
  }

  /// Impact ratios of the intersections (or of the features when there is one) against the 0.8 line.
  func impactRatioFigure(_ a: FairnessAssessment) -> ReportBlock {
    let bars =
      a.intersections.isEmpty
      ? a.features.map { HorizontalBarChart.Bar(label: $0.feature, value: $0.impactRatio) }
      : zip(a.intersections, a.intersectionImpactRatios).map { HorizontalBarChart.Bar(label: $0.label, value: $1) }
    let chart = HorizontalBarChart(
      title: "Impact ratios", description: "Selection-rate ratio against the four-fifths line", bars: bars,
      threshold: ReferenceLine(value: 0.8, label: "four-fifths rule"), warnWhen: .below, xTitle: "impact ratio")
    let subject = a.intersections.isEmpty ? "each sensitive feature" : "each intersection, against the most-selected one"
    return .figure(svg: chart.svg(), caption: "Impact ratio of \(subject); bars below 0.8 are drawn in the warning colour.")
  }

  func caterpillar(_ r: RandomIntercepts, model: ModelKind) -> ReportBlock {
    let estimates = r.levels.indices.map { i in
      CaterpillarPlot.Estimate(
        label: r.levels[i], value: r.modes[i], lower: r.modes[i] - 1.96 * r.conditionalSD[i],
        upper: r.modes[i] + 1.96 * r.conditionalSD[i])
    }
    let plot = CaterpillarPlot(
      title: "\(model.label): intercepts by \(r.grouping)", description: "Conditional modes with 95% intervals",
      estimates: estimates, xTitle: "b (logit scale)")
    return .figure(svg: plot.svg(), caption: "Cluster intercepts b_i by \(r.grouping), sorted, with ±1.96 conditional SD.")
  }
}
