/// Everything the report and the JSON summary need from one audit run.
public struct AuditResult: Sendable {
  public let configuration: AuditConfiguration
  public let inputSHA256: String
  public let table: DataTable
  public let frame: ModelFrame
  public let split: TrainTestSplit
  public let design: DesignMatrix
  public let evaluations: [ModelEvaluation]
  public let checks: [ThresholdCheck]
  /// Why some models were not fitted (e.g. no cluster column), for the report.
  public let skipped: [String]
  /// Candidates considered by `--cluster auto` (nil when the cluster was named or absent).
  public let clusterSelection: ClusterSelection?
  /// Trade-off paths over rho and c (nil without sensitive features or with `--no-sweep`).
  public let sweep: TradeoffSweep?
  /// Pareto front, recommended operating point and threshold costs read off the sweep.
  public let tradeoff: TradeoffAnalysis?
  /// Changes since `--baseline` (nil without one).
  public let baseline: BaselineComparison?
  /// What was repaired or left out while reading, screening, building the design and fitting.
  public let warnings: [AuditWarning]

  /// KKT residuals of the constrained fits (from their fit summaries).
  public var kktResiduals: [ModelKind: KKTResiduals] { FittedModel.kktResiduals(evaluations.map(\.model)) }

  public var breached: Bool { checks.contains { !$0.passed } }

  /// The model the report's fairness tables and the CI thresholds are about (`--audited-model`,
  /// LR by default: the scoring model as usually deployed).
  public var auditedModel: ModelEvaluation {
    evaluations.first { $0.model.kind == configuration.auditedModel } ?? evaluations[0]
  }

  /// Evaluation rows: the test rows, or all rows when `--test-fraction 0`.
  public var evaluationLabel: String { split.isFullData ? "all rows (no hold-out)" : "test rows" }
}
