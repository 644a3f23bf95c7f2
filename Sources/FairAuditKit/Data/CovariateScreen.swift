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
    let unnamed = Set(
      table.warnings.compactMap { w -> String? in
        if case .emptyHeader(_, let name) = w { return name }
        return nil
      })
    let external = roles.externalColumns
    for column in candidates
    where column.name != target && column.name != cluster && !roles.exclude.contains(column.name) && !external.contains(column.name) {
      if let reason = Self.exclusion(column, named: named, maxLevels: roles.maxLevels, unnamed: unnamed.contains(column.name)) {
        warnings.append(.covariateLeftOut(column: column.name, reason: reason))
      } else {
        kept.append(column)
      }
    }
  }

  static func exclusion(_ column: DataColumn, named: Bool, maxLevels: Int, unnamed: Bool = false) -> AuditWarning.CovariateExclusion? {
    let present = column.presentCount
    if present == 0 { return .allMissing }
    if column.isDate && !named { return .date }
    if case .categorical = column.values {
      let levels = column.distinctCount
      if !named && levels == present && (present >= identifierMinimumRows || unnamed) { return .identifier }
      if levels > maxLevels { return .tooManyLevels(levels: levels, limit: maxLevels) }
    } else if !named && isIdentifier(column, unnamed: unnamed) {
      return .identifier
    }
    return nil
  }

  /// An integer column with a different value in every row that is an unnamed column (the index
  /// pandas and R write, also after filtering or shuffling), carries an identifier's name (`id`,
  /// `idno`, `customer_id`, `CustomerID`, `index`, `Unnamed: 0`), or is a permutation of a run of
  /// consecutive integers.
  static func isIdentifier(_ column: DataColumn, unnamed: Bool) -> Bool {
    guard case .numeric(let x) = column.values, x.count >= identifierMinimumRows,
      x.allSatisfy({ !$0.isNaN && $0 == $0.rounded() && abs($0) < 1e15 })
    else { return false }
    // A repeated value ends the check early (an ordinary integer covariate repeats within a few
    // dozen rows), so no column is sorted.
    var seen = Set<Double>()
    for v in x where !seen.insert(v).inserted { return false }
    if unnamed || looksLikeIdentifierName(column.name) { return true }
    guard let low = x.min(), let high = x.max() else { return false }
    return high - low == Double(x.count - 1)
  }

  static func looksLikeIdentifierName(_ name: String) -> Bool {
    let lower = name.lowercased()
    if ["id", "idx", "idno", "index", "rownames", "row", "rowid", "row_id", "row.names", "obs", "record"].contains(lower) { return true }
    if lower.hasPrefix("unnamed:") || lower.hasPrefix("id_") || lower.hasPrefix("id.") { return true }
    return ["_id", ".id", " id", "-id"].contains { lower.hasSuffix($0) } || (name.hasSuffix("ID") && name.count > 2)
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
