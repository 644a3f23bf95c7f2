extension ReportBuilder {
  func cover() -> String {
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
    if let commandLine { t.append(["Command", commandLine]) }
    var sign = HTMLTable(caption: "Sign-off", header: ["Role", "Name", "Date", "Signature"], alignments: [.left, .left, .left, .left])
    for role in ["Prepared by", "Reviewed by", "Approved by"] { sign.append([role, "", "", ""]) }
    return t.html + sign.html
  }

  func summary() -> String {
    let r = result
    var s = ""
    if r.checks.isEmpty {
      s += "No thresholds were configured, so this run cannot fail the CI gate; see section 12.\n\n"
    } else {
      let failed = r.checks.filter { !$0.passed }
      s +=
        r.breached
        ? "<p class=\"verdict-fail\">FAIL: \(failed.count) of \(r.checks.count) threshold checks breached.</p>\n\n"
        : "<p class=\"verdict-pass\">PASS: all \(r.checks.count) threshold checks met.</p>\n\n"
    }
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
    s += t.html
    for f in audited.test.features {
      for g in [f.protected, f.other] where g.count == 0 {
        s += "> \(lit(f.feature)): group \"\(lit(g.label))\" has no rows in the evaluation set, so its rates cannot be computed; "
        s += "use a smaller `--test-fraction` or `--test-fraction 0`.\n\n"
      }
    }
    let comparable = audited.test.features.filter { $0.protected.count > 0 && $0.other.count > 0 && !$0.disparateImpact.isNaN }
    if let worst = comparable.max(by: { $0.disparateImpact < $1.disparateImpact }) {
      s += "The largest disparity is on **\(lit(worst.feature))**: the protected group \"\(lit(worst.protected.label))\" is selected at "
      s += "\(NumberFormat.percent(worst.protected.selectionRate)) against \(NumberFormat.percent(worst.other.selectionRate)) "
      s += "for \"\(lit(worst.other.label))\" (impact ratio \(num(worst.impactRatio)); the four-fifths rule asks for 0.8).\n\n"
    }
    s += shadowPriceHeadline()
    for note in r.skipped { s += "> \(lit(note))\n\n" }
    return s + warningTable()
  }

  /// What fairaudit repaired or left out (also on standard error and in the JSON `warnings`).
  func warningTable() -> String {
    guard !result.warnings.isEmpty else { return "" }
    var t = HTMLTable(
      caption: "Warnings: what was repaired or left out to complete this audit", header: ["Kind", "Detail"],
      alignments: [.left, .left])
    for w in result.warnings { t.append([w.code.replacingOccurrences(of: "_", with: " "), w.description], class: "warn") }
    return t.html
  }

  func gate() -> String {
    let r = result
    var s = "The CI gate applies to the audited model (\(audited.model.kind.label)) on the \(r.evaluationLabel). "
    s +=
      "Exit status 0 means every threshold was met, 1 that at least one was breached (this report and the JSON summary are still written); "
    s += "every other status is an input or fitting error (docs/cli.md).\n\n"
    guard !r.checks.isEmpty else {
      return s + baselineText() + "No thresholds were set. Add for example `--min-p-rule 80`, `--max-di 0.2` or, with `--baseline`, "
        + "`--max-di-increase 0.05` to gate a retrain.\n"
    }
    s += baselineText()
    var t = HTMLTable(caption: "Threshold checks", header: ["Criterion", "Subject", "Value", "Result"])
    for c in r.checks {
      t.append([c.criterion, c.subject, NumberFormat.fixed(c.value, 3), c.passed ? "pass" : "FAIL"], class: c.passed ? "pass" : "fail")
    }
    return s + t.html + "Exit status of this run: **\(r.breached ? 1 : 0)**.\n"
  }
}

extension ReportBuilder {
  /// The change log against `--baseline`.
  func baselineText() -> String {
    guard let b = result.baseline else {
      return "No baseline was given; pass the previous run's JSON summary with `--baseline` to see the changes since then.\n\n"
    }
    var s = "Changes since the baseline \(lit(b.baselineFile)) (input SHA-256 \(lit(String(b.baselineSHA256.prefix(16))))…; "
    s += b.baselineSHA256 == result.inputSHA256 ? "same input file).\n\n" : "different input file).\n\n"
    var t = HTMLTable(caption: "Changes since the baseline", header: ["Metric", "Baseline", "Now", "Change"])
    for row in b.rows {
      let worse = row.metric.disparateImpactFeature != nil && row.change > 0
      t.append(
        [
          row.metric.label, NumberFormat.significant(row.baseline, 4), NumberFormat.significant(row.current, 4),
          (row.change >= 0 ? "+" : "") + NumberFormat.significant(row.change, 3),
        ], class: worse ? "warn" : nil)
    }
    return s + t.html
  }
}
