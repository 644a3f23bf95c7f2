import Foundation

/// read -> set up -> fit -> evaluate -> check thresholds. The report is rendered separately.
public enum AuditPipeline {
  /// - Throws: `FairAuditError` for bad input, singular designs and non-convergence.
  public static func run(_ given: AuditConfiguration) throws(FairAuditError) -> AuditResult {
    var configuration = given
    // Read before fitting, so that a bad baseline fails at once.
    let baselineDocument = try configuration.baselinePath.map { path throws(FairAuditError) in
      (file: (path as NSString).lastPathComponent, document: try AuditSummaryDocument.read(path: path))
    }
    let progress = configuration.progress
    progress?("reading \((configuration.inputPath as NSString).lastPathComponent)")
    let (table, inputSHA256) = try readTable(configuration)
    if !configuration.sensitiveArguments.isEmpty {
      configuration.roles.sensitive = try SensitiveFeatureSpec.list(configuration.sensitiveArguments, isColumn: table.has)
    }
    try configuration.validate(sensitiveCount: configuration.roles.sensitive.count)
    let kind = configuration.auditedModel
    if (kind.usesClusters && configuration.roles.cluster == nil) || (kind.isFair && configuration.roles.sensitive.isEmpty) {
      throw .invalidOption(
        option: "--audited-model",
        reason: "\(kind.label) is not fitted in this run (it needs \(kind.usesClusters ? "--cluster" : "--sensitive"))")
    }
    var roles = configuration.roles
    if roles.cluster == "auto" { progress?("choosing the cluster column (--cluster auto)") }
    let selection = roles.cluster == "auto" ? try ClusterSelection(configuration: configuration, table: table) : nil
    if let selection { roles.cluster = selection.chosen }
    let setup = try AuditSetup(table: table, roles: roles, configuration: configuration)
    let (frame, split, design, problem) = (setup.frame, setup.split, setup.design, setup.problem)
    let suite = try ModelSuite(problem: problem, configuration: configuration)
    let evaluations = suite.models.map { evaluate($0, frame: frame, design: design, split: split) }
    guard let audited = evaluations.first(where: { $0.model.kind == kind }) else {
      throw .invalidOption(option: "--audited-model", reason: "\(kind.label) was not fitted in this run")
    }
    let baseline = baselineDocument.map {
      BaselineComparison(file: $0.file, document: $0.document, current: evaluations, audited: audited)
    }
    if configuration.sweep && !frame.sensitive.isEmpty { progress?("trade-off sweeps over rho and c (--no-sweep skips them)") }
    let sweep =
      configuration.sweep && !frame.sensitive.isEmpty
      ? try TradeoffSweep(problem: suite.problem, configuration: configuration, unconstrained: suite.models[0]) { model in
        let e = evaluate(model, frame: frame, design: design, split: split)
        return (e.test.performance.accuracy, e.test.features.map(\.disparateImpact))
      } : nil
    return AuditResult(
      configuration: configuration, inputSHA256: inputSHA256, table: table, frame: frame, split: split, design: design,
      evaluations: evaluations, checks: ThresholdGate.check(configuration.thresholds, evaluation: audited, baseline: baseline),
      skipped: skippedModels(frame: frame, selection: selection, requested: roles.cluster), clusterSelection: selection,
      sweep: sweep, baseline: baseline,
      warnings: table.warnings + frame.warnings + design.warnings + fitWarnings(suite))
  }

  /// The typed table and the SHA-256 of the input's bytes. The bytes and the raw text columns are
  /// locals here, so they are freed before the design matrix is built.
  static func readTable(_ configuration: AuditConfiguration) throws(FairAuditError) -> (DataTable, String) {
    let reader = CSVReader(delimiter: configuration.delimiter, encoding: configuration.encoding)
    let bytes = try reader.bytes(path: configuration.inputPath)
    // The hash and the parse read the same bytes: piece 0 hashes while piece 1 parses.
    let pieces = configuration.parallel.map(2) { (piece: Int) -> Result<(String, CSVTable?), FairAuditError> in
      if piece == 0 { return .success((SHA256.hex(bytes), nil)) }
      do throws(FairAuditError) {
        return .success(("", try reader.read(bytes: bytes, path: configuration.inputPath)))
      } catch { return .failure(error) }
    }
    let sha = try pieces[0].get().0
    guard let csv = try pieces[1].get().1 else { preconditionFailure("piece 1 parses") }
    let table = DataTable(
      csv: csv, path: configuration.inputPath, missingMarkers: configuration.missingMarkers, decimal: configuration.decimal,
      parallel: configuration.parallel)
    return (table, sha)
  }

  /// Separation, models left out, and fits that stopped short, in fitting order.
  static func fitWarnings(_ suite: ModelSuite) -> [AuditWarning] {
    let separation: [AuditWarning] =
      suite.separation.isEmpty ? [] : [.separation(columns: suite.separation, ridge: suite.problem.fixedEffectRidge)]
    let failed: [AuditWarning] = suite.failures.map {
      .model(name: $0.kind.label, detail: "could not be fitted and is left out (\($0.error.message))")
    }
    return separation + failed + modelWarnings(suite.models)
  }

  static func stopText(_ reason: FitSummary.StopReason) -> String {
    switch reason {
    case .varianceTolerance: return "the variance changed less than the tolerance"
    case .coefficientTolerance: return "the coefficients changed less than the tolerance"
    case .bicMinimum: return "no new BIC minimum for many steps"
    case .stepLimit: return "step limit reached"
    case .noDescent: return "no step decreased the objective"
    }
  }

  /// A fit that stopped short of its convergence criteria is reported, never passed off as converged.
  static func modelWarnings(_ models: [FittedModel]) -> [AuditWarning] {
    models.compactMap { m in
      let why: String
      switch m.summary.termination {
      case .converged: return nil
      case .maxIterations: why = "iteration limit reached"
      case .stepHalvingFailed: why = "no step improved the objective"
      case .singular: why = "singular Hessian"
      case .earlyStopped: why = "stopped early at a point that is not stationary" + (m.summary.stopReason.map { ", \(stopText($0))" } ?? "")
      }
      return .model(
        name: m.kind.label,
        detail:
          "stopped without converging (\(why), max |gradient| \(NumberFormat.scientific(m.summary.gradientNorm))); read its results with care"
      )
    }
  }

  /// Sentences for the report saying which model families were not fitted, and how to enable them.
  static func skippedModels(frame: ModelFrame, selection: ClusterSelection?, requested: String?) -> [String] {
    var skipped: [String] = []
    if frame.clusterName == nil {
      if selection != nil {
        skipped.append(
          "--cluster auto found no categorical column whose random intercept improves BIC over LR, so the mixed models were not fitted.")
      } else if let requested {
        skipped.append("The mixed models were not fitted: the cluster column \"\(requested)\" has a single level in the rows used.")
      } else {
        skipped.append(
          "Mixed models (GLMM, CRLR, Fair CRLR, Fair GLMM) need a grouping column: run with --cluster COLUMN or --cluster auto.")
      }
    }
    if frame.sensitive.isEmpty {
      skipped.append("Fair models (Fair LR, Fair CRLR, Fair GLMM) need at least one sensitive feature: run with --sensitive.")
    }
    return skipped
  }

  static func evaluate(_ model: FittedModel, frame: ModelFrame, design: DesignMatrix, split: TrainTestSplit) -> ModelEvaluation {
    let clusters = model.kind.usesClusters ? frame.clusterCodes : []
    let eta = model.linearPredictor(design.matrix, clusters: clusters)
    let sizes = model.randomIntercepts?.sizes ?? []
    let unseen = sizes.isEmpty ? 0 : split.test.filter { sizes[frame.clusterCodes[$0]] == 0 }.count
    return ModelEvaluation(
      model: model, training: FairnessAssessment(frame: frame, eta: eta, rows: split.training),
      test: FairnessAssessment(frame: frame, eta: eta, rows: split.test), unseenClusterRows: unseen)
  }

  /// Each sensitive group must have training rows, or no model can be assessed for it; a grouping
  /// factor needs at least two levels with training rows.
  static func checkSplit(frame: ModelFrame, split: TrainTestSplit) throws(FairAuditError) {
    if let cluster = frame.clusterName, Set(split.training.map { frame.clusterCodes[$0] }).count < 2 {
      throw .constantColumn(name: cluster)
    }
    for (k, feature) in frame.sensitive.enumerated() {
      let z = frame.z(k)
      let ones = split.training.filter { z[$0] == 1 }.count
      if ones == 0 { throw .emptyGroup(feature: feature.name, group: feature.protectedLabel + " (training rows)") }
      if ones == split.training.count { throw .emptyGroup(feature: feature.name, group: feature.otherLabel + " (training rows)") }
    }
  }
}
