extension ReportBuilder {
  func cover() -> [ReportBlock] {
    let r = result, c = r.configuration
    var t = HTMLTable(caption: "Provenance", header: ["Item", "Value"], alignments: [.left, .left])
    t.append(["Tool", "fairaudit \(FairAuditVersion.string)"])
    t.append(["Input file", fileName])
    t.append(["Input SHA-256", r.inputSHA256])
    t.append(["Rows × columns", "\(NumberFormat.count(r.table.rowCount)) × \(r.table.columns.count)"])
    t.append(["Target", "\(r.frame.targetName) (positive: \(r.frame.positiveLabel))"])
    t.append(["Sensitive features", r.frame.sensitive.map { "\($0.name) (protected group: \($0.protectedLabel))" }.joined(separator: "; ")])
    t.append(["Cluster / strata", r.frame.clusterName ?? "none"])
    t.append([
      "Split",
      r.split.isFullData
        ? "none: fitted and evaluated on all rows"
        : "stratified hold-out, test fraction \(NumberFormat.significant(c.testFraction)), seed \(c.seed)",
    ])
    if c.bootstrap > 0 { t.append(["Bootstrap", "\(c.bootstrap) replicates stratified by group, seed \(c.seed)"]) }
    if let commandLine { t.append(["Command", commandLine]) }
    var sign = HTMLTable(caption: "Sign-off", header: ["Role", "Name", "Date", "Signature"], alignments: [.left, .left, .left, .left])
    for role in ["Prepared by", "Reviewed by", "Approved by"] { sign.append([role, "", "", ""]) }
    return [.table(t)] + configTable() + [.table(sign)]
  }

  /// The `--config` file's settings and whether the command line overrode them.
  func configTable() -> [ReportBlock] {
    guard let file = result.configuration.configFile else { return [] }
    var t = HTMLTable(
      caption: "Settings from the configuration file \(file.file) (other options: command line above, or their defaults)",
      header: ["Option", "Value in the file", "Used"], alignments: [.left, .left, .left])
    for s in file.settings {
      t.append(["--" + s.option, s.value, s.overridden ? "no: the command line overrides it" : "yes"], class: s.overridden ? "warn" : nil)
    }
    return [.table(t)]
  }

  /// What the model is for (`--intended-use`), then what the audit can and cannot show.
  func intendedUse() -> [ReportBlock] {
    let scope: ReportBlock = .paragraph(
      "fairaudit assesses a binary scoring model (logistic regression and its fair and mixed-model variants) for group fairness "
        + "with respect to the sensitive features named for this run. It reports \(emphasis: "evidence metrics"): disparate impact, "
        + "demographic parity, equal opportunity and the boundary covariance of Zafar et al. None of them is a legal verdict, and passing "
        + "the configured thresholds does not show that a model is free of discrimination.", blankLineAfter: false)
    guard let use = result.configuration.intendedUse else {
      return [
        .paragraph(
          "\(strong: "Intended use: not stated.") State the model's purpose, users, decisions supported, out-of-scope uses and materiality "
            + "tier with \(code: "--intended-use") or \(code: "intended-use:") in the \(code: "--config") file."), scope,
      ]
    }
    return [.paragraph("\(strong: "Intended use") (as stated for this audit): \(use)"), scope]
  }

  func summary() -> [ReportBlock] {
    let r = result
    var blocks: [ReportBlock] = []
    if r.checks.isEmpty {
      blocks.append(.paragraph("No thresholds were configured, so this run cannot fail the CI gate; see section 12."))
    } else {
      let failed = r.checks.filter { !$0.passed }
      blocks.append(
        r.breached
          ? .verdict(passed: false, "FAIL: \(failed.count) of \(r.checks.count) threshold checks breached.")
          : .verdict(passed: true, "PASS: all \(r.checks.count) threshold checks met."))
    }
    blocks.append(atAGlance())
    var t = HTMLTable(
      caption: "Headline disparities of the audited model (\(audited.model.kind.label)) on the \(r.evaluationLabel)",
      header: [
        "Sensitive feature", "Selection rate (protected)", "Selection rate (reference)", "Impact ratio", "DI", "DP difference",
        "EO difference",
      ])
    for f in audited.test.features {
      t.append(
        [
          f.feature, num(f.protected.selectionRate), num(f.other.selectionRate), num(f.impactRatio), num(f.disparateImpact),
          num(f.demographicParityDifference), num(f.equalOpportunityDifference),
        ],
        class: f.impactRatio < 0.8 ? "warn" : nil)
    }
    blocks.append(.table(t))
    for f in audited.test.features {
      for g in [f.protected, f.other] where g.count == 0 {
        blocks.append(
          .note(
            "\(f.feature): group \"\(g.label)\" has no rows in the evaluation set, so its rates cannot be computed; "
              + "use a smaller \(code: "--test-fraction") or \(code: "--test-fraction 0")."))
      }
    }
    let comparable = audited.test.features.filter { $0.protected.count > 0 && $0.other.count > 0 && !$0.disparateImpact.isNaN }
    if let worst = comparable.max(by: { $0.disparateImpact < $1.disparateImpact }) {
      blocks.append(
        .paragraph(
          "The largest disparity is on \(strong: "\(worst.feature)"): the protected group \"\(worst.protected.label)\" is selected at "
            + "\(percent: worst.protected.selectionRate) against \(percent: worst.other.selectionRate) "
            + "for \"\(worst.other.label)\" (impact ratio \(rate: worst.impactRatio); the four-fifths rule asks for 0.8)."))
    }
    blocks += r.skipped.map { .note("\($0)") }
    return blocks + warningTable()
  }

  /// What fairaudit repaired or left out (also on standard error and in the JSON `warnings`).
  func warningTable() -> [ReportBlock] {
    guard !result.warnings.isEmpty else { return [] }
    var t = HTMLTable(
      caption: "Warnings: what was repaired or left out to complete this audit", header: ["Kind", "Detail"],
      alignments: [.left, .left])
    for w in result.warnings { t.append([w.code.replacingOccurrences(of: "_", with: " "), w.description], class: "warn") }
    return [.table(t)]
  }

  func gate() -> [ReportBlock] {
    let r = result
    let intro: ReportBlock = .paragraph(
      "The CI gate applies to the audited model (\(audited.model.kind.label)) on the \(evaluationSet). "
        + "Exit status 0 means every threshold was met, 1 that at least one was breached (this report and the JSON summary are still written); "
        + "every other status is an input or fitting error (docs/cli.md).")
    guard !r.checks.isEmpty else {
      let advice: InlineText =
        "No thresholds were set. Add for example \(code: "--min-p-rule 80"), \(code: "--max-di 0.2") or, with \(code: "--baseline"), "
        + "\(code: "--max-di-increase 0.05") to gate a retrain."
      return [intro] + baselineText() + [.paragraph(advice, blankLineAfter: false)]
    }
    var t = HTMLTable(caption: "Threshold checks", header: ["Criterion", "Subject", "Value", "Result"])
    for c in r.checks {
      t.append([c.criterion, c.subject, NumberFormat.fixed(c.value, 3), c.passed ? "pass" : "FAIL"], class: c.passed ? "pass" : "fail")
    }
    let exit: InlineText = "Exit status of this run: \(strong: "\(r.breached ? 1 : 0)")."
    return [intro] + baselineText() + [.table(t), .paragraph(exit, blankLineAfter: false)]
  }
}

extension ReportBuilder {
  /// The change log against `--baseline`.
  func baselineText() -> [ReportBlock] {
    guard let b = result.baseline else {
      return [
        .paragraph("No baseline was given; pass the previous run's JSON summary with \(code: "--baseline") to see the changes since then.")
      ]
    }
    var s: InlineText = "Changes since the baseline \(b.baselineFile) (input SHA-256 \(String(b.baselineSHA256.prefix(16)))…; "
    s.append(b.baselineSHA256 == result.inputSHA256 ? "same input file)." : "different input file).")
    var t = HTMLTable(caption: "Changes since the baseline", header: ["Metric", "Baseline", "Now", "Change"])
    for row in b.rows {
      let worse = row.metric.disparateImpactFeature != nil && row.change > 0
      t.append(
        [
          row.metric.label, NumberFormat.significant(row.baseline, 4), NumberFormat.significant(row.current, 4),
          (row.change >= 0 ? "+" : "") + NumberFormat.significant(row.change, 3),
        ], class: worse ? "warn" : nil)
    }
    return [.paragraph(s), .table(t)]
  }
}
