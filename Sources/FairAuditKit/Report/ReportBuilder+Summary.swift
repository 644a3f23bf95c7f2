/// The executive summary's answers, one line each with numbers: does the model meet each
/// threshold, for which groups not, how sure we are, what drives it, what fixing it would cost and
/// the recommended point (`sensitivityAnswers`, from the trade-off analysis), and what changed
/// since the baseline.
extension ReportBuilder {
  func atAGlance() -> ReportBlock {
    .list([thresholdAnswer(), groupAnswer(), certaintyAnswer()].compactMap { $0 } + sensitivityAnswers() + [changeAnswer()])
  }

  /// Per criterion: met or breached, with the breaching features, their disadvantaged group and value.
  func thresholdAnswer() -> InlineText {
    guard !result.checks.isEmpty else {
      return
        "\(strong: "Thresholds:") none configured, so this run cannot fail the gate (set them with \(code: "--min-p-rule") or in \(code: "--config"))."
    }
    var criteria: [String] = []
    for c in result.checks where !criteria.contains(c.criterion) { criteria.append(c.criterion) }
    let parts = criteria.map { criterion -> InlineText in
      let checks = result.checks.filter { $0.criterion == criterion }
      let failed = checks.filter { !$0.passed }
      guard !failed.isEmpty else { return "\(criterion): met (\(checks.count) of \(checks.count))" }
      let named = failed.map { c -> InlineText in "\(strong: "\(c.subject)") (\(significant: c.value, 3))" }
      return "\(criterion): \(strong: "breached") on " + InlineText.joined(named, separator: ", ")
    }
    return "\(strong: "Thresholds:") " + InlineText.joined(parts, separator: "; ") + "."
  }

  /// The less-selected group of each feature with a breached check: `housing = "yes"` at 3.4% vs 10.1%.
  func groupAnswer() -> InlineText? {
    let breached = Set(result.checks.filter { !$0.passed }.map(\.subject))
    let parts = audited.test.features.filter { breached.contains($0.feature) }.map { f -> InlineText in
      let (low, high) = f.protected.selectionRate <= f.other.selectionRate ? (f.protected, f.other) : (f.other, f.protected)
      return
        "\(f.feature) = \"\(low.label)\", selected at \(percent: low.selectionRate) against \(percent: high.selectionRate) for \"\(high.label)\""
    }
    guard !parts.isEmpty else { return nil }
    return "\(strong: "Groups below the thresholds:") " + InlineText.joined(parts, separator: "; ") + "."
  }

  /// The worst feature's impact ratio with its Katz and, with --bootstrap, percentile interval, and
  /// whether the interval excludes the four-fifths line.
  func certaintyAnswer() -> InlineText? {
    let features = audited.test.features
    guard
      let (k, f) = features.enumerated().filter({ !$0.element.impactRatio.isNaN }).min(by: {
        $0.element.impactRatio < $1.element.impactRatio
      })
    else { return nil }
    let katz = f.impactRatioInterval
    guard !katz.lower.isNaN else { return nil }
    var s: InlineText =
      "\(strong: "How sure:") the lowest impact ratio, \(strong: "\(f.feature)") \(fixed: f.impactRatio, 3), has a 95% interval of "
      + "[\(fixed: katz.lower, 3), \(fixed: katz.upper, 3)] (Katz)"
    if let b = result.bootstrap?.features[k], !b.impactRatio.lower.isNaN {
      s.append(
        " and [\(fixed: b.impactRatio.lower, 3), \(fixed: b.impactRatio.upper, 3)] (bootstrap, \(count: result.bootstrap?.replicates ?? 0) replicates)"
      )
      if b.groups.contains(where: \.isSmall) { s.append("; a group is a small cell, so read it with care") }
    }
    let upper = max(katz.upper, result.bootstrap?.features[k].impactRatio.upper ?? -.infinity)
    let lower = min(katz.lower, result.bootstrap?.features[k].impactRatio.lower ?? .infinity)
    s.append(
      upper < 0.8
        ? ": entirely below 0.8, so the disparity is not a sampling accident."
        : lower >= 0.8 ? ": entirely above 0.8." : ": it contains 0.8, so another sample could change the verdict.")
    return s
  }

  func changeAnswer() -> InlineText {
    guard let b = result.baseline else {
      return "\(strong: "Since the baseline:") no baseline given (\(code: "--baseline previous.json") adds the change log)."
    }
    let di = b.rows.filter { $0.metric.disparateImpactFeature != nil }
    guard let largest = di.max(by: { abs($0.change) < abs($1.change) }) else {
      return "\(strong: "Since the baseline:") no comparable DI in \(b.baselineFile)."
    }
    return
      "\(strong: "Since the baseline") \(b.baselineFile): the largest DI change is \(largest.metric.label) "
      + "\(fixed: largest.baseline, 3) → \(fixed: largest.current, 3) (\(signed: largest.change)); section 12 lists every change."
  }
}

extension InlineText.StringInterpolation {
  /// A difference with its sign: "+0.012", "-0.030".
  mutating func appendInterpolation(signed x: Double) {
    appendInterpolation(InlineText(stringLiteral: (x >= 0 ? "+" : "") + NumberFormat.fixed(x, 3)))
  }
}
