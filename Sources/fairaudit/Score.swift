import ArgumentParser
import FairAuditKit
import Foundation

struct Score: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Apply a model exported with --export-models to a CSV and write it with score and decision columns.")

  @Argument(help: "Model file written by --export-models (e.g. FairLR.json).")
  var model: String

  @Argument(help: "CSV file with the columns the model reads (delimiter auto-detected).")
  var input: String

  @Option(name: [.customShort("o"), .long], help: "CSV file to write: the input's columns, then the score and decision columns.")
  var output: String = "scored.csv"

  @Option(help: "Name of the probability column written.")
  var scoreName: String = "score"

  @Option(help: "Name of the 0/1 decision column written.")
  var decisionName: String = "decision"

  @Option(help: "Decision rule: probability threshold T (default: the rule stored in the model file).")
  var threshold: Double?

  @Option(help: "Decision rule: the top share R of the scored rows is positive (default: the rule stored in the model file).")
  var selectionRate: Double?

  @Option(help: "Field delimiter: one character, or 'tab' (default: auto-detect).")
  var delimiter: String?

  @Option(help: "Comma-separated missing-value markers (default: empty, NA, ?).")
  var na: String?

  @Option(help: "Decimal mark of numbers: auto, '.' or ','.")
  var decimal: DecimalMark = .auto

  func validate() throws {
    if let d = delimiter, d != "tab", d.utf8.count != 1 { throw ValidationError("--delimiter must be one character or 'tab'") }
    if let threshold { guard threshold >= 0 && threshold <= 1 else { throw ValidationError("--threshold must be in [0, 1]") } }
    if let selectionRate {
      guard selectionRate > 0 && selectionRate < 1 else { throw ValidationError("--selection-rate must be in (0, 1)") }
      if threshold != nil { throw ValidationError("give --threshold or --selection-rate, not both") }
    }
    guard !scoreName.isEmpty, !decisionName.isEmpty, scoreName != decisionName else {
      throw ValidationError("--score-name and --decision-name must be two different non-empty names")
    }
  }

  func run() throws {
    try runReportingErrors {
      OutputSet.install()
      var files = OutputSet()
      try files.add(output, option: "--output", input: input)
      guard OutputSet.identity(output) != OutputSet.identity(model) else {
        throw FairAuditError.invalidOption(option: "--output", reason: "is the model file \(MessageText.path(model))")
      }
      let export = try ModelExport.read(path: model)
      let reader = CSVReader(delimiter: delimiter.flatMap { $0 == "tab" ? 9 : $0.utf8.first })
      let csv = try reader.read(path: input)
      let missing = na.map { Set(CommaList.split($0, keepEmpty: true)) } ?? DataTable.defaultMissingMarkers
      let table = DataTable(csv: csv, path: input, missingMarkers: missing, decimal: decimal)
      for name in [scoreName, decisionName] where table.has(name) {
        throw FairAuditError.conflictingRoles(
          column: name, reason: "is already in \(MessageText.path(input)); choose another name with --score-name or --decision-name")
      }
      let rule: DecisionRule? = selectionRate.map { .selectionRate($0) } ?? threshold.map { .threshold($0) }
      let scoring = try ModelScoring(export: export, table: table, rule: rule)
      for (column, count) in scoring.missingRows.sorted(by: { $0.key < $1.key }) {
        warn("\(count) rows have no value in column \(MessageText.quoted(column)) and get no score")
      }
      for (column, count) in scoring.unseenLevels.sorted(by: { $0.key < $1.key }) {
        warn("column \(MessageText.quoted(column)): \(count) rows have a level not seen in training, coded as the reference level")
      }
      if scoring.unseenClusterRows > 0, let cluster = export.cluster {
        warn(
          "cluster column \(MessageText.quoted(cluster.column)): \(scoring.unseenClusterRows) rows have a level not seen in training and get b = 0"
        )
      }
      try files.commit([scoring.csv(csv, scoreName: scoreName, decisionName: decisionName)])
      let scored = scoring.probabilities.filter { $0 != nil }.count
      print("\(scored) of \(table.rowCount) rows scored with \(export.model.label), written to \(output)")
      return 0
    }
  }

  func warn(_ text: String) { FileHandle.standardError.write(Data("warning: \(text)\n".utf8)) }
}
