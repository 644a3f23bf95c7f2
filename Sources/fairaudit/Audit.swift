import ArgumentParser
import FairAuditKit
import Foundation

struct Audit: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Fit the models, assess fairness, write the HTML report (and optionally JSON/Markdown).")

  @Argument(help: "CSV file with a header row (delimiter auto-detected among , ; tab |).")
  var input: String

  @Option(help: "Binary sensitive features, comma-separated and repeatable: a two-valued column (housing), one level vs the rest (race=Black), or a threshold (age<25). A value that is exactly a column name is that column, even with commas or '<' in it.")
  var sensitive: [String] = []

  @Option(help: "Target column (default: the last column).")
  var target: String?

  @Option(help: "Positive target label (inferred for 0/1, no/yes, false/true).")
  var positive: String?

  @Option(help: "Grouping column for the mixed models (strata, branches, regions), or 'auto'.")
  var cluster: String?

  @Option(help: "Comma-separated covariates (default: every column except target and cluster).")
  var features: String?

  @Option(help: "Comma-separated columns to leave out of the covariates.")
  var exclude: String?

  @Option(help: "Field delimiter: one character, or 'tab' (default: auto-detect).")
  var delimiter: String?

  @Option(help: "Comma-separated missing-value markers (default: empty, NA, ?).")
  var na: String?

  @Option(help: "Input encoding: auto (UTF-8, UTF-16 with BOM, else Windows-1252 with a warning), utf-8, utf-16, latin-1, windows-1252.")
  var encoding: TextEncoding = .auto

  @Option(help: "Decimal mark of numbers: auto (detected per column where unambiguous), '.' (commas are thousands separators) or ','.")
  var decimal: DecimalMark = .auto

  @Option(help: "Categorical covariates with more levels than this are left out with a warning (the cluster column is exempt).")
  var maxLevels: Int = ModelRoles.defaultMaxLevels

  @Option(help: "Share of rows held out for evaluation, stratified by target and cluster; 0 fits and evaluates on all rows.")
  var testFraction: Double = 0.3

  @Option(help: "Seed of the train/test split.")
  var seed: UInt64 = 42

  @Option(name: [.customShort("o"), .long], help: "HTML report to write.")
  var output: String = "report.html"

  @Option(help: "Also write the JSON summary here.")
  var json: String?

  @Option(help: "Also write the report's Markdown here.")
  var markdown: String?

  @Option(help: "Folder with report.md and report.css replacing the bundled templates.")
  var templates: String?

  @Option(help: "Fail (exit 1) when any feature's p%-rule (100 x impact ratio) is below this, e.g. 80.")
  var minPRule: Double?

  @Option(help: "Fail (exit 1) when any feature's DI = 1 - impact ratio exceeds this, e.g. 0.2.")
  var maxDi: Double?

  @Option(help: "Fail (exit 1) when any feature's demographic-parity difference exceeds this.")
  var maxDpDifference: Double?

  @Option(help: "Fail (exit 1) when the audited model's accuracy is below this.")
  var minAccuracy: Double?

  @Option(help: "Model whose predictions the fairness tables and thresholds assess: LR, FairLR, CRLR, FairCRLR, GLMM or FairGLMM.")
  var auditedModel: String = "LR"

  @Option(help: "A previous run's JSON summary: the report shows the changes since then.")
  var baseline: String?

  @Option(help: "Fail (exit 1) when any feature's DI rose by more than this since --baseline.")
  var maxDiIncrease: Double?

  @Option(help: "Ridge weight lambda of CRLR on the cluster intercepts.")
  var crlrLambda: Double = 1

  @Option(help: "Gauss-Hermite nodes of the GLMM likelihood (1 = Laplace), as lme4's nAGQ.")
  var nagq: Int = 1

  @Option(name: .customLong("c"), help: "Covariance bound c of Fair LR / Fair CRLR: one value, or one per sensitive feature.")
  var covarianceBound: String = "0.1"

  @Option(help: "Fairness penalty rho of the Fair GLMM and penalised variants, on the summed penalty (rho/2) sum_k (N g_k)^2. Default: the rule rho = 10/N (N training rows), which keeps the penalty's curvature commensurate with the log-likelihood's at any N; a value given here overrides the rule (the authors' simulation used 0.8 at N of about 400).")
  var rho: Double?

  @Option(help: "Fair GLMM boosting step length nu (authors' code 1, GMMBoost 0.1).")
  var boostNu: Double = 1

  @Option(help: "Fair GLMM boosting step limit.")
  var boostMaxSteps: Int = 1000

  @Option(help: "Fair GLMM stopping tolerance on the relative change of the variance or the coefficients.")
  var boostTolerance: Double = 1e-3

  @Option(help: "Rademacher probes of the Fair GLMM hat-matrix trace estimate.")
  var traceProbes: Int = 20

  @Option(help: "Newton iteration limit of LR, CRLR and the GLMM; a fit that needs more exits with status 21.")
  var maxIterations: Int = 100

  @Option(help: "Comma-separated rho values of the trade-off sweep (default: 0, 10^k/N for k = -1..2, and the rho used).")
  var rhoGrid: String?

  @Option(help: "Comma-separated bounds c of the shadow-price sweep (default: fractions of the largest unconstrained |g|).")
  var cGrid: String?

  @Flag(help: "Skip the rho and c trade-off sweeps.")
  var noSweep = false

  func validate() throws {
    guard (0..<1).contains(testFraction) else { throw ValidationError("--test-fraction must be in [0, 1)") }
    guard (1...25).contains(nagq) else { throw ValidationError("--nagq must be between 1 and 25") }
    guard crlrLambda > 0 else { throw ValidationError("--crlr-lambda must be positive") }
    if maxDiIncrease != nil && baseline == nil { throw ValidationError("--max-di-increase needs --baseline") }
    guard boostNu > 0 && boostNu <= 1 else { throw ValidationError("--boost-nu must be in (0, 1]") }
    guard boostMaxSteps >= 1, traceProbes >= 1, boostTolerance >= 0 else {
      throw ValidationError("--boost-max-steps and --trace-probes must be at least 1, --boost-tolerance non-negative")
    }
    guard maxIterations >= 1 else { throw ValidationError("--max-iterations must be at least 1") }
    if sensitive.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
      throw ValidationError("--sensitive needs a column name, column=level or column<number; it was given an empty value")
    }
    for (name, value) in [("--cluster", cluster), ("--target", target), ("--positive", positive)] where value?.isEmpty == true {
      throw ValidationError("\(name) needs a value; it was given an empty one")
    }
    guard maxLevels >= 2 else { throw ValidationError("--max-levels must be at least 2") }
    if let rho { guard rho >= 0, rho.isFinite else { throw ValidationError("--rho must be non-negative") } }
    if let d = delimiter, d != "tab", d.utf8.count != 1 { throw ValidationError("--delimiter must be one character or 'tab'") }
  }

  func run() throws {
    try runReportingErrors {
      OutputSet.install()
      var outputs = OutputSet()
      try outputs.add(output, option: "--output", input: input)
      if let markdown { try outputs.add(markdown, option: "--markdown", input: input) }
      if let json { try outputs.add(json, option: "--json", input: input) }
      let configuration = try makeConfiguration()
      let result = try AuditPipeline.run(configuration)
      for warning in result.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
      let builder = ReportBuilder(result: result, commandLine: Self.commandLine())
      var contents = [try builder.html(templates: templates)]
      if markdown != nil { contents.append(try builder.markdown(templates: templates)) }
      if json != nil { contents.append(AuditSummary.json(result)) }
      try outputs.commit(contents)
      for check in result.checks where !check.passed {
        FileHandle.standardError.write(Data("threshold breached: \(MessageText.line(check.subject)): \(check.criterion) (value \(NumberFormat.fixed(check.value, 3)))\n".utf8))
      }
      print("report written to \(output)")
      return result.breached ? 1 : 0
    }
  }

  func makeConfiguration() throws -> AuditConfiguration {
    var c = AuditConfiguration(inputPath: input)
    c.delimiter = delimiter.flatMap { $0 == "tab" ? 9 : $0.utf8.first }
    if let na { c.missingMarkers = Set(Self.list(na, keepEmpty: true)) }
    c.encoding = encoding
    c.decimal = decimal
    c.sensitiveArguments = sensitive
    c.roles = ModelRoles(target: target, positive: positive, cluster: cluster, features: features.map { Self.list($0) },
                         exclude: Self.list(exclude ?? ""))
    c.roles.maxLevels = maxLevels
    c.testFraction = testFraction
    c.seed = seed
    c.thresholds = Thresholds(minPRule: minPRule, maxDI: maxDi, maxDPDifference: maxDpDifference, minAccuracy: minAccuracy,
                              maxDIIncrease: maxDiIncrease)
    c.baselinePath = baseline
    guard let kind = ModelKind.allCases.first(where: { $0.label.replacingOccurrences(of: " ", with: "").lowercased() == auditedModel.lowercased() }) else {
      throw FairAuditError.invalidOption(option: "--audited-model", reason: "\"\(auditedModel)\" is not one of LR, FairLR, CRLR, FairCRLR, GLMM, FairGLMM")
    }
    c.auditedModel = kind
    c.crlrLambda = crlrLambda
    c.nAGQ = nagq
    c.maxIterations = maxIterations
    c.boosting.nu = boostNu
    c.boosting.maxSteps = boostMaxSteps
    c.boosting.tolerance = boostTolerance
    c.boosting.traceProbes = traceProbes
    c.rho = rho
    c.covarianceBound = try Self.numbers(covarianceBound, option: "--c")
    c.rhoGrid = try rhoGrid.map { try Self.numbers($0, option: "--rho-grid") } ?? []
    c.boundGrid = try cGrid.map { try Self.numbers($0, option: "--c-grid") } ?? []
    c.sweep = !noSweep
    return c
  }

  static func list(_ s: String, keepEmpty: Bool = false) -> [String] {
    s.split(separator: ",", omittingEmptySubsequences: !keepEmpty).map { $0.trimmingCharacters(in: .whitespaces) }
  }

  static func numbers(_ s: String, option: String) throws -> [Double] {
    try list(s).map { text in
      guard let v = Double(text), v.isFinite, v >= 0 else {
        throw FairAuditError.invalidOption(option: option, reason: "\(MessageText.quoted(text)) is not a non-negative number")
      }
      return v
    }
  }

  /// The invocation with arguments quoted where needed, for the report's provenance block.
  static func commandLine() -> String {
    (["fairaudit"] + CommandLine.arguments.dropFirst()).map { a in
      a.contains(where: { " \"'$".contains($0) }) ? "'" + a.replacingOccurrences(of: "'", with: "'\\''") + "'" : a
    }.joined(separator: " ")
  }
}

extension TextEncoding: ExpressibleByArgument {
  public init?(argument: String) { self.init(name: argument) }
  public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension DecimalMark: ExpressibleByArgument {}
