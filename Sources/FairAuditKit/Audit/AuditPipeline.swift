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
    let hasExternal = !configuration.roles.externalColumns.isEmpty
    if hasExternal { configuration.auditedModel = .external(name: configuration.externalModelName) }
    let kind = configuration.auditedModel
    if kind.isExternal && !hasExternal {
      throw .invalidOption(option: "--audited-model", reason: "the external model needs --score or --decision")
    }
    if !kind.isExternal && !configuration.models.contains(where: { $0.kind == kind }) {
      throw .invalidOption(option: "--models", reason: "the audited model \(kind.optionName) is not among the models to fit")
    }
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
    let rule = configuration.decisionRule
    progress?("evaluating \(suite.models.count + (hasExternal ? 1 : 0)) models")
    let external =
      hasExternal
      ? try ExternalModel(frame: frame, roles: roles, name: configuration.externalModelName, rule: rule) : nil
    let externalEvaluations = external.map { x in
      [evaluate(x.model(trainingRows: split.training, y: frame.y), scores: x.scores, frame: frame, split: split, rule: rule)]
    }
    // One model per piece (results in model order, so the bytes never depend on the threads);
    // each keeps its scores without the probabilities, which are recomputed from eta when read.
    let fitted = configuration.parallel.map(suite.models.count) { k in
      withScoreViews(evaluate(suite.models[k], frame: frame, design: design, split: split, rule: rule), frame: frame, rows: split.test)
    }
    let evaluations = (externalEvaluations ?? []).map { withScoreViews($0, frame: frame, rows: split.test) } + fitted
    guard let audited = evaluations.first(where: { $0.model.kind == kind }) else {
      throw .invalidOption(option: "--audited-model", reason: "\(kind.label) was not fitted in this run")
    }
    let baseline = baselineDocument.map {
      BaselineComparison(file: $0.file, document: $0.document, current: evaluations, audited: audited)
    }
    // The sweeps start from LR; without it (`--models` leaves it out) there are none.
    var skipped = skippedModels(frame: frame, selection: selection, requested: roles.cluster)
    if suite.models.first?.kind != .logisticRegression {
      if configuration.sweep && !frame.sensitive.isEmpty {
        skipped.append("The trade-off sweeps and shadow-price paths start from LR, which --models leaves out, so they were not computed.")
      }
      configuration.sweep = false
    }
    if configuration.sweep && !frame.sensitive.isEmpty { progress?("trade-off sweeps over rho and c (--no-sweep skips them)") }
    let sweep =
      configuration.sweep && !frame.sensitive.isEmpty
      ? try TradeoffSweep(problem: suite.problem, configuration: configuration, models: suite.models) { model in
        // Only the evaluation rows: a sweep point is judged where the audited model is, and its
        // linear predictor is computed there only.
        FairnessAssessment(
          frame: frame, scores: ModelScores(eta: linearPredictor(model, frame: frame, design: design, rows: split.test)), rule: rule,
          rows: split.test)
      } : nil
    if let sweep { progress?("trade-off sweeps done: \(sweep.points.count) sweep points fitted") }
    return AuditResult(
      configuration: configuration, inputSHA256: inputSHA256, table: table, frame: frame, split: split, design: design,
      evaluations: evaluations, checks: ThresholdGate.check(configuration.thresholds, evaluation: audited, baseline: baseline),
      skipped: skipped, clusterSelection: selection,
      sweep: sweep,
      tradeoff: sweep.map {
        TradeoffAnalysis(
          sweep: $0, thresholds: configuration.thresholds, evaluations: evaluations, problem: suite.problem)
      }, baseline: baseline,
      warnings: table.warnings + frame.warnings + design.warnings + fitWarnings(suite) + sweepWarnings(sweep, features: frame),
      bootstrap: bootstrap(audited, configuration: configuration, frame: frame, split: split))
  }

  /// The `--bootstrap` intervals of the audited model on the evaluation rows (nil for 0 replicates),
  /// from the decisions its fairness tables use (fitted or external model, under the decision rule).
  static func bootstrap(
    _ audited: ModelEvaluation, configuration c: AuditConfiguration, frame: ModelFrame, split: TrainTestSplit
  ) -> FairnessBootstrap? {
    guard c.bootstrap > 0, !frame.sensitive.isEmpty, let scores = audited.scores else { return nil }
    c.progress?("bootstrap: \(c.bootstrap) replicates of the group metrics of \(audited.model.kind.label)")
    let yhat = scores.decisions(c.decisionRule, rows: split.test)
    return FairnessBootstrap(frame: frame, decisions: yhat, rows: split.test, replicates: c.bootstrap, seed: c.seed, parallel: c.parallel)
  }

  /// The typed table and the SHA-256 of the input's bytes. The bytes and the raw text columns are
  /// locals here, so they are freed before the design matrix is built.
  static func readTable(_ configuration: AuditConfiguration) throws(FairAuditError) -> (DataTable, String) {
    // The file's bytes live only inside `parseAndHash`: freed before the columns are typed.
    let (csv, sha) = try parseAndHash(configuration)
    configuration.progress?("typing \(csv.header.count) columns of \(csv.rowCount) rows")
    let table = DataTable(
      csv: csv, path: configuration.inputPath, missingMarkers: configuration.missingMarkers, decimal: configuration.decimal,
      parallel: configuration.parallel)
    return (table, sha)
  }

  /// The raw text columns and the SHA-256 of the input's bytes: piece 0 hashes while piece 1 parses.
  static func parseAndHash(_ configuration: AuditConfiguration) throws(FairAuditError) -> (CSVTable, String) {
    let reader = CSVReader(delimiter: configuration.delimiter, encoding: configuration.encoding)
    let bytes = try reader.bytes(path: configuration.inputPath)
    let pieces = configuration.parallel.map(2) { (piece: Int) -> Result<(String, CSVTable?), FairAuditError> in
      if piece == 0 { return .success((SHA256.hex(bytes), nil)) }
      do throws(FairAuditError) {
        return .success(("", try reader.read(bytes: bytes, path: configuration.inputPath)))
      } catch { return .failure(error) }
    }
    let sha = try pieces[0].get().0
    guard let csv = try pieces[1].get().1 else { preconditionFailure("piece 1 parses") }
    return (csv, sha)
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

  /// Shadow prices that their finite-difference check does not confirm.
  static func sweepWarnings(_ sweep: TradeoffSweep?, features frame: ModelFrame) -> [AuditWarning] {
    (sweep?.checks ?? []).filter { !$0.agrees }.map {
      .shadowPriceCheck(
        model: $0.kind.label, feature: frame.sensitive[$0.feature].name, multiplier: $0.multiplier,
        finiteDifference: $0.finiteDifference)
    }
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

  /// The threshold-free views by group on `rows`; the scores are then kept without their
  /// probabilities (recomputed from eta, the same bits, when read).
  static func withScoreViews(_ evaluation: ModelEvaluation, frame: ModelFrame, rows: [Int]) -> ModelEvaluation {
    guard let scores = evaluation.scores else { return evaluation }
    var e = evaluation
    e.scoreViews = GroupScoreView.views(frame: frame, scores: scores, rows: rows)
    e.scores = scores.lean()
    return e
  }

  static func linearPredictor(_ model: FittedModel, frame: ModelFrame, design: DesignMatrix) -> [Double] {
    model.linearPredictor(design.matrix, clusters: model.kind.usesClusters ? frame.clusterCodes : [])
  }

  /// The linear predictor on the listed rows (the same per-row values as on all rows), 0 elsewhere.
  static func linearPredictor(_ model: FittedModel, frame: ModelFrame, design: DesignMatrix, rows: [Int]) -> [Double] {
    let clusters = model.kind.usesClusters ? rows.map { frame.clusterCodes[$0] } : []
    let part = model.linearPredictor(design.matrix.selecting(rows: rows), clusters: clusters)
    var eta = [Double](repeating: 0, count: design.matrix.rows)
    for (k, i) in rows.enumerated() { eta[i] = part[k] }
    return eta
  }

  static func evaluate(
    _ model: FittedModel, frame: ModelFrame, design: DesignMatrix, split: TrainTestSplit, rule: DecisionRule = .standard
  ) -> ModelEvaluation {
    let eta = linearPredictor(model, frame: frame, design: design)
    let sizes = model.randomIntercepts?.sizes ?? []
    let unseen = sizes.isEmpty ? 0 : split.test.filter { sizes[frame.clusterCodes[$0]] == 0 }.count
    return evaluate(model, scores: ModelScores(eta: eta), frame: frame, split: split, rule: rule, unseenClusterRows: unseen)
  }

  /// Training and evaluation assessments of a model's scores under the decision rule.
  static func evaluate(
    _ model: FittedModel, scores: ModelScores, frame: ModelFrame, split: TrainTestSplit, rule: DecisionRule, unseenClusterRows: Int = 0
  ) -> ModelEvaluation {
    let training = FairnessAssessment(frame: frame, scores: scores, rule: rule, rows: split.training)
    // With --test-fraction 0 both sets are all rows: the assessment is the same value.
    let test = split.training == split.test ? training : FairnessAssessment(frame: frame, scores: scores, rule: rule, rows: split.test)
    return ModelEvaluation(model: model, training: training, test: test, unseenClusterRows: unseenClusterRows, scores: scores)
  }

  /// Whether `codes` take at least two values on `rows` (no set of codes: stops at the second).
  static func hasTwoLevels(_ codes: [Int], rows: [Int]) -> Bool {
    guard let first = rows.first else { return false }
    return rows.contains { codes[$0] != codes[first] }
  }

  /// Each sensitive group must have training rows, or no model can be assessed for it; a grouping
  /// factor needs at least two levels with training rows.
  static func checkSplit(frame: ModelFrame, split: TrainTestSplit) throws(FairAuditError) {
    if let cluster = frame.clusterName, !hasTwoLevels(frame.clusterCodes, rows: split.training) {
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
