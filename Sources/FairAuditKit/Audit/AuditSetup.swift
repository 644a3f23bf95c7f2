/// The set-up step shared by the audit and `--cluster auto`: used rows, split, design matrix
/// (scaled on the training rows) and the training problem.
struct AuditSetup {
  let frame: ModelFrame
  let split: TrainTestSplit
  let design: DesignMatrix
  let problem: ModelProblem

  /// - Throws: `FairAuditError` for bad roles, empty groups or a constant covariate.
  init(table: DataTable, roles: ModelRoles, configuration: AuditConfiguration) throws(FairAuditError) {
    configuration.progress?("choosing the rows and covariates")
    frame = try ModelFrame(table: table, roles: roles)
    split = TrainTestSplit(frame: frame, fraction: configuration.testFraction, seed: configuration.seed)
    try AuditPipeline.checkSplit(frame: frame, split: split)
    try MemoryBudget(frame: frame).check(limit: configuration.memoryLimit)
    configuration.progress?("building the design matrix on \(frame.rows.count) rows")
    design = try DesignMatrix(frame: frame, trainingRows: split.training, parallel: configuration.parallel)
    problem = ModelProblem(frame: frame, design: design, rows: split.training)
  }
}
