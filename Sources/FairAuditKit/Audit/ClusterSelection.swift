/// `--cluster auto`: among categorical columns that are not the target, not a sensitive feature
/// and not named in `--features`, pick the one whose random-intercept GLMM (Laplace) improves
/// BIC most over LR on the same covariates, fitted on the training rows.
public struct ClusterSelection: Sendable {
  public struct Candidate: Sendable {
    public let column: String
    public let levels: Int
    public let variance: Double
    public let icc: Double
    /// BIC(LR) - BIC(GLMM); positive favours the random intercept.
    public let bicImprovement: Double
  }

  public let candidates: [Candidate]
  public let chosen: String?

  /// Columns with fewer than three levels cannot carry a variance estimate worth the name.
  static let minimumLevels = 3

  /// - Throws: errors of the underlying fits (a candidate whose fit fails is skipped).
  public init(configuration: AuditConfiguration, table: DataTable) throws(FairAuditError) {
    let roles = configuration.roles
    let sensitiveColumns = Set(roles.sensitive.map(\.column))
    let target = roles.target ?? table.names.last ?? ""
    let names = table.columns.filter { column in
      guard case .categorical(_, let levels) = column.values else { return false }
      return column.name != target && !sensitiveColumns.contains(column.name) && !(roles.features?.contains(column.name) ?? false)
        && !roles.exclude.contains(column.name) && !roles.externalColumns.contains(column.name) && levels.count >= Self.minimumLevels
        && column.distinctCount < column.presentCount  // a row identifier groups nothing
    }.map(\.name)
    var found: [Candidate] = []
    for name in names {
      // A candidate that cannot be fitted (a one-level or singular grouping) is simply not a
      // candidate; the chosen column is refitted and checked by the audit itself.
      do { found.append(try Self.assess(name, configuration: configuration, table: table)) } catch { continue }
    }
    candidates = found.sorted { $0.bicImprovement > $1.bicImprovement }
    chosen = candidates.first.flatMap { $0.bicImprovement > 0 ? $0.column : nil }
  }

  static func assess(_ name: String, configuration: AuditConfiguration, table: DataTable) throws -> Candidate {
    var roles = configuration.roles
    roles.cluster = name
    let setup = try AuditSetup(table: table, roles: roles, configuration: configuration)
    let problem = setup.problem
    let lr = try PenalizedLogisticFit.fit(problem, kind: .logisticRegression)
    let glmm = try LogisticGLMMFit.fit(problem, start: lr.beta)
    let variance = glmm.randomIntercepts?.variance ?? 0
    return Candidate(
      column: name, levels: problem.q, variance: variance,
      icc: glmm.randomIntercepts?.icc ?? 0, bicImprovement: lr.bic - glmm.bic)
  }
}
