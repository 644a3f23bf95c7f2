/// Everything that defines one audit run; echoed in the report and JSON so a run can be repeated.
public struct AuditConfiguration: Sendable {
  public var inputPath: String
  public var delimiter: UInt8?
  public var missingMarkers: Set<String> = DataTable.defaultMissingMarkers
  /// Character encoding of the input (`--encoding`).
  public var encoding = TextEncoding.auto
  /// Decimal mark of numbers (`--decimal`).
  public var decimal = DecimalMark.auto
  public var roles = ModelRoles()
  /// `--sensitive` values as given (comma lists, repeatable); `AuditPipeline` resolves them
  /// against the header into `roles.sensitive`, so column names with commas or `<` work.
  public var sensitiveArguments: [String] = []
  public var testFraction = 0.3
  public var seed: UInt64 = 42
  public var thresholds = Thresholds()
  /// Ridge weight of CRLR on the cluster intercepts (authors' code: 1).
  public var crlrLambda = 1.0
  /// Newton iteration limit of LR, CRLR and the GLMM (twice this for the constrained fits).
  public var maxIterations = 100
  /// Quadrature nodes for the GLMM (1 = Laplace).
  public var nAGQ = 1
  /// Covariance bound c of Fair LR / Fair CRLR, one per sensitive feature (or one for all).
  public var covarianceBound: [Double] = [0.1]
  /// Explicit penalty weight rho of the Fair GLMM and the penalised fair variants (`--rho`); nil
  /// applies the default rule rho = rhoScale / N (see `penalty(rows:)`).
  public var rho: Double? = nil
  /// rho_0 of the default rule rho = rho_0 / N. The penalty is (rho/2) sum_k (N g_k)^2, so with this
  /// rule it is (rho_0/2) N sum_k g_k^2: like the summed log-likelihood it grows as N, and its
  /// curvature along a_k (rho a_k a_k', entries of order rho_0 N cov(z_k, x)^2) stays commensurate
  /// with X'WX (order N/4), whatever the number of rows. 10 is the middle of the sweep grid.
  public var rhoScale = 10.0
  /// Step length, step limit, tolerance and trace probes of the Fair GLMM boosting.
  public var boosting = FairGLMMBoosting.Options()
  /// rho values of the trade-off sweep.
  public var rhoGrid: [Double] = []
  /// c values of the constraint-bound sweep.
  public var boundGrid: [Double] = []
  /// Called with a short description of each step of a run (reading, each fit, the sweeps);
  /// the CLI prints it on a terminal or with `--progress`. Never affects results.
  public var progress: (@Sendable (String) -> Void)? = nil
  /// The models to fit, in order (docs/architecture.md, "Adding a model").
  public var models: [any ModelFitter] = ModelCatalog.standard
  /// The model whose predictions the fairness tables and thresholds assess.
  public var auditedModel: ModelKind = .logisticRegression
  /// How scores become decisions, for every model alike (`--threshold`, `--selection-rate`).
  public var decisionRule = DecisionRule.standard
  /// Name of the external model (`--model-name`), audited when `roles.score` or `roles.decision` is set.
  public var externalModelName = "External"
  /// A previous run's JSON summary to compare with (`--baseline`).
  public var baselinePath: String?
  /// Whether to compute the trade-off sweeps.
  public var sweep = true
  /// Bootstrap replicates of the audited model's group metrics (`--bootstrap`); 0 skips them.
  public var bootstrap = 0
  /// What the audited model is for, shown in the report's scope section (`--intended-use`).
  public var intendedUse: String? = nil
  /// The `--config` file's settings, for the report's provenance (nil without one).
  public var configFile: ConfigProvenance? = nil
  /// Points of the default rho and c grids (`--sweep-points`); nil: `SweepGrid` defaults (25, 15).
  public var sweepPoints: Int? = nil
  /// Threads for independent fits, sweep points, resamples and row-block kernels (`--threads`).
  /// Never changes a result: see `ParallelWork`.
  public var parallel = ParallelWork(threads: ParallelWork.availableCores)
  /// Bytes the audit may plan for (`--max-memory`), besides the memory available (`MemoryBudget`).
  public var memoryLimit: Int?

  public init(inputPath: String) { self.inputPath = inputPath }

  /// Checks what depends on the resolved sensitive features: one bound, or one per feature.
  /// - Throws: `.invalidOption`.
  public func validate(sensitiveCount: Int) throws(FairAuditError) {
    guard covarianceBound.count == 1 || covarianceBound.count == sensitiveCount else {
      throw .invalidOption(option: "--c", reason: "give one bound or one per sensitive feature (\(sensitiveCount))")
    }
  }

  /// The penalty rho used for N training rows: the explicit `rho`, or rhoScale / N.
  public func penalty(rows n: Int) -> Double {
    rho ?? rhoScale / Double(max(n, 1))
  }

  /// c_k for sensitive feature k.
  public func bound(for k: Int) -> Double {
    covarianceBound.count == 1 ? covarianceBound[0] : covarianceBound[k]
  }
}
