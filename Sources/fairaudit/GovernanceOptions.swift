import ArgumentParser
import FairAuditKit

/// Uncertainty, scope and the settings file: what a reviewer or a CI job needs beyond the fits.
struct GovernanceOptions: ParsableArguments {
  @Option(
    help:
      "Bootstrap replicates of the audited model's group metrics (stratified by group, seeded by --seed, same result for any --threads); 0 skips it."
  )
  var bootstrap: Int = 0

  @Option(help: "What the audited model is for (purpose, users, decisions), shown in the report's scope section and the model card.")
  var intendedUse: String?

  @Option(
    help:
      "Options from a YAML, JSON or TOML file: keys are the long option names (min-p-rule: 80, sensitive: [housing, loan], no-sweep: true); options given on the command line override the file."
  )
  var config: String?

  func validate() throws {
    guard (0...100_000).contains(bootstrap) else { throw ValidationError("--bootstrap must be between 0 and 100000") }
  }

  func apply(to c: inout AuditConfiguration) {
    c.bootstrap = bootstrap
    c.intendedUse = intendedUse.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
  }
}
