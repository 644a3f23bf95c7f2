/// The JSON summary (`--json`) as a typed, versioned document: `AuditSummary` writes it, and
/// `--baseline` reads a previous run's file back into it. The `CodingKeys` below are the JSON keys
/// (schema in docs/cli.md, version policy there too).
///
/// Every floating-point field is optional: JSON has no NaN or infinity, so a value that is not
/// finite is written as `null` and reads back as nil. A nil optional is written as `null` as well
/// (the key stays present), except where a type says otherwise in its own `encode(to:)`.
public struct AuditSummaryDocument: Codable, Equatable, Sendable {
  public var schemaVersion: String
  public var tool: Tool
  public var input: Input
  public var configuration: Configuration
  public var models: [Model]
  /// Sentences saying which models were not fitted and why.
  public var skipped: [String]
  /// Nil in summaries written before warnings were added (schema 1.0 files of older builds).
  public var warnings: [Warning]?
  public var gate: Gate
  public var clusterSelection: ClusterSelection?
  public var sweeps: Sweeps?
  public var baseline: Baseline?

  enum CodingKeys: String, CodingKey {
    case schemaVersion = "schema_version"
    case tool, input, configuration, models, skipped, warnings, gate
    case clusterSelection = "cluster_selection"
    case sweeps, baseline
  }

  public struct Tool: Codable, Equatable, Sendable {
    public var name: String
    public var version: String
  }

  public struct Input: Codable, Equatable, Sendable {
    public enum EvaluationSet: String, Codable, Sendable {
      /// The hold-out rows.
      case test
      /// All rows (`--test-fraction 0`).
      case all
    }

    /// Base name of the input file, never a path.
    public var file: String
    public var sha256: String
    public var rows: Int
    public var columns: Int
    public var rowsUsed: Int
    /// Rows dropped for a missing value, per column.
    public var rowsDroppedMissing: [String: Int]
    public var trainingRows: Int
    public var evaluationRows: Int
    public var evaluationSet: EvaluationSet

    enum CodingKeys: String, CodingKey {
      case file, sha256, rows, columns
      case rowsUsed = "rows_used"
      case rowsDroppedMissing = "rows_dropped_missing"
      case trainingRows = "training_rows"
      case evaluationRows = "evaluation_rows"
      case evaluationSet = "evaluation_set"
    }
  }

  public struct Configuration: Codable, Equatable, Sendable {
    public var target: String
    public var positiveLabel: String
    public var sensitive: [SensitiveFeature]
    public var cluster: String?
    /// Design column names.
    public var covariates: [String]
    public var testFraction: Double?
    /// The seed as a decimal string (a UInt64 does not fit every JSON reader's numbers).
    public var seed: String
    public var crlrLambda: Double?
    public var nAGQ: Int
    public var covarianceBound: [Double?]
    public var rho: Double?
    public var boosting: Boosting
    public var maxIterations: Int
    /// How scores became decisions (schema 1.3; nil in earlier files).
    public var decisionRule: DecisionRuleRecord? = nil
    /// The deployed model audited from its scores or decisions (schema 1.3; absent without one).
    public var external: External? = nil

    enum CodingKeys: String, CodingKey {
      case decisionRule = "decision_rule"
      case external
      case target
      case positiveLabel = "positive_label"
      case sensitive, cluster, covariates
      case testFraction = "test_fraction"
      case seed
      case crlrLambda = "crlr_lambda"
      case nAGQ = "nagq"
      case covarianceBound = "covariance_bound"
      case rho, boosting
      case maxIterations = "max_iterations"
    }

    /// Written by hand only to leave out `decision_rule` and `external` when absent, so that a file
    /// of an earlier minor version re-encodes to its own bytes.
    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(target, forKey: .target)
      try c.encode(positiveLabel, forKey: .positiveLabel)
      try c.encode(sensitive, forKey: .sensitive)
      try c.encode(cluster, forKey: .cluster)
      try c.encode(covariates, forKey: .covariates)
      try c.encode(testFraction, forKey: .testFraction)
      try c.encode(seed, forKey: .seed)
      try c.encode(crlrLambda, forKey: .crlrLambda)
      try c.encode(nAGQ, forKey: .nAGQ)
      try c.encode(covarianceBound, forKey: .covarianceBound)
      try c.encode(rho, forKey: .rho)
      try c.encode(boosting, forKey: .boosting)
      try c.encode(maxIterations, forKey: .maxIterations)
      if let decisionRule { try c.encode(decisionRule, forKey: .decisionRule) }
      if let external { try c.encode(external, forKey: .external) }
    }
  }

  /// `{"rule": "threshold" | "selection_rate", "value": T or R}`.
  public struct DecisionRuleRecord: Codable, Equatable, Sendable {
    public var rule: String
    public var value: Double?
  }

  /// The external model's name (its `label` in `models`) and columns.
  public struct External: Codable, Equatable, Sendable {
    public var name: String
    public var scoreColumn: String?
    public var decisionColumn: String?
    /// Whether every score lies in [0, 1] and is read as a probability.
    public var scoresAreProbabilities: Bool

    enum CodingKeys: String, CodingKey {
      case name
      case scoreColumn = "score_column"
      case decisionColumn = "decision_column"
      case scoresAreProbabilities = "scores_are_probabilities"
    }
  }

  public struct SensitiveFeature: Codable, Equatable, Sendable {
    public var name: String
    public var protectedGroup: String
    public var referenceGroup: String

    enum CodingKeys: String, CodingKey {
      case name
      case protectedGroup = "protected_group"
      case referenceGroup = "reference_group"
    }
  }

  public struct Boosting: Codable, Equatable, Sendable {
    public var nu: Double?
    public var maxSteps: Int
    public var tolerance: Double?
    public var traceProbes: Int

    enum CodingKeys: String, CodingKey {
      case nu
      case maxSteps = "max_steps"
      case tolerance
      case traceProbes = "trace_probes"
    }
  }

  public struct Warning: Codable, Equatable, Sendable {
    /// One of the codes listed in docs/cli.md (e.g. `separation`).
    public var code: String
    public var message: String
  }
}

// MARK: - Models

extension AuditSummaryDocument {
  public struct Model: Codable, Equatable, Sendable {
    public var kind: ModelKind
    /// The paper's short name (`LR`, `Fair LR`, ...).
    public var label: String
    public var coefficients: [Coefficient]
    public var logLikelihood: Double?
    public var aic: Double?
    public var bic: Double?
    public var deviance: Double?
    public var parameters: Int
    public var observations: Int
    public var objective: Double?
    public var iterations: Int
    public var gradientNorm: Double?
    public var termination: FitSummary.Termination
    public var converged: Bool
    public var notes: [String]
    public var settings: ModelSettings
    /// Only for models with cluster intercepts; the key is left out otherwise.
    public var randomIntercepts: RandomIntercepts?
    /// Only for the constrained models; the key is left out when there are none.
    public var constraints: [Constraint]?
    /// The optimiser's record (Newton-type fits); the key is left out when there is none.
    public var fitLog: FitLogRecord?
    /// Why the boosting Fair GLMM stopped (schema 1.3); the key is left out for the other models.
    public var stopReason: FitSummary.StopReason? = nil
    /// The max-abs gradient at which the boosting Fair GLMM counts as converged (schema 1.3).
    public var gradientTolerance: Double? = nil
    /// KKT residuals of the constrained fits (schema 1.3); the key is left out for the others.
    public var kktResiduals: KKT? = nil
    public var training: Assessment
    public var evaluation: Assessment
    public var unseenClusterRows: Int
    /// AUC, Brier, calibration-in-the-large and reliability bins by group on the evaluation rows
    /// (schema 1.3; nil in earlier files).
    public var scoreViews: [ScoreView]? = nil

    enum CodingKeys: String, CodingKey {
      case scoreViews = "score_views"
      case kind, label, coefficients
      case logLikelihood = "log_likelihood"
      case aic, bic, deviance, parameters, observations, objective, iterations
      case gradientNorm = "gradient_norm"
      case termination, converged, notes, settings
      case randomIntercepts = "random_intercepts"
      case constraints, training, evaluation
      case fitLog = "fit_log"
      case unseenClusterRows = "unseen_cluster_rows"
      case stopReason = "stop_reason"
      case gradientTolerance = "gradient_tolerance"
      case kktResiduals = "kkt_residuals"
    }

    /// Written by hand only to leave out `random_intercepts` and `constraints` when absent.
    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(kind, forKey: .kind)
      try c.encode(label, forKey: .label)
      try c.encode(coefficients, forKey: .coefficients)
      try c.encode(logLikelihood, forKey: .logLikelihood)
      try c.encode(aic, forKey: .aic)
      try c.encode(bic, forKey: .bic)
      try c.encode(deviance, forKey: .deviance)
      try c.encode(parameters, forKey: .parameters)
      try c.encode(observations, forKey: .observations)
      try c.encode(objective, forKey: .objective)
      try c.encode(iterations, forKey: .iterations)
      try c.encode(gradientNorm, forKey: .gradientNorm)
      try c.encode(termination, forKey: .termination)
      try c.encode(converged, forKey: .converged)
      try c.encode(notes, forKey: .notes)
      try c.encode(settings, forKey: .settings)
      if let randomIntercepts { try c.encode(randomIntercepts, forKey: .randomIntercepts) }
      if let constraints, !constraints.isEmpty { try c.encode(constraints, forKey: .constraints) }
      if let fitLog { try c.encode(fitLog, forKey: .fitLog) }
      if let stopReason { try c.encode(stopReason, forKey: .stopReason) }
      if let gradientTolerance { try c.encode(gradientTolerance, forKey: .gradientTolerance) }
      if let kktResiduals { try c.encode(kktResiduals, forKey: .kktResiduals) }
      try c.encode(training, forKey: .training)
      try c.encode(evaluation, forKey: .evaluation)
      try c.encode(unseenClusterRows, forKey: .unseenClusterRows)
      if let scoreViews { try c.encode(scoreViews, forKey: .scoreViews) }
    }
  }

  /// `GroupScoreView` in the JSON.
  public struct ScoreView: Codable, Equatable, Sendable {
    public var feature: String
    public var group: String
    public var n: Int
    public var auc: Double?
    public var brier: Double?
    public var calibrationInTheLarge: Double?
    public var bins: [ScoreBin]

    enum CodingKeys: String, CodingKey {
      case feature, group, n, auc, brier, bins
      case calibrationInTheLarge = "calibration_in_the_large"
    }
  }

  public struct ScoreBin: Codable, Equatable, Sendable {
    public var lower: Double
    public var upper: Double
    public var n: Int
    public var meanProbability: Double?
    public var observedRate: Double?

    enum CodingKeys: String, CodingKey {
      case lower, upper, n
      case meanProbability = "mean_probability"
      case observedRate = "observed_rate"
    }
  }

  /// `KKTResiduals` in the JSON (null for a value that is not finite).
  public struct KKT: Codable, Equatable, Sendable {
    public var stationarity: Double?
    public var primalFeasibility: Double?
    public var dualFeasibility: Double?
    public var complementarySlackness: Double?

    enum CodingKeys: String, CodingKey {
      case stationarity
      case primalFeasibility = "primal_feasibility"
      case dualFeasibility = "dual_feasibility"
      case complementarySlackness = "complementary_slackness"
    }

    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(stationarity, forKey: .stationarity)
      try c.encode(primalFeasibility, forKey: .primalFeasibility)
      try c.encode(dualFeasibility, forKey: .dualFeasibility)
      try c.encode(complementarySlackness, forKey: .complementarySlackness)
    }
  }

  /// `FitLog` in the JSON: method, tolerance, objective evaluations, and per iteration the
  /// minimised objective, the max-abs gradient and the step length taken.
  public struct FitLogRecord: Codable, Equatable, Sendable {
    public var method: String
    public var tolerance: Double?
    public var evaluations: Int
    public var iterations: [Iteration]

    public struct Iteration: Codable, Equatable, Sendable {
      public var objective: Double?
      public var gradientNorm: Double?
      public var step: Double?

      enum CodingKeys: String, CodingKey {
        case objective
        case gradientNorm = "gradient_norm"
        case step
      }
    }
  }

  public struct Coefficient: Codable, Equatable, Sendable {
    public var name: String
    public var estimate: Double?
    public var se: Double?
    public var z: Double?
    public var p: Double?
    public var estimatePerUnit: Double?

    enum CodingKeys: String, CodingKey {
      case name, estimate, se, z, p
      case estimatePerUnit = "estimate_per_unit"
    }
  }

  public struct RandomIntercepts: Codable, Equatable, Sendable {
    public var grouping: String
    public var variance: Double?
    public var sigma: Double?
    public var icc: Double?
    public var levels: [Level]

    public struct Level: Codable, Equatable, Sendable {
      public var level: String
      public var mode: Double?
      public var conditionalSD: Double?
      public var trainingRows: Int

      enum CodingKeys: String, CodingKey {
        case level, mode
        case conditionalSD = "conditional_sd"
        case trainingRows = "training_rows"
      }
    }
  }

  public struct Constraint: Codable, Equatable, Sendable {
    public var feature: String
    public var covariance: Double?
    public var bound: Double?
    public var multiplierUpper: Double?
    public var multiplierLower: Double?
    public var shadowPrice: Double?
    public var active: Bool

    enum CodingKeys: String, CodingKey {
      case feature, covariance, bound
      case multiplierUpper = "multiplier_upper"
      case multiplierLower = "multiplier_lower"
      case shadowPrice = "shadow_price"
      case active
    }
  }
}

// MARK: - Performance and fairness

extension AuditSummaryDocument {
  /// Performance and fairness of one model on the training or the evaluation rows.
  public struct Assessment: Codable, Equatable, Sendable {
    public var performance: Performance
    public var features: [Feature]
    public var intersections: [Intersection]
  }

  public struct Performance: Codable, Equatable, Sendable {
    public var n: Int
    public var accuracy: Double?
    public var balancedAccuracy: Double?
    public var auc: Double?
    public var logLoss: Double?
    public var brier: Double?

    enum CodingKeys: String, CodingKey {
      case n, accuracy
      case balancedAccuracy = "balanced_accuracy"
      case auc
      case logLoss = "log_loss"
      case brier
    }
  }

  /// The disparity measures of one sensitive feature.
  public struct Feature: Codable, Equatable, Sendable {
    public var feature: String
    /// The protected group, then the reference group.
    public var groups: [Group]
    public var impactRatio: Double?
    /// 100 x the impact ratio.
    public var pRule: Double?
    /// [lower, upper].
    public var impactRatioCI95: [Double?]
    public var disparateImpact: Double?
    public var demographicParityDifference: Double?
    public var equalOpportunityDifference: Double?
    public var equalizedOddsDifference: Double?

    enum CodingKeys: String, CodingKey {
      case feature, groups
      case impactRatio = "impact_ratio"
      case pRule = "p_rule"
      case impactRatioCI95 = "impact_ratio_ci95"
      case disparateImpact = "disparate_impact"
      case demographicParityDifference = "demographic_parity_difference"
      case equalOpportunityDifference = "equal_opportunity_difference"
      case equalizedOddsDifference = "equalized_odds_difference"
    }
  }

  /// One group of a sensitive feature.
  public struct Group: Codable, Equatable, Sendable {
    public enum Role: String, Codable, Sendable {
      case `protected`
      case reference
    }

    public var role: Role
    public var group: String
    public var n: Int
    public var baseRate: Double?
    public var selectionRate: Double?
    /// [lower, upper].
    public var selectionRateCI95: [Double?]
    public var tpr: Double?
    public var fpr: Double?
    public var accuracy: Double?

    enum CodingKeys: String, CodingKey {
      case role, group, n
      case baseRate = "base_rate"
      case selectionRate = "selection_rate"
      case selectionRateCI95 = "selection_rate_ci95"
      case tpr, fpr, accuracy
    }
  }

  /// One intersection of the sensitive features' groups, with its impact ratio against the
  /// most favoured intersection.
  public struct Intersection: Codable, Equatable, Sendable {
    public var group: String
    public var n: Int
    public var baseRate: Double?
    public var selectionRate: Double?
    /// [lower, upper].
    public var selectionRateCI95: [Double?]
    public var tpr: Double?
    public var fpr: Double?
    public var accuracy: Double?
    public var impactRatio: Double?

    enum CodingKeys: String, CodingKey {
      case group, n
      case baseRate = "base_rate"
      case selectionRate = "selection_rate"
      case selectionRateCI95 = "selection_rate_ci95"
      case tpr, fpr, accuracy
      case impactRatio = "impact_ratio"
    }
  }
}

// MARK: - Gate, cluster selection, baseline (sweeps: AuditSummaryDocument+Sweeps.swift)

extension AuditSummaryDocument {
  public struct Gate: Codable, Equatable, Sendable {
    /// Label of the audited model.
    public var auditedModel: String
    public var passed: Bool
    public var exitCode: Int
    public var checks: [Check]

    enum CodingKeys: String, CodingKey {
      case auditedModel = "audited_model"
      case passed
      case exitCode = "exit_code"
      case checks
    }
  }

  public struct Check: Codable, Equatable, Sendable {
    public var criterion: String
    public var subject: String
    public var value: Double?
    public var limit: Double?
    public var passed: Bool
  }

  public struct ClusterSelection: Codable, Equatable, Sendable {
    public var chosen: String?
    public var candidates: [Candidate]

    public struct Candidate: Codable, Equatable, Sendable {
      public var column: String
      public var levels: Int
      public var variance: Double?
      public var icc: Double?
      public var bicImprovement: Double?

      enum CodingKeys: String, CodingKey {
        case column, levels, variance, icc
        case bicImprovement = "bic_improvement"
      }
    }
  }

  /// The trade-off paths over rho (penalised models) and over the bound c (constrained models).
  public struct Baseline: Codable, Equatable, Sendable {
    /// Base name of the baseline JSON file.
    public var file: String
    /// SHA-256 of the baseline run's input.
    public var sha256: String
    public var changes: [Change]
  }

  public struct Change: Codable, Equatable, Sendable {
    /// `BaselineMetric.label`, e.g. `DI housing`.
    public var metric: String
    public var baseline: Double?
    public var current: Double?
    public var change: Double?
  }
}
