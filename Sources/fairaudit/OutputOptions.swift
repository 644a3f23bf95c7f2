import ArgumentParser
import FairAuditKit
import Foundation

/// Files to write; they are written all or nothing (`OutputSet`).
struct OutputOptions: ParsableArguments {
  @Option(name: [.customShort("o"), .long], help: "HTML report to write.")
  var output: String = "report.html"

  @Option(help: "Also write the JSON summary here.")
  var json: String?

  @Option(help: "Also write the report's Markdown here.")
  var markdown: String?

  @Option(help: "Also write the CI gate as JUnit XML here: one test case per threshold check and per model's convergence.")
  var junit: String?

  @Option(help: "Also write the audited model's model card here (JSON, Model Card Toolkit field names).")
  var modelCard: String?

  @Option(help: "Folder with report.md and report.css replacing the bundled templates.")
  var templates: String?

  @Flag(
    help:
      "Print each step (reading, each fit, the sweeps) with its elapsed time on standard error; on by default when standard error is a terminal."
  )
  var progress = false

  @Flag(help: "Print no progress lines, even on a terminal (warnings and errors are still printed).")
  var quiet = false

  func validate() throws {
    if progress && quiet { throw ValidationError("--progress and --quiet exclude each other") }
  }

  /// Whether progress lines go to standard error: on a terminal or with --progress, never with --quiet.
  var showsProgress: Bool { !quiet && (progress || isatty(2) == 1) }

  /// The outputs, checked against the input and each other. - Throws: `.invalidOption` (exit 64).
  func outputSet(input: String) throws(FairAuditError) -> OutputSet {
    var outputs = OutputSet()
    try outputs.add(output, option: "--output", input: input)
    if let markdown { try outputs.add(markdown, option: "--markdown", input: input) }
    if let json { try outputs.add(json, option: "--json", input: input) }
    if let junit { try outputs.add(junit, option: "--junit", input: input) }
    if let modelCard { try outputs.add(modelCard, option: "--model-card", input: input) }
    return outputs
  }

  /// The contents in `outputSet` order.
  func contents(_ result: AuditResult, commandLine: String) throws(FairAuditError) -> [String] {
    let builder = ReportBuilder(result: result, commandLine: commandLine)
    var contents = [try builder.html(templates: templates)]
    if markdown != nil { contents.append(try builder.markdown(templates: templates)) }
    if json != nil { contents.append(AuditSummary.json(result)) }
    if junit != nil { contents.append(JUnitReport.xml(result)) }
    if modelCard != nil { contents.append(ModelCard(result).jsonText()) }
    return contents
  }
}
