import ArgumentParser
import FairAuditKit

/// The CI gate: thresholds, the audited model, the baseline.
struct GateOptions: ParsableArguments {
  @Option(help: "Fail (exit 1) when any feature's p%-rule (100 x impact ratio) is below this, e.g. 80.")
  var minPRule: Double?

  @Option(help: "Fail (exit 1) when any feature's DI = 1 - impact ratio exceeds this, e.g. 0.2.")
  var maxDi: Double?

  @Option(help: "Fail (exit 1) when any feature's demographic-parity difference exceeds this.")
  var maxDpDifference: Double?

  @Option(help: "Fail (exit 1) when the audited model's accuracy is below this.")
  var minAccuracy: Double?

  @Option(
    help: "Model whose predictions the fairness tables and thresholds assess (default: LR, or the external model with --score/--decision).")
  var auditedModel: ModelKind?

  @Option(help: "A previous run's JSON summary: the report shows the changes since then.")
  var baseline: String?

  @Option(help: "Fail (exit 1) when any feature's DI rose by more than this since --baseline.")
  var maxDiIncrease: Double?

  func validate() throws {
    if maxDiIncrease != nil && baseline == nil { throw ValidationError("--max-di-increase needs --baseline") }
  }

  func apply(to c: inout AuditConfiguration) {
    c.thresholds = Thresholds(
      minPRule: minPRule, maxDI: maxDi, maxDPDifference: maxDpDifference, minAccuracy: minAccuracy,
      maxDIIncrease: maxDiIncrease)
    c.baselinePath = baseline
    c.auditedModel = auditedModel ?? .logisticRegression
  }
}

extension ModelKind: ExpressibleByArgument {
  /// The label without spaces, any case: `LR`, `FairLR`, `crlr`, `FairGLMM`.
  public init?(argument: String) {
    guard let kind = Self.known.first(where: { $0.optionName.lowercased() == argument.lowercased() }) else { return nil }
    self = kind
  }

  public static var allValueStrings: [String] { known.map(\.optionName) }
}
