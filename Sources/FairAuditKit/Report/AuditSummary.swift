import Foundation

/// The machine-readable summary (`--json`). Schema documented in docs/cli.md; keys sorted,
/// no timestamps or absolute paths, so two runs on the same input give identical bytes.
public enum AuditSummary {
  public static func json(_ r: AuditResult) -> String {
    JSONValue.object([
      "schema_version": .string(FairAuditVersion.jsonSchema),
      "tool": .object(["name": .string("fairaudit"), "version": .string(FairAuditVersion.string)]),
      "input": input(r),
      "configuration": configuration(r),
      "models": .array(r.evaluations.map(model)),
      "skipped": .array(r.skipped.map { .string($0) }),
      "warnings": .array(r.warnings.map { .object(["code": .string($0.code), "message": .string($0.description)]) }),
      "gate": gate(r),
      "cluster_selection": r.clusterSelection.map(clusterSelection) ?? .null,
      "sweeps": r.sweep.map(sweeps) ?? .null,
      "baseline": r.baseline.map(baseline) ?? .null,
    ]).serialized() + "\n"
  }

  static func input(_ r: AuditResult) -> JSONValue {
    .object([
      "file": .string((r.configuration.inputPath as NSString).lastPathComponent),
      "sha256": .string(r.inputSHA256),
      "rows": .integer(r.table.rowCount),
      "columns": .integer(r.table.columns.count),
      "rows_used": .integer(r.frame.rows.count),
      "rows_dropped_missing": .object(r.frame.droppedRows.mapValues { .integer($0) }),
      "training_rows": .integer(r.split.training.count),
      "evaluation_rows": .integer(r.split.test.count),
      "evaluation_set": .string(r.split.isFullData ? "all" : "test"),
    ])
  }

  static func configuration(_ r: AuditResult) -> JSONValue {
    let c = r.configuration
    return .object([
      "target": .string(r.frame.targetName),
      "positive_label": .string(r.frame.positiveLabel),
      "sensitive": .array(r.frame.sensitive.map {
        .object(["name": .string($0.name), "protected_group": .string($0.protectedLabel), "reference_group": .string($0.otherLabel)])
      }),
      "cluster": r.frame.clusterName.map { .string($0) } ?? .null,
      "covariates": .array(r.design.names.map { .string($0) }),
      "test_fraction": .number(c.testFraction),
      "seed": .string(String(c.seed)),
      "crlr_lambda": .number(c.crlrLambda),
      "nagq": .integer(c.nAGQ),
      "covariance_bound": .array(c.covarianceBound.map { .number($0) }),
      "rho": .number(c.penalty(rows: r.split.training.count)),
      "boosting": .object([
        "nu": .number(c.boosting.nu), "max_steps": .integer(c.boosting.maxSteps),
        "tolerance": .number(c.boosting.tolerance), "trace_probes": .integer(c.boosting.traceProbes),
      ]),
      "max_iterations": .integer(c.maxIterations),
    ])
  }

  static func model(_ e: ModelEvaluation) -> JSONValue {
    let m = e.model
    var o: [String: JSONValue] = [
      "kind": .string(m.kind.rawValue),
      "label": .string(m.kind.label),
      "coefficients": .array(m.coefficients.map {
        .object(["name": .string($0.name), "estimate": .number($0.estimate), "se": .number($0.standardError),
                 "z": .number($0.z), "p": .number($0.p), "estimate_per_unit": .number($0.estimatePerUnit)])
      }),
      "log_likelihood": .number(m.logLikelihood),
      "aic": .number(m.aic), "bic": .number(m.bic), "deviance": .number(m.deviance),
      "parameters": .integer(m.parameterCount), "observations": .integer(m.observationCount),
      "objective": .number(m.objectiveValue),
      "iterations": .integer(m.summary.iterations),
      "gradient_norm": .number(m.summary.gradientNorm),
      "termination": .string(m.summary.termination.rawValue),
      "converged": .bool(m.summary.didConverge),
      "notes": .array(m.summary.notes.map { .string($0) }),
      "settings": .object(m.settings.mapValues { .number($0) }),
      "training": assessment(e.training),
      "evaluation": assessment(e.test),
      "unseen_cluster_rows": .integer(e.unseenClusterRows),
    ]
    if let r = m.randomIntercepts { o["random_intercepts"] = randomIntercepts(r) }
    if !m.constraints.isEmpty { o["constraints"] = .array(m.constraints.map(constraint)) }
    return .object(o)
  }

  static func randomIntercepts(_ r: RandomIntercepts) -> JSONValue {
    .object([
      "grouping": .string(r.grouping),
      "variance": .optional(r.variance), "sigma": .optional(r.sigma), "icc": .optional(r.icc),
      "levels": .array(r.levels.indices.map { i in
        .object(["level": .string(r.levels[i]), "mode": .number(r.modes[i]), "conditional_sd": .number(r.conditionalSD[i]),
                 "training_rows": .integer(r.sizes[i])])
      }),
    ])
  }

  static func clusterSelection(_ s: ClusterSelection) -> JSONValue {
    .object([
      "chosen": s.chosen.map { .string($0) } ?? .null,
      "candidates": .array(s.candidates.map {
        .object(["column": .string($0.column), "levels": .integer($0.levels), "variance": .number($0.variance),
                 "icc": .number($0.icc), "bic_improvement": .number($0.bicImprovement)])
      }),
    ])
  }

  static func baseline(_ b: BaselineComparison) -> JSONValue {
    .object([
      "file": .string(b.baselineFile), "sha256": .string(b.baselineSHA256),
      "changes": .array(b.rows.map {
        .object(["metric": .string($0.metric), "baseline": .number($0.baseline), "current": .number($0.current), "change": .number($0.change)])
      }),
    ])
  }

  static func sweeps(_ s: TradeoffSweep) -> JSONValue {
    func points(_ list: [TradeoffPoint], parameter: String) -> JSONValue {
      .array(list.map {
        .object(["model": .string($0.kind.label), parameter: .number($0.parameter), "accuracy": .number($0.accuracy),
                 "disparate_impact": .array($0.disparateImpact.map { .number($0) }),
                 "covariance": .array($0.covariance.map { .number($0) }),
                 "multipliers": .array($0.multipliers.map { .number($0) })])
      })
    }
    return .object(["rho": points(s.rhoPath, parameter: "rho"), "bound": points(s.boundPath, parameter: "c")])
  }

  static func constraint(_ c: ConstraintResult) -> JSONValue {
    .object([
      "feature": .string(c.feature), "covariance": .number(c.covariance), "bound": .number(c.bound),
      "multiplier_upper": .number(c.multiplierUpper), "multiplier_lower": .number(c.multiplierLower),
      "shadow_price": .number(c.shadowPrice), "active": .bool(c.isActive),
    ])
  }

  static func assessment(_ a: FairnessAssessment) -> JSONValue {
    let p = a.performance
    return .object([
      "performance": .object([
        "n": .integer(p.count), "accuracy": .number(p.accuracy), "balanced_accuracy": .number(p.balancedAccuracy),
        "auc": .number(p.auc), "log_loss": .number(p.logLoss), "brier": .number(p.brier),
      ]),
      "features": .array(a.features.map { f in
        .object([
          "feature": .string(f.feature),
          "groups": .array([group(f.protected, role: "protected"), group(f.other, role: "reference")]),
          "impact_ratio": .number(f.impactRatio), "p_rule": .number(100 * f.impactRatio),
          "impact_ratio_ci95": .array([.number(f.impactRatioInterval.lower), .number(f.impactRatioInterval.upper)]),
          "disparate_impact": .number(f.disparateImpact),
          "demographic_parity_difference": .number(f.demographicParityDifference),
          "equal_opportunity_difference": .number(f.equalOpportunityDifference),
          "equalized_odds_difference": .number(f.equalizedOddsDifference),
        ])
      }),
      "intersections": .array(zip(a.intersections, a.intersectionImpactRatios).map { g, ratio in
        var o = group(g, role: nil)
        if case .object(var members) = o { members["impact_ratio"] = .number(ratio); o = .object(members) }
        return o
      }),
    ])
  }

  static func group(_ g: GroupMetrics, role: String?) -> JSONValue {
    var o: [String: JSONValue] = [
      "group": .string(g.label), "n": .integer(g.count), "base_rate": .number(g.baseRate),
      "selection_rate": .number(g.selectionRate), "tpr": .number(g.truePositiveRate),
      "selection_rate_ci95": .array([.number(g.selectionRateInterval.lower), .number(g.selectionRateInterval.upper)]),
      "fpr": .number(g.falsePositiveRate), "accuracy": .number(g.accuracy),
    ]
    if let role { o["role"] = .string(role) }
    return .object(o)
  }

  static func gate(_ r: AuditResult) -> JSONValue {
    .object([
      "audited_model": .string(r.auditedModel.model.kind.label),
      "passed": .bool(!r.breached),
      "exit_code": .integer(r.breached ? 1 : 0),
      "checks": .array(r.checks.map {
        .object(["criterion": .string($0.criterion), "subject": .string($0.subject), "value": .number($0.value),
                 "limit": .number($0.limit), "passed": .bool($0.passed)])
      }),
    ])
  }
}
