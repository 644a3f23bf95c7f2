import FairAuditKit
import Foundation

// Prints `swift.<step> <seconds> [detail]` lines (median wall time of `repeats` runs) for the
// steps of an audit of bank-full; Benchmarks/run.sh puts them next to the Python and R references.

let arguments = CommandLine.arguments.dropFirst()
let path = arguments.first { !$0.hasPrefix("--") } ?? "Examples/bank/bank-full.csv"
let repeats = arguments.first { $0.hasPrefix("--repeats=") }.flatMap { Int($0.dropFirst(10)) } ?? 5

func median(_ f: () throws -> Void) rethrows -> Double {
  var times: [Double] = []
  for _ in 0..<repeats {
    let start = DispatchTime.now().uptimeNanoseconds
    try f()
    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
  }
  return times.sorted()[times.count / 2]
}

func emit(_ step: String, _ seconds: Double, _ detail: String = "") {
  print("swift.\(step) \(String(format: "%.6f", seconds))\(detail.isEmpty ? "" : " " + detail)")

}

func configuration(cluster: String?, sweep: Bool = false) throws -> AuditConfiguration {
  var c = AuditConfiguration(inputPath: path)
  c.sweep = sweep
  c.roles.sensitive = [try SensitiveFeatureSpec(parsing: "housing"), try SensitiveFeatureSpec(parsing: "loan")]
  c.roles.cluster = cluster
  c.testFraction = 0
  return c
}

/// `--only=constrained-glmm`: the GLMM (Laplace) and the constrained GLMM on bank-full with (1 | job)
/// and both constraints active (c = 0.05 for housing and loan), for Benchmarks/constrained_glmm.sh.
func constrainedGLMMOnly() throws {
  let clustered = try AuditPipeline.run(try configuration(cluster: "job"))
  let problem = ModelProblem(frame: clustered.frame, design: clustered.design, rows: Array(clustered.frame.rows.indices))
  let start = try PenalizedLogisticFit.fit(problem, kind: .logisticRegression).beta
  var glmm: FittedModel? = nil
  emit(
    "glmm_nagq1", try median { glmm = try LogisticGLMMFit.fit(problem, start: start) },
    "loglik=\(String(format: "%.10f", glmm?.logLikelihood ?? .nan)) iterations=\(glmm?.summary.iterations ?? 0)")
  var fair: FittedModel? = nil
  var options = ConstrainedGLMMFit.Options()
  options.parallel = ParallelWork(threads: ParallelWork.availableCores)
  emit(
    "constrained_glmm", try median { fair = try ConstrainedGLMMFit.fit(problem, bounds: [0.05, 0.05], start: glmm!, options: options) },
    "loglik=\(String(format: "%.10f", fair?.logLikelihood ?? .nan)) iterations=\(fair?.summary.iterations ?? 0) "
      + "kkt_max=\(String(format: "%.2e", fair?.summary.kktResiduals?.maximum ?? .nan)) "
      + "shadow_prices=\(fair?.constraints.map { String(format: "%.4f", $0.shadowPrice) }.joined(separator: ",") ?? "")")
  emit(
    "glmm_plus_constrained",
    try median {
      _ = try ConstrainedGLMMFit.fit(
        problem, bounds: [0.05, 0.05], start: try LogisticGLMMFit.fit(problem, start: start), options: options)
    })
  var crlr: FittedModel? = nil
  let ridge = try PenalizedLogisticFit.fit(problem, kind: .clusterRegularizedLR)
  emit(
    "fair_crlr",
    try median {
      crlr = try ConstrainedLogisticFit.fit(problem, kind: .fairClusterRegularizedLR, bounds: [0.05, 0.05], unconstrained: ridge).0
    },
    "shadow_prices=\(crlr?.constraints.map { String(format: "%.4f", $0.shadowPrice) }.joined(separator: ",") ?? "")")
}

/// `--only=lr-family FILE`: the LR, Fair LR, CRLR and Fair CRLR fits on a `fairaudit simulate` file
/// (`--cluster stratum --sensitive housing,loan --target y`, all rows, c = 0.1 of |g| of LR), each
/// the median wall time of `repeats` fits on `--threads` (default 2), then the LR/CRLR sweep pieces
/// (penalty and bound paths, shadow-price checks) without the mixed models, for Benchmarks/kernels.sh.
func lrFamilyOnly() throws {
  /// Median wall time and the CPU seconds (user + system, all threads) of that run: other builds on
  /// the machine stretch the wall time, the CPU time much less.
  func timed(_ step: String, fit f: () throws -> Void, detail: () -> String) rethrows {
    func cpu() -> Double {
      var usage = rusage()
      getrusage(RUSAGE_SELF.rawValue, &usage)
      let t = [usage.ru_utime, usage.ru_stime]
      return t.reduce(0) { $0 + Double($1.tv_sec) + Double($1.tv_usec) / 1e6 }
    }
    var runs: [(wall: Double, cpu: Double)] = []
    for _ in 0..<repeats {
      let (start, cpu0) = (DispatchTime.now().uptimeNanoseconds, cpu())
      try f()
      runs.append((Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, cpu() - cpu0))
    }
    let m = runs.sorted { $0.wall < $1.wall }[runs.count / 2]
    emit(step, m.wall, "cpu=\(String(format: "%.3f", m.cpu)) " + detail())
  }
  let threads = arguments.first { $0.hasPrefix("--threads=") }.flatMap { Int($0.dropFirst(10)) } ?? 2
  var c = AuditConfiguration(inputPath: path)
  c.sweep = false
  c.roles.sensitive = [try SensitiveFeatureSpec(parsing: "housing"), try SensitiveFeatureSpec(parsing: "loan")]
  c.roles.cluster = "stratum"
  c.roles.target = "y"
  c.testFraction = 0
  c.parallel = ParallelWork(threads: threads)
  c.models = [LogisticRegressionFitter()]
  let run = try AuditPipeline.run(c)
  let problem = ModelProblem(frame: run.frame, design: run.design, rows: Array(run.frame.rows.indices))
  print("# \(problem.n) rows, \(problem.p) design columns, \(problem.q) clusters, \(threads) threads")
  var lr: FittedModel? = nil, crlr: FittedModel? = nil
  try timed("lr", fit: { lr = try PenalizedLogisticFit.fit(problem, kind: .logisticRegression) }, detail: { "loglik=\(lr!.logLikelihood)" })
  let bounds = problem.sensitiveNames.indices.map { k in
    0.1 * abs(Vector.dot(problem.covarianceDirection(k, includeClusters: false), lr!.parameters)) / Double(problem.n)
  }
  var fair: FittedModel? = nil
  try timed(
    "fair_lr", fit: { fair = try ConstrainedLogisticFit.fit(problem, kind: .fairLogisticRegression, bounds: bounds, unconstrained: lr!).0 },
    detail: { "objective=\(fair!.objectiveValue)" })
  try timed(
    "crlr", fit: { crlr = try PenalizedLogisticFit.fit(problem, kind: .clusterRegularizedLR) }, detail: { "loglik=\(crlr!.logLikelihood)" })
  try timed(
    "fair_crlr",
    fit: { fair = try ConstrainedLogisticFit.fit(problem, kind: .fairClusterRegularizedLR, bounds: bounds, unconstrained: crlr!).0 },
    detail: { "objective=\(fair!.objectiveValue)" })
  guard arguments.contains("--sweep") else { return }
  c.sweep = true
  c.covarianceBound = bounds
  let models = [lr!, try ConstrainedLogisticFit.fit(problem, kind: .fairLogisticRegression, bounds: bounds, unconstrained: lr!).0]
  var sweep: TradeoffSweep? = nil
  let assessment = { (m: FittedModel) in
    FairnessAssessment(frame: run.frame, eta: m.linearPredictor(run.design.matrix, clusters: []), rows: Array(run.frame.rows.indices))
  }
  try timed(
    "sweep_lr_pieces", fit: { sweep = try TradeoffSweep(problem: problem, configuration: c, models: models, evaluate: assessment) },
    detail: { "points=\(sweep!.points.count) checks=\(sweep!.checks.count)" })
}

// `--only=...`: one benchmark alone.
let only: [(flag: String, run: () throws -> Void)] = [
  ("--only=lr-family", lrFamilyOnly), ("--only=constrained-glmm", constrainedGLMMOnly),
]
for benchmark in only where arguments.contains(benchmark.flag) {
  do {
    try benchmark.run()
  } catch {
    print("benchmark failed: \(error)")
    exit(1)
  }
  exit(0)
}

do {
  let reader = CSVReader()
  var csv: CSVTable? = nil
  emit("csv_parse", try median { csv = try reader.read(path: path) })
  var table: DataTable? = nil
  emit("typing", median { table = DataTable(csv: csv!, path: path) })
  let roles = try configuration(cluster: nil).roles
  var frame: ModelFrame? = nil
  emit("frame", try median { frame = try ModelFrame(table: table!, roles: roles) })
  let rows = Array(frame!.rows.indices)
  var design: DesignMatrix? = nil
  emit("design", try median { design = try DesignMatrix(frame: frame!, trainingRows: rows) })
  let problem = ModelProblem(frame: frame!, design: design!, rows: rows)
  var lr: FittedModel? = nil
  emit(
    "lr_fit", try median { lr = try PenalizedLogisticFit.fit(problem, kind: .logisticRegression) },
    "loglik=\(String(format: "%.6f", lr?.logLikelihood ?? .nan))")
  emit(
    "metrics",
    median {
      _ = FairnessAssessment(frame: frame!, eta: lr!.linearPredictor(design!.matrix, clusters: []), rows: rows)
    })
  var result: AuditResult? = nil
  emit("audit_lr", try median { result = try AuditPipeline.run(try configuration(cluster: nil)) })
  emit("report_html", try median { _ = try ReportBuilder(result: result!).html(templates: nil) })
  emit("audit_lr_with_sweeps", try median { _ = try AuditPipeline.run(try configuration(cluster: nil, sweep: true)) })

  let clustered = try AuditPipeline.run(try configuration(cluster: "job"))
  let cframe = clustered.frame
  let cproblem = ModelProblem(frame: cframe, design: clustered.design, rows: Array(cframe.rows.indices))
  let start = try PenalizedLogisticFit.fit(cproblem, kind: .logisticRegression).beta
  for nAGQ in [1, 7] {
    var options = LogisticGLMMFit.Options()
    options.nAGQ = nAGQ
    var glmm: FittedModel? = nil
    emit(
      "glmm_nagq\(nAGQ)", try median { glmm = try LogisticGLMMFit.fit(cproblem, start: start, options: options) },
      "loglik=\(String(format: "%.6f", glmm?.logLikelihood ?? .nan)) iterations=\(glmm?.summary.iterations ?? 0)")
  }
  let crlr = try PenalizedLogisticFit.fit(cproblem, kind: .clusterRegularizedLR)
  emit("crlr", try median { _ = try PenalizedLogisticFit.fit(cproblem, kind: .clusterRegularizedLR) })
  let lrClustered = try PenalizedLogisticFit.fit(cproblem, kind: .logisticRegression)
  emit(
    "fair_lr",
    try median {
      _ = try ConstrainedLogisticFit.fit(cproblem, kind: .fairLogisticRegression, bounds: [0.1, 0.1], unconstrained: lrClustered)
    })
  var fairCRLR: FittedModel? = nil
  emit(
    "fair_crlr",
    try median {
      fairCRLR = try ConstrainedLogisticFit.fit(cproblem, kind: .fairClusterRegularizedLR, bounds: [0.1, 0.1], unconstrained: crlr).0
    })
  var fairGLMM: FittedModel? = nil
  emit(
    "fair_glmm",
    try median {
      fairGLMM = try FairGLMMBoosting.fit(cproblem, rho: [0.8, 0.8], start: fairCRLR!.parameters)
    }, "steps=\(fairGLMM?.settings.steps ?? 0)")
  for probes in [5, 20] {
    var o = FairGLMMBoosting.Options()
    o.traceProbes = probes
    emit(
      "fair_glmm_probes\(probes)",
      try median {
        fairGLMM = try FairGLMMBoosting.fit(cproblem, rho: [0.8, 0.8], start: fairCRLR!.parameters, options: o)
      }, "steps=\(fairGLMM?.settings.steps ?? 0)")
  }
  emit("six_models", try median { _ = try ModelSuite(problem: cproblem, configuration: try configuration(cluster: "job")) })
  for scenario in SimulationScenario.allCases {
    emit(
      "simulation_\(scenario.rawValue)",
      median {
        var study = Reproduction(replications: 1, seed: 7)
        study.runScenario(scenario)
      })
  }
  emit("audit_clustered", try median { _ = try AuditPipeline.run(try configuration(cluster: "job")) })
  emit("audit_clustered_with_sweeps", try median { _ = try AuditPipeline.run(try configuration(cluster: "job", sweep: true)) })
} catch {
  print("benchmark failed: \(error)")
  exit(1)
}
