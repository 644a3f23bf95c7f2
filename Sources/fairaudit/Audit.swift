import ArgumentParser
import FairAuditKit
import Foundation

struct Audit: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Fit the models, assess fairness, write the HTML report (and optionally JSON/Markdown).")

  @Argument(help: "CSV file with a header row (delimiter auto-detected among , ; tab |).")
  var input: String

  @OptionGroup(title: "Column roles") var roles: RoleOptions
  @OptionGroup(title: "Reading and splitting the data") var data: DataOptions
  @OptionGroup(title: "Outputs") var outputs: OutputOptions
  @OptionGroup(title: "CI gate") var gate: GateOptions
  @OptionGroup(title: "Models and trade-off sweeps") var models: ModelOptions
  @OptionGroup(title: "Uncertainty, scope and settings file") var governance: GovernanceOptions
  @OptionGroup(title: "Deployed model, decision rule and export") var deployed: DeployedModelOptions

  func validate() throws {
    if gate.auditedModel != nil && (deployed.score != nil || deployed.decision != nil) {
      throw ValidationError("--audited-model cannot be used with --score or --decision: the external model is the audited one")
    }
  }

  func run() throws {
    try runReportingErrors {
      OutputSet.install()
      var files = try outputs.outputSet(input: input)
      var configuration = makeConfiguration()
      if let path = governance.config {
        configuration.configFile = try ConfigArguments.provenance(path: path, arguments: Array(CommandLine.arguments.dropFirst()))
      }
      let result = try AuditPipeline.run(configuration)
      for warning in result.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
      configuration.progress?("rendering the report and the other outputs")
      var contents = try outputs.contents(result, commandLine: Self.commandLine())
      if let folder = deployed.exportModels {
        for file in ModelExport.files(result) {
          try files.add((folder as NSString).appendingPathComponent(file.name), option: "--export-models", input: input)
          contents.append(file.text)
        }
        do {
          try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
          throw FairAuditError.cannotWrite(path: folder, reason: "cannot create the folder for --export-models")
        }
      }
      try files.commit(contents)
      configuration.progress?("outputs written")
      for check in result.checks where !check.passed {
        FileHandle.standardError.write(
          Data(
            "threshold breached: \(MessageText.line(check.subject)): \(check.criterion) (value \(NumberFormat.fixed(check.value, 3)))\n"
              .utf8))
      }
      print("report written to \(outputs.output)")
      return result.breached ? 1 : 0
    }
  }

  func makeConfiguration() -> AuditConfiguration {
    var c = AuditConfiguration(inputPath: input)
    if outputs.showsProgress {
      let start = DispatchTime.now().uptimeNanoseconds
      c.progress = { step in
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        FileHandle.standardError.write(Data("progress: \(NumberFormat.fixed(seconds, 1)) s: \(MessageText.line(step))\n".utf8))
      }
    }
    roles.apply(to: &c)
    data.apply(to: &c)
    gate.apply(to: &c)
    models.apply(to: &c)
    governance.apply(to: &c)
    deployed.apply(to: &c)
    return c
  }

  /// The invocation with arguments quoted where needed, for the report's provenance block.
  static func commandLine() -> String {
    (["fairaudit"] + CommandLine.arguments.dropFirst()).map { a in
      a.contains(where: { " \"'$".contains($0) }) ? "'" + a.replacingOccurrences(of: "'", with: "'\\''") + "'" : a
    }.joined(separator: " ")
  }
}
