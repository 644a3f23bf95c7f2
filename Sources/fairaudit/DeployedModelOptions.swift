import ArgumentParser
import FairAuditKit

/// The deployed (external) model, the decision rule for every model, the models fairaudit fits
/// as challengers, and their export.
struct DeployedModelOptions: ParsableArguments {
  @Option(
    help:
      "Column with the deployed model's scores (probabilities, or any score where higher means more likely positive): audits that model as 'External'. Never a covariate."
  )
  var score: String?

  @Option(help: "Column with the deployed model's 0/1 decisions (or the target's two labels). Never a covariate.")
  var decision: String?

  @Option(help: "Name of the external model in the report and JSON.")
  var modelName: String = "External"

  @Option(help: "Decision rule: positive when the probability (or a --score in [0,1]) is at least T. Default 0.5.")
  var threshold: Double?

  @Option(
    help:
      "Decision rule: the top share R of the assessed rows by score is positive (ties at the cut all positive), for every model."
  )
  var selectionRate: Double?

  @Option(
    help:
      "Comma-separated models fairaudit fits (LR, FairLR, CRLR, FairCRLR, GLMM, FairGLMM), or 'none' to audit the external model alone. Default: all that the data allow."
  )
  var models: CommaList?

  @Option(help: "Folder to write each fitted model to as versioned JSON (for 'fairaudit score').")
  var exportModels: String?

  func validate() throws {
    if let threshold { guard threshold >= 0 && threshold <= 1 else { throw ValidationError("--threshold must be in [0, 1]") } }
    if let selectionRate {
      guard selectionRate > 0 && selectionRate < 1 else { throw ValidationError("--selection-rate must be in (0, 1)") }
      if threshold != nil { throw ValidationError("give --threshold or --selection-rate, not both") }
    }
    guard !modelName.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--model-name needs a value") }
    for (name, value) in [("--score", score), ("--decision", decision)] where value?.isEmpty == true {
      throw ValidationError("\(name) needs a column name; it was given an empty value")
    }
    if let items = models?.items {
      if items.map({ $0.lowercased() }) == ["none"] {
        guard score != nil || decision != nil else { throw ValidationError("--models none needs --score or --decision") }
        guard exportModels == nil else { throw ValidationError("--export-models needs fitted models; --models none fits none") }
      } else {
        guard !items.isEmpty else { throw ValidationError("--models needs a list of models or 'none'") }
        for item in items where ModelKind(argument: item) == nil {
          throw ValidationError(
            "--models: unknown model '\(item)' (use \(ModelKind.allValueStrings.joined(separator: ", ")) or none)")
        }
        let kinds = items.compactMap(ModelKind.init(argument:))
        for fitter in ModelCatalog.standard where kinds.contains(fitter.kind) {
          for start in fitter.startsFrom where !kinds.contains(start) {
            throw ValidationError("--models: \(fitter.kind.optionName) starts from \(start.optionName); list it too")
          }
        }
      }
    }
  }

  /// The fitters `--models` selects, in the catalogue's order.
  var fitters: [any ModelFitter] {
    guard let items = models?.items else { return ModelCatalog.standard }
    let kinds = items.compactMap(ModelKind.init(argument:))
    return ModelCatalog.standard.filter { kinds.contains($0.kind) }
  }

  func apply(to c: inout AuditConfiguration) {
    c.roles.score = score
    c.roles.decision = decision
    c.externalModelName = modelName.trimmingCharacters(in: .whitespaces)
    if let selectionRate { c.decisionRule = .selectionRate(selectionRate) } else if let threshold { c.decisionRule = .threshold(threshold) }
    c.models = fitters
  }
}
