extension ReportBuilder {
  var sweepFeatures: [String] { result.frame.sensitive.map(\.name) }

  /// Shadow price per 0.01 of c on the mean-loss scale: lambda * 0.01 / N.
  func perHundredth(_ lambda: Double) -> Double { ShadowPriceCheck.perHundredth(lambda, rows: result.split.training.count) }

  func sweepSection() -> [ReportBlock] {
    guard let sweep = result.sweep, let analysis = result.tradeoff, let figures = sweepFigures else { return [] }
    return recommendationBlocks(sweep, analysis, figures) + costBlocks(sweep, analysis) + pathBlocks(sweep, figures)
  }

  // MARK: - Recommendation and front

  func recommendationBlocks(_ sweep: TradeoffSweep, _ analysis: TradeoffAnalysis, _ figures: SweepFigures) -> [ReportBlock] {
    let targets = analysis.targets.map(\.label).joined(separator: ", ")
    let targetNote: InlineText =
      analysis.targets.contains(where: \.isDefault)
      ? "No fairness threshold is configured, so the four-fifths rule (p%-rule ≥ 80 for every feature) is the target; set "
        + "\(code: "--min-p-rule"), \(code: "--max-di") or \(code: "--max-dp-difference") to aim at your own."
      : "Target: \(targets) for every sensitive feature, as configured."
    var blocks: [ReportBlock] = [
      .heading(level: 3, "Recommended operating point"),
      .paragraph(targetNote),
      .paragraph(recommendationSentence(sweep, analysis)),
      .figure(
        svg: figures.tradeoff().svg(),
        caption:
          "Trade-off paths on the \(result.evaluationLabel): penalty paths (ρ from 0) and bound paths (c from the unconstrained |g| down to 0), "
          + "the Pareto front dashed, the recommended point ringed."),
    ]
    var front = HTMLTable(
      caption: "Pareto front: sweep points no other point beats in both accuracy and worst p%-rule",
      header: ["Model", "Path", "Setting", "Accuracy", "Worst p%-rule"])
    for i in analysis.front.indices {
      let p = sweep.points[i]
      front.append([p.kind.label, pathLabel(p.path), setting(p), num(p.accuracy), num(p.worstPRule, 1)])
    }
    blocks.append(.table(front))
    return blocks
  }

  func recommendationSentence(_ sweep: TradeoffSweep, _ analysis: TradeoffAnalysis) -> InlineText {
    if let i = analysis.recommended {
      let p = sweep.points[i]
      return
        "Use \(strong: "\(p.kind.label) at \(setting(p))") (\(pathLabel(p.path))): the most accurate of the \(count: sweep.points.count) "
        + "sweep points that meets every target, with accuracy \(fixed: p.accuracy, 3) and worst p%-rule \(fixed: p.worstPRule, 1) on the "
        + "\(evaluationSet) (\(audited.model.kind.label): accuracy \(fixed: audited.test.performance.accuracy, 3)). "
        + "It is chosen on the evaluation rows, so confirm it on fresh data before deploying."
    }
    guard let c = analysis.closest else { return "No sweep point converged, so no operating point can be recommended." }
    let p = sweep.points[c]
    return
      "\(strong: "No sweep point meets every target.") The closest is \(p.kind.label) at \(setting(p)) (\(pathLabel(p.path))), with worst "
      + "p%-rule \(fixed: p.worstPRule, 1) and accuracy \(fixed: p.accuracy, 3). The bound paths end at c = 0 (no covariance between "
      + "the sensitive features and the score), so no tighter bound helps: the p%-rule also depends on the decision threshold, which "
      + "these models leave as it is."
  }

  func setting(_ p: TradeoffPoint) -> String {
    p.path == .penalty ? "ρ = \(NumberFormat.significant(p.parameter, 3))" : "c = \(NumberFormat.significant(p.parameter, 3))"
  }

  func pathLabel(_ path: SweepPath) -> String {
    switch path {
    case .penalty: return "penalty path"
    case .jointBound: return "every feature bounded"
    case .featureBound(let k): return "only \(sweepFeatures[k]) bounded"
    }
  }

  var sweepFigures: SweepFigures? {
    guard let sweep = result.sweep, let analysis = result.tradeoff else { return nil }
    return SweepFigures(
      sweep: sweep, analysis: analysis, features: sweepFeatures,
      groups: result.frame.sensitive.map { ($0.protectedLabel, $0.otherLabel) }, rows: result.split.training.count)
  }

  // MARK: - Costs

  func costBlocks(_ sweep: TradeoffSweep, _ analysis: TradeoffAnalysis) -> [ReportBlock] {
    var blocks: [ReportBlock] = [
      .heading(level: 3, "What reaching the target costs, feature by feature"),
      .paragraph(
        "Each feature's constraint alone is tightened along the c grid (the other features free); the cost is the accuracy given up, "
          + "against the unconstrained model, at the loosest bound where the feature meets the target."),
    ]
    var sentences: [InlineText] = []
    var t = HTMLTable(
      caption: "Cost of each target per feature, costliest first",
      header: ["Model", "Feature", "Target", "Unconstrained", "Reached at c", "Accuracy there", "Cost (accuracy points)"])
    for kind in SweepFigures.boundedKinds {
      for target in analysis.targets {
        for c in analysis.ranking(target, kind: kind) {
          let feature = sweepFeatures[c.feature]
          t.append([
            kind.label, feature, target.label, num(c.unconstrainedValue, target.metric == .pRule ? 1 : 3),
            c.reached.map { NumberFormat.significant($0.parameter, 3) } ?? "not reached",
            c.reached.map { num($0.accuracy) } ?? "—", c.accuracyCost.map { num(100 * $0, 2) } ?? "—",
          ])
          sentences.append(costSentence(c, feature: feature))
        }
      }
    }
    if !sentences.isEmpty { blocks.append(.list(sentences)) }
    blocks.append(.table(t))
    if !analysis.joint.isEmpty {
      var j = HTMLTable(
        caption: "Joint cost of all constraints at the configured bounds",
        header: ["Model", "Against", "Accuracy change (points)", "Mean training log-loss change"])
      for c in analysis.joint {
        j.append([c.kind.label, c.base.label, num(100 * c.accuracyChange, 2), NumberFormat.scientific(c.meanLossChange)])
      }
      blocks.append(.table(j))
    }
    return blocks
  }

  func costSentence(_ c: TradeoffAnalysis.FeatureCost, feature: String) -> InlineText {
    if c.alreadyMet { return "\(strong: "\(feature)"): \(c.kind.label) meets \(c.target.label) already without a constraint." }
    guard let reached = c.reached, let cost = c.accuracyCost else {
      let best = c.closest.map { num(c.target.value($0, feature: c.feature), c.target.metric == .pRule ? 1 : 3) } ?? "n/a"
      return "\(strong: "\(feature)"): \(c.kind.label) does not reach \(c.target.label) on its c path (best \(best))."
    }
    let verb = cost >= 0 ? "costs" : "gains"
    return
      "\(strong: "\(feature)"): reaching \(c.target.label) \(verb) \(fixed: 100 * abs(cost), 2) accuracy points with \(c.kind.label) "
      + "(at c = \(significant: reached.parameter, 3), accuracy \(fixed: reached.accuracy, 3))."
  }

  // MARK: - Paths

  func pathBlocks(_ sweep: TradeoffSweep, _ figures: SweepFigures) -> [ReportBlock] {
    var blocks: [ReportBlock] = [
      .heading(level: 3, "Along the bound c"),
      .paragraph(
        "Fair LR, Fair CRLR and the constrained GLMM (when fitted) refitted for each c with every feature bounded (warm-started from the neighbouring c). The shadow price "
          + "λ_k = −∂(optimal loss)/∂c_k is 0 where the constraint does not bind."),
      .figure(
        svg: figures.shadowPrices().svg(),
        caption: "Shadow prices along the c grid on the mean-loss scale (λ_k · 0.01 / N); the steepest feature drives the trade-off."),
      .figure(svg: figures.covariance().svg(), caption: "|cov(z_k, η)| along the c grid: on the diagonal while the constraint binds."),
    ]
    if let (chart, kind) = figures.selectionRates() {
      blocks.append(
        .figure(svg: chart.svg(), caption: "Selection rates of each group as the bound tightens (\(kind.label), every feature bounded)."))
    }
    var b = HTMLTable(
      caption: "Bound paths",
      header: ["Model", "Path", "c", "Accuracy", "AUC"] + sweepFeatures.map { "p%-rule \($0)" } + sweepFeatures.map { "λ \($0)" })
    for p in sweep.boundPoints {
      b.append(
        [p.kind.label, pathLabel(p.path), NumberFormat.significant(p.parameter, 3), num(p.accuracy), num(p.auc)]
          + p.pRule.map { num($0, 1) } + p.multipliers.map { NumberFormat.scientific($0) })
    }
    var r = HTMLTable(
      caption: "Penalty paths (the Fair GLMM's multipliers are implied penalty weights ρN²|g_k|, not shadow prices)",
      header: ["Model", "ρ", "Accuracy", "AUC"] + sweepFeatures.map { "p%-rule \($0)" } + sweepFeatures.map { "g \($0)" } + ["Converged"])
    for p in sweep.penaltyPoints {
      r.append(
        [p.kind.label, NumberFormat.scientific(p.parameter), num(p.accuracy), num(p.auc)] + p.pRule.map { num($0, 1) }
          + p.covariance.map { NumberFormat.scientific($0) } + [p.converged ? "yes" : "no"])
    }
    return blocks + [
      .heading(level: 3, "Every sweep point"),
      .details(summary: "Bound paths: \(sweep.boundPoints.count) sweep points (table)", [.table(b)]),
      .details(summary: "Penalty paths: \(sweep.penaltyPoints.count) sweep points (table)", [.table(r)]),
    ]
  }
}
