import ArgumentParser
import FairAuditKit

/// Which column is what: target, sensitive features, cluster, covariates.
struct RoleOptions: ParsableArguments {
  @Option(
    help:
      "Binary sensitive features, comma-separated and repeatable: a two-valued column (housing), one level vs the rest (race=Black), or a threshold (age<25). A value that is exactly a column name is that column, even with commas or '<' in it."
  )
  var sensitive: [String] = []

  @Option(help: "Target column (default: the last column).")
  var target: String?

  @Option(help: "Positive target label (inferred for 0/1, no/yes, false/true, N/Y).")
  var positive: String?

  @Option(help: "Grouping column for the mixed models (strata, branches, regions), or 'auto'.")
  var cluster: String?

  @Option(help: "Comma-separated covariates (default: every column except target and cluster).")
  var features: CommaList?

  @Option(help: "Comma-separated columns to leave out of the covariates.")
  var exclude: CommaList?

  @Option(help: "Categorical covariates with more levels than this are left out with a warning (the cluster column is exempt).")
  var maxLevels: Int = ModelRoles.defaultMaxLevels

  func validate() throws {
    if sensitive.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
      throw ValidationError("--sensitive needs a column name, column=level or column<number; it was given an empty value")
    }
    for (name, value) in [("--cluster", cluster), ("--target", target), ("--positive", positive)] where value?.isEmpty == true {
      throw ValidationError("\(name) needs a value; it was given an empty one")
    }
    guard maxLevels >= 2 else { throw ValidationError("--max-levels must be at least 2") }
  }

  func apply(to c: inout AuditConfiguration) {
    c.sensitiveArguments = sensitive
    c.roles = ModelRoles(target: target, positive: positive, cluster: cluster, features: features?.items, exclude: exclude?.items ?? [])
    c.roles.maxLevels = maxLevels
  }
}
