import Foundation

/// The one place an `AuditResult` becomes the JSON summary's document.
extension AuditSummaryDocument {
  public init(_ r: AuditResult) {
    schemaVersion = FairAuditVersion.jsonSchema
    tool = Tool(name: "fairaudit", version: FairAuditVersion.string)
    input = Input(r)
    configuration = Configuration(r)
    models = r.evaluations.map(Model.init)
    skipped = r.skipped
    warnings = r.warnings.map { Warning(code: $0.code, message: $0.description) }
    gate = Gate(r)
    clusterSelection = r.clusterSelection.map(ClusterSelection.init)
    sweeps = r.sweep.map { Sweeps($0, analysis: r.tradeoff, features: r.frame.sensitive.map(\.name)) }
    baseline = r.baseline.map(Baseline.init)
    bootstrap = r.bootstrap.map { Bootstrap($0, model: r.auditedModel.model.kind.label) }
  }
}

/// JSON has no NaN or infinity: such a value is stored as nil and written as null.
func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
func finite(_ xs: [Double]) -> [Double?] { xs.map(finite) }

extension AuditSummaryDocument.Input {
  init(_ r: AuditResult) {
    self.init(
      file: (r.configuration.inputPath as NSString).lastPathComponent, sha256: r.inputSHA256,
      rows: r.table.rowCount, columns: r.table.columns.count, rowsUsed: r.frame.rows.count,
      rowsDroppedMissing: r.frame.droppedRows, trainingRows: r.split.training.count, evaluationRows: r.split.test.count,
      evaluationSet: r.split.isFullData ? .all : .test)
  }
}

extension AuditSummaryDocument.Configuration {
  init(_ r: AuditResult) {
    let c = r.configuration
    self.init(
      target: r.frame.targetName, positiveLabel: r.frame.positiveLabel,
      sensitive: r.frame.sensitive.map {
        AuditSummaryDocument.SensitiveFeature(name: $0.name, protectedGroup: $0.protectedLabel, referenceGroup: $0.otherLabel)
      },
      cluster: r.frame.clusterName, covariates: r.design.names, testFraction: finite(c.testFraction), seed: String(c.seed),
      crlrLambda: finite(c.crlrLambda), nAGQ: c.nAGQ, covarianceBound: finite(c.covarianceBound),
      rho: finite(c.penalty(rows: r.split.training.count)),
      boosting: AuditSummaryDocument.Boosting(
        nu: finite(c.boosting.nu), maxSteps: c.boosting.maxSteps, tolerance: finite(c.boosting.tolerance),
        traceProbes: c.boosting.traceProbes),
      maxIterations: c.maxIterations)
    decisionRule = AuditSummaryDocument.DecisionRuleRecord(rule: c.decisionRule.kindName, value: finite(c.decisionRule.value))
    if let e = r.evaluations.first(where: { $0.model.kind.isExternal }) {
      external = AuditSummaryDocument.External(
        name: e.model.kind.label, scoreColumn: c.roles.score, decisionColumn: c.roles.decision,
        scoresAreProbabilities: e.scores?.hasProbability == true)
    }
  }
}

extension AuditSummaryDocument.Model {
  init(_ e: ModelEvaluation) {
    let m = e.model
    self.init(
      kind: m.kind, label: m.kind.label,
      coefficients: m.coefficients.map {
        AuditSummaryDocument.Coefficient(
          name: $0.name, estimate: finite($0.estimate), se: finite($0.standardError), z: finite($0.z), p: finite($0.p),
          estimatePerUnit: finite($0.estimatePerUnit))
      },
      logLikelihood: finite(m.logLikelihood), aic: finite(m.aic), bic: finite(m.bic), deviance: finite(m.deviance),
      parameters: m.parameterCount, observations: m.observationCount, objective: finite(m.objectiveValue),
      iterations: m.summary.iterations, gradientNorm: finite(m.summary.gradientNorm), termination: m.summary.termination,
      converged: m.summary.didConverge, notes: m.summary.notes, settings: m.settings,
      randomIntercepts: m.randomIntercepts.map(AuditSummaryDocument.RandomIntercepts.init),
      constraints: m.constraints.isEmpty ? nil : m.constraints.map(AuditSummaryDocument.Constraint.init),
      fitLog: m.summary.log.map {
        AuditSummaryDocument.FitLogRecord(
          method: $0.method, tolerance: finite($0.tolerance), evaluations: $0.evaluations,
          iterations: $0.iterations.map {
            .init(objective: finite($0.objective), gradientNorm: finite($0.gradientNorm), step: finite($0.stepLength))
          })
      },
      stopReason: m.summary.stopReason, gradientTolerance: m.summary.gradientTolerance.map(finite) ?? nil,
      kktResiduals: m.summary.kktResiduals.map {
        AuditSummaryDocument.KKT(
          stationarity: finite($0.stationarity), primalFeasibility: finite($0.primalFeasibility),
          dualFeasibility: finite($0.dualFeasibility), complementarySlackness: finite($0.complementarySlackness))
      },
      training: AuditSummaryDocument.Assessment(e.training), evaluation: AuditSummaryDocument.Assessment(e.test),
      unseenClusterRows: e.unseenClusterRows)
    scoreViews = e.scoreViews.map { v in
      AuditSummaryDocument.ScoreView(
        feature: v.feature, group: v.group, n: v.count, auc: finite(v.auc), brier: finite(v.brier),
        calibrationInTheLarge: finite(v.calibrationInTheLarge),
        bins: v.bins.map {
          AuditSummaryDocument.ScoreBin(
            lower: $0.lower, upper: $0.upper, n: $0.count, meanProbability: finite($0.meanProbability),
            observedRate: finite($0.observedRate))
        })
    }
  }
}

extension AuditSummaryDocument.RandomIntercepts {
  init(_ r: FairAuditKit.RandomIntercepts) {
    self.init(
      grouping: r.grouping, variance: r.variance.flatMap(finite), sigma: r.sigma.flatMap(finite), icc: r.icc.flatMap(finite),
      levels: r.levels.indices.map { i in
        Level(level: r.levels[i], mode: finite(r.modes[i]), conditionalSD: finite(r.conditionalSD[i]), trainingRows: r.sizes[i])
      })
  }
}

extension AuditSummaryDocument.Constraint {
  init(_ c: ConstraintResult) {
    self.init(
      feature: c.feature, covariance: finite(c.covariance), bound: finite(c.bound), multiplierUpper: finite(c.multiplierUpper),
      multiplierLower: finite(c.multiplierLower), shadowPrice: finite(c.shadowPrice), active: c.isActive)
  }
}

extension AuditSummaryDocument.Assessment {
  init(_ a: FairnessAssessment) {
    let p = a.performance
    self.init(
      performance: AuditSummaryDocument.Performance(
        n: p.count, accuracy: finite(p.accuracy), balancedAccuracy: finite(p.balancedAccuracy), auc: finite(p.auc),
        logLoss: finite(p.logLoss), brier: finite(p.brier)),
      features: a.features.map(AuditSummaryDocument.Feature.init),
      intersections: zip(a.intersections, a.intersectionImpactRatios).map(AuditSummaryDocument.Intersection.init))
  }
}

extension AuditSummaryDocument.Feature {
  init(_ f: FeatureDisparity) {
    self.init(
      feature: f.feature,
      groups: [AuditSummaryDocument.Group(f.protected, role: .protected), AuditSummaryDocument.Group(f.other, role: .reference)],
      impactRatio: finite(f.impactRatio), pRule: finite(100 * f.impactRatio),
      impactRatioCI95: [finite(f.impactRatioInterval.lower), finite(f.impactRatioInterval.upper)],
      disparateImpact: finite(f.disparateImpact), demographicParityDifference: finite(f.demographicParityDifference),
      equalOpportunityDifference: finite(f.equalOpportunityDifference), equalizedOddsDifference: finite(f.equalizedOddsDifference))
  }
}

extension AuditSummaryDocument.Group {
  init(_ g: GroupMetrics, role: Role) {
    self.init(
      role: role, group: g.label, n: g.count, baseRate: finite(g.baseRate), selectionRate: finite(g.selectionRate),
      selectionRateCI95: [finite(g.selectionRateInterval.lower), finite(g.selectionRateInterval.upper)],
      tpr: finite(g.truePositiveRate), fpr: finite(g.falsePositiveRate), accuracy: finite(g.accuracy))
  }
}

extension AuditSummaryDocument.Intersection {
  init(_ g: GroupMetrics, impactRatio: Double) {
    self.init(
      group: g.label, n: g.count, baseRate: finite(g.baseRate), selectionRate: finite(g.selectionRate),
      selectionRateCI95: [finite(g.selectionRateInterval.lower), finite(g.selectionRateInterval.upper)],
      tpr: finite(g.truePositiveRate), fpr: finite(g.falsePositiveRate), accuracy: finite(g.accuracy),
      impactRatio: finite(impactRatio))
  }
}

extension AuditSummaryDocument.Gate {
  init(_ r: AuditResult) {
    self.init(
      auditedModel: r.auditedModel.model.kind.label, passed: !r.breached, exitCode: r.breached ? 1 : 0,
      checks: r.checks.map {
        AuditSummaryDocument.Check(
          criterion: $0.criterion, subject: $0.subject, value: finite($0.value), limit: finite($0.limit),
          passed: $0.passed)
      })
  }
}

extension AuditSummaryDocument.ClusterSelection {
  init(_ s: FairAuditKit.ClusterSelection) {
    self.init(
      chosen: s.chosen,
      candidates: s.candidates.map {
        Candidate(
          column: $0.column, levels: $0.levels, variance: finite($0.variance), icc: finite($0.icc),
          bicImprovement: finite($0.bicImprovement))
      })
  }
}

extension AuditSummaryDocument.Baseline {
  init(_ b: BaselineComparison) {
    self.init(
      file: b.baselineFile, sha256: b.baselineSHA256,
      changes: b.rows.map {
        AuditSummaryDocument.Change(
          metric: $0.metric.label, baseline: finite($0.baseline), current: finite($0.current),
          change: finite($0.change))
      })
  }
}
