/// The deployed model against fairaudit's challengers, and the threshold-free views by group.
extension ReportBuilder {
  var external: ModelEvaluation? { result.evaluations.first { $0.model.kind.isExternal } }

  /// Accuracy, AUC and p%-rule per feature of every challenger next to the deployed model, and
  /// what the best fair challenger costs or gains against it.
  func challengerComparison() -> [ReportBlock] {
    guard let deployed = external else { return [] }
    let challengers = result.evaluations.filter { !$0.model.kind.isExternal }
    guard !challengers.isEmpty else {
      return [.paragraph("No challenger was fitted (\(code: "--models none")): the deployed model is audited alone.")]
    }
    let features = result.frame.sensitive.map(\.name)
    var t = HTMLTable(
      caption: "Challengers against the deployed model (\(deployed.model.kind.label)) on the \(result.evaluationLabel)",
      header: ["Model", "Accuracy", "Δ accuracy", "AUC", "Δ AUC"] + features.flatMap { ["p%-rule \($0)", "Δ"] })
    for e in [deployed] + challengers {
      let a = e.test, d = deployed.test
      var row = [e.model.kind.label, num(a.performance.accuracy), signed(a.performance.accuracy - d.performance.accuracy)]
      row += [num(a.performance.auc), signed(a.performance.auc - d.performance.auc)]
      for (f, g) in zip(a.features, d.features) {
        row += [NumberFormat.fixed(100 * f.impactRatio, 1), signed(100 * (f.impactRatio - g.impactRatio), 1)]
      }
      t.append(row)
    }
    var blocks: [ReportBlock] = [.table(t)]
    let fair = challengers.filter { $0.model.kind.isFair }
    if let best = fair.max(by: { worstPRule($0) < worstPRule($1) }) {
      let dAcc = best.test.performance.accuracy - deployed.test.performance.accuracy
      let dAUC = best.test.performance.auc - deployed.test.performance.auc
      blocks.append(
        .paragraph(
          "The fair challenger with the highest worst-feature p%-rule is \(strong: "\(best.model.kind.label)"): "
            + "\(fixed: worstPRule(best), 1) against \(fixed: worstPRule(deployed), 1) for the deployed model, "
            + "at an accuracy change of \(signed(100 * dAcc, 2)) points and an AUC change of \(signed(dAUC)). "
            + "Its decisions use the same rule as the deployed model's, so the difference is the model's."))
    }
    if !fair.isEmpty {
      blocks.append(
        .paragraph(
          "Which sensitive feature drives the disparity in the data is read off the shadow prices and trade-off curves of the fair models (section on sensitivity)."
        ))
    }
    return blocks
  }

  func worstPRule(_ e: ModelEvaluation) -> Double {
    e.test.features.map { 100 * $0.impactRatio }.filter { !$0.isNaN }.min() ?? .nan
  }

  func signed(_ x: Double, _ digits: Int = 3) -> String {
    x.isNaN ? "n/a" : (x >= 0 ? "+" : "−") + NumberFormat.fixed(abs(x), digits)
  }

  /// AUC, Brier and calibration-in-the-large by group for every model, with the audited model's
  /// reliability curves and score distributions.
  func scoreViewBlocks() -> [ReportBlock] {
    let models = result.evaluations.filter { !$0.scoreViews.isEmpty }
    guard !models.isEmpty else { return [] }
    var t = HTMLTable(
      caption:
        "Threshold-free views by group on the \(result.evaluationLabel) (calibration-in-the-large: mean probability − observed rate)",
      header: ["Model", "Feature", "Group", "n", "AUC", "Brier", "Calibration-in-the-large"])
    for e in models {
      for v in e.scoreViews {
        t.append([
          e.model.kind.label, v.feature, v.group, NumberFormat.count(v.count), num(v.auc), num(v.brier, 4),
          signed(v.calibrationInTheLarge, 4),
        ])
      }
    }
    var blocks: [ReportBlock] = [
      .heading(level: 3, "Scores by group, before any threshold"),
      .paragraph(
        "A model can select groups at similar rates and still rank or calibrate them differently. "
          + "AUC compares ranking within each group; a calibration-in-the-large away from 0 means the probabilities "
          + "over- or under-state the group's observed rate."),
      .table(t),
    ]
    if models.count > 1 { blocks.append(groupAUCFigure(models)) }
    if let views = audited.scoreViews.isEmpty ? nil : audited.scoreViews, views.contains(where: { !$0.bins.isEmpty }) {
      blocks += [reliabilityFigure(views), distributionFigure(views)]
    }
    return blocks
  }

  /// AUC of each group under every model, one cluster of bars per model.
  func groupAUCFigure(_ models: [ModelEvaluation]) -> ReportBlock {
    let categories = models.map { e in
      GroupedBarChart.Category(
        label: e.model.kind.label, bars: e.scoreViews.map { GroupedBarChart.Bar(group: "\($0.feature): \($0.group)", value: $0.auc) })
    }
    let chart = GroupedBarChart(
      title: "AUC by group and model", description: "Area under the ROC curve within each group, for every model",
      categories: categories, yTitle: "AUC", valueFormat: .number, yMax: 1)
    return .figure(
      svg: chart.svg(),
      caption: "AUC within each group for every model on the \(result.evaluationLabel): how well each model ranks the rows of each group.")
  }

  func reliabilityFigure(_ views: [GroupScoreView]) -> ReportBlock {
    let series =
      [LineChart.Series(name: "perfect calibration", points: [.init(x: 0, y: 0), .init(x: 1, y: 1)])]
      + views.map { v in
        LineChart.Series(
          name: "\(v.feature): \(v.group)",
          points: v.bins.filter { $0.count > 0 }.map { LineChart.Point(x: $0.meanProbability, y: $0.observedRate) })
      }
    let chart = LineChart(
      title: "Reliability by group", description: "Observed positive rate against mean predicted probability in ten bins, per group",
      series: series, xTitle: "mean predicted probability", yTitle: "observed rate")
    return .figure(
      svg: chart.svg(),
      caption:
        "Reliability curves of \(audited.model.kind.label) on the \(result.evaluationLabel): ten equal-width probability bins per group; points on the diagonal are calibrated."
    )
  }

  func distributionFigure(_ views: [GroupScoreView]) -> ReportBlock {
    let series = views.map { v in
      LineChart.Series(
        name: "\(v.feature): \(v.group)",
        points: v.bins.map { LineChart.Point(x: ($0.lower + $0.upper) / 2, y: Double($0.count) / Double(max(v.count, 1))) })
    }
    let chart = LineChart(
      title: "Score distribution by group", description: "Share of each group's rows in ten probability bins",
      series: series, xTitle: "predicted probability (bin centre)", yTitle: "share of the group's rows", yFormat: .percent)
    return .figure(
      svg: chart.svg(),
      caption:
        "Distribution of \(audited.model.kind.label)'s probabilities by group on the \(result.evaluationLabel) (share of the group per bin of width 0.1)."
    )
  }
}
