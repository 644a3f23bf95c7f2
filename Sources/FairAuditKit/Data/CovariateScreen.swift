/// Chooses the covariates: every column (or `--features`) except the target, the cluster and
/// `--exclude`, leaving out with a warning the columns no model can use as they are
/// (docs/conventions.md, "Covariates"):
/// - no value at all;
/// - more than `--max-levels` levels (categorical), named or not;
/// - unless named in `--features`: dates, and row identifiers (a categorical column with a
///   different value in every row, or an integer column counting 0, 1, 2, ... or 1, 2, 3, ...
///   as the index columns pandas and R write);
/// - constant on the rows used (`dropConstant`).
struct CovariateScreen {
  /// Columns below this many rows are too short to call a unique column an identifier.
  static let identifierMinimumRows = 10

  private(set) var kept: [DataColumn] = []
  private(set) var warnings: [AuditWarning] = []

  /// - Throws: `.unknownColumn` or `.ambiguousColumn` for a name in `--features` or `--exclude`.
  init(table: DataTable, roles: ModelRoles, target: String, cluster: String?) throws(FairAuditError) {
    for name in roles.exclude { _ = try table.column(named: name, role: "excluded") }
    let named = roles.features != nil
    var candidates: [DataColumn] = []
    if let features = roles.features {
      for name in features { candidates.append(try table.column(named: name, role: "feature")) }
    } else {
      candidates = table.columns
    }
    for column in candidates where column.name != target && column.name != cluster && !roles.exclude.contains(column.name) {
      if let reason = Self.exclusion(column, named: named, maxLevels: roles.maxLevels) {
        warnings.append(.covariateLeftOut(column: column.name, reason: reason))
      } else {
        kept.append(column)
      }
    }
  }

  static func exclusion(_ column: DataColumn, named: Bool, maxLevels: Int) -> AuditWarning.CovariateExclusion? {
    let present = column.presentCount
    if present == 0 { return .allMissing }
    if column.isDate && !named { return .date }
    if case .categorical = column.values {
      let levels = column.distinctCount
      if !named && levels == present && present >= identifierMinimumRows { return .identifier }
      if levels > maxLevels { return .tooManyLevels(levels: levels, limit: maxLevels) }
    } else if !named && isIndex(column) {
      return .identifier
    }
    return nil
  }

  /// An integer column that counts up by one from 0 or 1 in file order.
  static func isIndex(_ column: DataColumn) -> Bool {
    guard case .numeric(let x) = column.values, x.count >= identifierMinimumRows, let first = x.first, first == 0 || first == 1
    else { return false }
    for i in 1..<x.count where x[i] != x[i - 1] + 1 { return false }
    return true
  }

  /// Leaves out the kept columns with at most one value on `rows`; true when any was left out.
  mutating func dropConstant(rows: [Int]) -> Bool {
    let before = kept.count
    kept = kept.filter { column in
      guard let value = column.singleValue(in: rows) else { return true }
      warnings.append(.covariateLeftOut(column: column.name, reason: .constant(value: value)))
      return false
    }
    return kept.count != before
  }
}
