import Foundation

/// The one place an `AuditResult` becomes a model card: the audited model on the evaluation rows,
/// with the Wilson/Katz intervals, or the bootstrap percentile intervals with `--bootstrap`.
extension ModelCard {
  public init(_ r: AuditResult) {
    let e = r.auditedModel, m = e.model
    let file = (r.configuration.inputPath as NSString).lastPathComponent
    let sensitive = r.frame.sensitive.map(\.name)
    modelDetails = Details(
      name: "\(m.kind.label) scoring model for \(r.frame.targetName) = \(r.frame.positiveLabel), audited by fairaudit",
      overview: (m.kind.isExternal
        ? "The deployed model's scores or decisions, read from \(file) by fairaudit \(FairAuditVersion.string) "
        : "\(m.kind.label) fitted by fairaudit \(FairAuditVersion.string) on \(r.split.training.count) training rows of \(file) ")
        + "(input SHA-256 \(r.inputSHA256)); metrics on the \(r.evaluationLabel), \(e.test.performance.count) rows, "
        + "decisions by the rule \(r.configuration.decisionRule.kindName) \(NumberFormat.significant(r.configuration.decisionRule.value)). "
        + "Gate: \(r.checks.isEmpty ? "no thresholds set" : r.breached ? "FAIL" : "PASS").",
      version: Version(name: "fairaudit \(FairAuditVersion.string)"),
      references: [Reference(reference: "Burgard & Pamplona, Fair Generalized Linear Mixed Models, arXiv 2405.09273")])
    modelParameters = Parameters(
      modelArchitecture: Self.architecture(m.kind, covariates: r.design.names.count, cluster: r.frame.clusterName),
      data: [Dataset(name: file, sensitive: Sensitive(sensitiveData: sensitive))],
      inputFormat: "CSV row with the covariates \(r.design.names.dropFirst().joined(separator: ", "))",
      outputFormat: "score for \(r.frame.targetName) = \(r.frame.positiveLabel) and a 0/1 decision by the audit's decision rule")
    quantitativeAnalysis = QuantitativeAnalysis(performanceMetrics: Self.metrics(e.test, bootstrap: r.bootstrap))
    considerations = Self.considerations(r)
  }

  static func architecture(_ kind: ModelKind, covariates: Int, cluster: String?) -> String {
    if kind.isExternal { return "\(kind.label): a model outside fairaudit, audited from its scores or decisions (not refitted)" }
    let base = "logistic model with \(covariates) design columns (intercept included)"
    guard kind.usesClusters, let cluster else { return "\(kind.label): \(base)" }
    return "\(kind.label): \(base) and a random intercept per level of \(cluster)"
  }

  static func metrics(_ a: FairnessAssessment, bootstrap: FairnessBootstrap?) -> [Metric] {
    let p = a.performance
    var out = [
      metric("accuracy", p.accuracy, ""), metric("balanced_accuracy", p.balancedAccuracy, ""), metric("auc", p.auc, ""),
      metric("log_loss", p.logLoss, ""),
    ]
    for (k, f) in a.features.enumerated() {
      let b = bootstrap?.features[k]
      for (j, g) in [f.protected, f.other].enumerated() {
        let slice = "\(f.feature)=\(g.label)"
        out.append(metric("selection_rate", g.selectionRate, slice, b?.groups[j].selectionRate ?? wilson(g)))
        out.append(metric("accuracy", g.accuracy, slice, b?.groups[j].accuracy))
        out.append(metric("true_positive_rate", g.truePositiveRate, slice))
      }
      let katz = f.impactRatioInterval
      out.append(
        metric("impact_ratio", f.impactRatio, f.feature, b?.impactRatio ?? FairnessBootstrap.Interval(lower: katz.lower, upper: katz.upper))
      )
      out.append(metric("disparate_impact", f.disparateImpact, f.feature, b?.disparateImpact))
      out.append(metric("demographic_parity_difference", f.demographicParityDifference, f.feature, b?.demographicParityDifference))
      out.append(metric("equal_opportunity_difference", f.equalOpportunityDifference, f.feature, b?.equalOpportunityDifference))
    }
    return out
  }

  static func wilson(_ g: GroupMetrics) -> FairnessBootstrap.Interval {
    let i = g.selectionRateInterval
    return FairnessBootstrap.Interval(lower: i.lower, upper: i.upper)
  }

  static func metric(_ type: String, _ value: Double, _ slice: String, _ interval: FairnessBootstrap.Interval? = nil) -> Metric {
    func text(_ x: Double) -> String { x.isFinite ? NumberFormat.fixed(x, 4) : "n/a" }
    let ci = interval.flatMap { i in
      i.lower.isFinite && i.upper.isFinite ? Interval(lowerBound: text(i.lower), upperBound: text(i.upper)) : nil
    }
    return Metric(type: type, value: text(value), slice: slice, confidenceInterval: ci)
  }

  static func considerations(_ r: AuditResult) -> Considerations {
    let use =
      r.configuration.intendedUse
      ?? "Not stated: pass --intended-use (or intended-use in the --config file) with the model's purpose, users and decisions."
    let failed = r.checks.filter { !$0.passed }.map {
      Description(description: "Threshold breached: \($0.criterion) on \($0.subject) (value \(NumberFormat.significant($0.value, 4))).")
    }
    let tradeoffs = r.evaluations.filter { !$0.model.constraints.isEmpty }.flatMap { e in
      e.model.constraints.map {
        Description(
          description:
            "\(e.model.kind.label): the constraint on \($0.feature) has shadow price \(NumberFormat.scientific($0.shadowPrice)) "
            + "(log-likelihood given up per unit of tightening the covariance bound)")
      }
    }
    return Considerations(
      users: [Description(description: "Model validators, fairness reviewers and the CI pipeline that gates retrains.")],
      useCases: [Description(description: use)],
      limitations: failed + [
        Description(
          description: "Metrics describe the audited rows; a sample unlike the scored population gives metrics that do not transfer."),
        Description(
          description:
            "Fairness metrics are evidence, not a legal finding; passing the thresholds does not show the absence of discrimination."),
      ],
      tradeoffs: tradeoffs,
      ethicalConsiderations: r.frame.sensitive.map {
        Risk(
          name: "Disparity on \($0.name) (protected group \($0.protectedLabel))",
          mitigationStrategy: "Fair LR / Fair CRLR covariance constraints or the Fair GLMM penalty; see the report's trade-off section.")
      })
  }
}
