extension ReportBuilder {
  func dataSection() -> [ReportBlock] {
    let r = result, f = r.frame
    var s: InlineText =
      "The file has \(count: r.table.rowCount) rows; \(count: f.rows.count) are complete in the columns used. "
    let dropped = f.droppedRows.values.reduce(0, +)
    if dropped > 0 {
      let parts = f.droppedRows.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" as InlineText }
      s.append("\(count: dropped) rows were dropped for a missing value (\(InlineText.joined(parts, separator: ", "))). ")
    } else {
      s.append("No row was dropped for missing values. ")
    }
    let positives = Int(f.y.reduce(0, +))
    s.append("The target \(strong: "\(f.targetName)") is positive (\"\(f.positiveLabel)\") in \(count: positives) rows ")
    s.append("(\(percent: Double(positives) / Double(f.rows.count))). ")
    s.append("Models are fitted on \(count: r.split.training.count) training rows and evaluated on ")
    s.append("\(count: r.split.test.count) \(evaluationSet).")
    return [.paragraph(s), .table(groupTable())] + covariateTable() + clusterSummary() + clusterSelectionText()
  }

  func groupTable() -> HTMLTable {
    let f = result.frame
    var t = HTMLTable(caption: "Sensitive groups (all used rows)", header: ["Feature", "Group", "n", "Share", "Base rate"])
    for (k, feature) in f.sensitive.enumerated() {
      let z = f.z(k)
      for (label, value) in [(feature.protectedLabel, 1.0), (feature.otherLabel, 0.0)] {
        let rows = z.indices.filter { z[$0] == value }
        let share = Double(rows.count) / Double(z.count)
        let base = rows.reduce(0) { $0 + f.y[$1] } / Double(max(rows.count, 1))
        t.append(
          [feature.name, label, NumberFormat.count(rows.count), NumberFormat.percent(share), num(base)],
          class: share < 0.02 ? "warn" : nil)
      }
    }
    return t
  }

  func covariateTable() -> [ReportBlock] {
    var t = HTMLTable(
      caption: "Covariates (scaling and reference levels from the training rows)",
      header: ["Column", "Coding", "Design columns", "Detail"], alignments: [.left, .left, .right, .left])
    var dummies: [String: [String]] = [:], references: [String: String] = [:]
    for case .dummy(let column, let level, let reference) in result.design.columns {
      dummies[column, default: []].append(level)
      references[column] = reference
    }
    for covariate in result.frame.covariates {
      if let levels = dummies[covariate.name], let reference = references[covariate.name] {
        t.append([covariate.name, "treatment", String(levels.count), "reference \(reference); levels \(levels.joined(separator: ", "))"])
      } else if let c = result.design.columns.first(where: { $0.name == covariate.name }), case .standardized(_, let mean, let sd) = c {
        t.append([covariate.name, "standardised", "1", "mean \(NumberFormat.significant(mean, 6)), sd \(NumberFormat.significant(sd, 6))"])
      }
    }
    return [.table(t)]
      + result.design.unseenLevels.sorted(by: { $0.key < $1.key }).map { column, count in
        .note("\(count) rows of \(column) have a level not seen in training; they are coded as the reference level.")
      }
  }

  func clusterSummary() -> [ReportBlock] {
    let f = result.frame
    guard let name = f.clusterName else { return [] }
    var sizes = [Int](repeating: 0, count: f.clusterLevels.count)
    for c in f.clusterCodes { sizes[c] += 1 }
    let sorted = sizes.sorted()
    return [
      .paragraph(
        "The grouping factor \(strong: "\(name)") has \(f.clusterLevels.count) levels with between \(sorted.first ?? 0) and "
          + "\(sorted.last ?? 0) rows (median \(sorted[sorted.count / 2])).")
    ]
  }
}

extension ReportBuilder {
  func clusterSelectionText() -> [ReportBlock] {
    guard let selection = result.clusterSelection else { return [] }
    var s: InlineText =
      selection.chosen.map {
        "\(code: "--cluster auto") chose \(strong: "\($0)"): its random intercept improves BIC most over logistic regression on the same covariates. "
      }
      ?? "\(code: "--cluster auto") found no column whose random intercept improves BIC; the mixed models were not fitted. "
    s.append(
      "Candidates are categorical columns with at least three levels that are neither target, sensitive feature nor listed in \(code: "--features")."
    )
    var t = HTMLTable(
      caption: "Cluster candidates (GLMM, Laplace, training rows)", header: ["Column", "Levels", "σ²", "ICC", "BIC(LR) − BIC(GLMM)"])
    for c in selection.candidates {
      t.append(
        [
          c.column, String(c.levels), NumberFormat.fixed(c.variance, 4), NumberFormat.fixed(c.icc, 4),
          NumberFormat.fixed(c.bicImprovement, 1),
        ],
        class: c.column == selection.chosen ? "pass" : nil)
    }
    return [.paragraph(s), .table(t)]
  }
}
