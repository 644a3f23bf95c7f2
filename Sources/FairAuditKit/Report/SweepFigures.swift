/// The sensitivity charts, built from typed sweep results only (no run state), so each has a
/// golden file: the trade-off with its Pareto front, the checked shadow prices, and shadow price,
/// covariance and group selection rates along c.
struct SweepFigures {
  let sweep: TradeoffSweep
  let analysis: TradeoffAnalysis
  let features: [String]
  /// Protected and other group label per feature.
  let groups: [(protected: String, other: String)]
  /// Training rows N (the mean-loss scale of the shadow prices).
  let rows: Int

  static let boundedKinds = [ModelKind.fairLogisticRegression, .fairClusterRegularizedLR, .constrainedGLMM]

  /// Shadow price per 0.01 of c on the mean-loss scale: lambda * 0.01 / N.
  func perHundredth(_ lambda: Double) -> Double { ShadowPriceCheck.perHundredth(lambda, rows: rows) }

  /// Accuracy against the worst p%-rule: one line per fair model and path, the front dashed, the
  /// recommended point ringed, the target (or four-fifths) line.
  func tradeoff() -> LineChart {
    var series: [LineChart.Series] = []
    var lines: [(ModelKind, SweepPath)] = [ModelKind.fairLogisticRegression, .fairClusterRegularizedLR, .fairGLMM].map { ($0, .penalty) }
    lines += Self.boundedKinds.map { ($0, .jointBound) }
    for (kind, path) in lines {
      let points = sweep.path(kind, path)
      guard !points.isEmpty else { continue }
      let highlight = analysis.recommended.flatMap { r in points.firstIndex { $0 == sweep.points[r] } }
      series.append(
        LineChart.Series(
          name: "\(kind.label) (\(path == .penalty ? "ρ" : "c"))", points: points.map { .init(x: $0.worstPRule, y: $0.accuracy) },
          highlight: highlight, highlightLabel: highlight == nil ? nil : "recommended"))
    }
    series.append(
      LineChart.Series(
        name: "Pareto front", points: analysis.front.indices.map { .init(x: sweep.points[$0].worstPRule, y: sweep.points[$0].accuracy) },
        dashed: true))
    let pTarget = analysis.targets.first { $0.metric == .pRule }?.limit ?? 80
    return LineChart(
      title: "Accuracy against the worst p%-rule", description: "Every sweep point of every fair model; right and up is better",
      series: series, xTitle: "worst p%-rule over \(features.joined(separator: ", ")) (%)", yTitle: "accuracy",
      verticalLines: [
        ReferenceLine(value: pTarget, label: pTarget == 80 ? "four-fifths rule" : "p%-rule \(NumberFormat.significant(pTarget))")
      ],
      height: 400)
  }

  /// Each checked shadow price beside its finite difference, on the mean-loss scale.
  func checks() -> GroupedBarChart? {
    guard !sweep.checks.isEmpty else { return nil }
    let categories = sweep.checks.map { c in
      GroupedBarChart.Category(
        label: "\(c.kind.label): \(features[c.feature])",
        bars: [
          .init(group: "KKT multiplier", value: perHundredth(c.multiplier)),
          .init(group: "finite difference", value: perHundredth(c.finiteDifference)),
        ])
    }
    return GroupedBarChart(
      title: "Shadow prices and their finite-difference check",
      description: "Multiplier against the re-solved loss difference, per model and feature",
      categories: categories, yTitle: "mean loss per 0.01 of c", valueFormat: .number)
  }

  func boundSeries(value: (TradeoffPoint, Int) -> Double) -> [LineChart.Series] {
    var series: [LineChart.Series] = []
    for kind in Self.boundedKinds {
      let points = sweep.path(kind, .jointBound)
      guard !points.isEmpty else { continue }
      for (k, feature) in features.enumerated() {
        series.append(LineChart.Series(name: "\(kind.label): \(feature)", points: points.map { .init(x: $0.parameter, y: value($0, k)) }))
      }
    }
    return series
  }

  func shadowPrices() -> LineChart {
    LineChart(
      title: "Shadow price along c", description: "Mean-loss increase per 0.01 of tightening, per feature, every feature bounded",
      series: boundSeries { perHundredth($0.multipliers[$1]) }, xTitle: "covariance bound c", yTitle: "mean loss per 0.01 of c")
  }

  /// |g_k| per fit; values below 1e-12 of the largest unconstrained |g| are rounding (c = 0 holds
  /// g = 0 to rounding) and are drawn as 0, so the chart does not depend on the last bits.
  func covariance() -> LineChart {
    let noise = 1e-12 * (sweep.unconstrainedCovariance.max() ?? 0)
    return LineChart(
      title: "Covariance along c", description: "|g_k| at each fit; a feature below the bound does not bind",
      series: boundSeries { abs($0.covariance[$1]) <= noise ? 0 : abs($0.covariance[$1]) }, xTitle: "covariance bound c", yTitle: "|g_k|")
  }

  /// Selection rate of each feature's two groups along the first bounded model's joint path
  /// (Zafar et al.'s panels): the gap closes as c tightens.
  func selectionRates() -> (chart: LineChart, kind: ModelKind)? {
    guard let kind = Self.boundedKinds.first(where: { !sweep.path($0, .jointBound).isEmpty }) else { return nil }
    let points = sweep.path(kind, .jointBound)
    var series: [LineChart.Series] = []
    for (k, feature) in features.enumerated() {
      series.append(
        .init(name: "\(feature): \(groups[k].protected)", points: points.map { .init(x: $0.parameter, y: $0.selectionRates[k].protected) }))
      series.append(
        .init(name: "\(feature): \(groups[k].other)", points: points.map { .init(x: $0.parameter, y: $0.selectionRates[k].other) }))
    }
    let chart = LineChart(
      title: "Selection rate per group along c (\(kind.label))", description: "Share predicted positive in each group at each bound",
      series: series, xTitle: "covariance bound c", yTitle: "selection rate", yFormat: .percent)
    return (chart, kind)
  }
}
