/// The rows and columns a fit uses: binary target, sensitive features, covariates, optional
/// cluster factor, after rows with a missing value in any used column are dropped (and counted).
public struct ModelFrame: Sendable {
  public let table: DataTable
  public let targetName: String
  public let positiveLabel: String
  public let negativeLabel: String
  /// 0/1 target per used row.
  public let y: [Double]
  public let sensitive: [SensitiveFeature]
  public let covariates: [DataColumn]
  public let clusterName: String?
  /// Cluster code per used row and the level names (empty without a cluster).
  public let clusterCodes: [Int]
  public let clusterLevels: [String]
  /// Data-row index (0-based) of each used row.
  public let rows: [Int]
  /// Rows dropped for a missing value, per column that caused it (first missing column wins).
  public let droppedRows: [String: Int]

  /// z of sensitive feature k for the used rows.
  public func z(_ k: Int) -> [Double] { rows.map { sensitive[k].z[$0] } }

  /// - Throws: `.unknownColumn`, `.notBinary`, `.positiveLabelRequired`, `.nonFiniteValue`,
  ///   `.emptyGroup`, `.tooFewRows`, `.invalidOption`.
  public init(table: DataTable, roles: ModelRoles) throws(FairAuditError) {
    self.table = table
    let target = try table.column(named: roles.target ?? table.names.last ?? "", role: "target")
    targetName = target.name
    let cluster = try roles.cluster.map { name throws(FairAuditError) in try table.column(named: name, role: "cluster") }
    clusterName = cluster?.name
    covariates = try Self.covariates(table: table, roles: roles, target: target.name, cluster: cluster?.name)
    var used: [DataColumn] = [target] + covariates + (cluster.map { [$0] } ?? [])
    for spec in roles.sensitive where !used.contains(where: { $0.name == spec.column }) {
      used.append(try table.column(named: spec.column, role: "sensitive"))
    }
    for column in used { try Self.checkFinite(column, table: table) }
    var dropped: [String: Int] = [:]
    let usedRows = (0..<table.rowCount).filter { r in
      guard let bad = used.first(where: { $0.isMissing(r) }) else { return true }
      dropped[bad.name, default: 0] += 1
      return false
    }
    droppedRows = dropped
    rows = usedRows
    guard rows.count >= 2 else { throw .tooFewRows(count: rows.count, reason: "at least two complete rows are needed") }
    let (positive, negative) = try Self.targetLabels(target, rows: rows, positive: roles.positive)
    (positiveLabel, negativeLabel) = (positive, negative)
    y = rows.map { target.text($0) == positive ? 1 : 0 }
    var features: [SensitiveFeature] = []
    for spec in roles.sensitive { features.append(try SensitiveFeature(spec: spec, table: table, rows: usedRows)) }
    sensitive = features
    (clusterCodes, clusterLevels) = Self.codes(cluster, rows: usedRows)
    try checkGroups()
  }

  private func checkGroups() throws(FairAuditError) {
    for (k, feature) in sensitive.enumerated() {
      let ones = z(k).reduce(0, +)
      if ones == 0 { throw .emptyGroup(feature: feature.name, group: feature.protectedLabel) }
      if ones == Double(rows.count) { throw .emptyGroup(feature: feature.name, group: feature.otherLabel) }
    }
  }

  static func covariates(table: DataTable, roles: ModelRoles, target: String, cluster: String?) throws(FairAuditError) -> [DataColumn] {
    for name in roles.exclude { _ = try table.column(named: name, role: "excluded") }
    let names = roles.features ?? table.names
    var result: [DataColumn] = []
    for name in names where name != target && name != cluster && !roles.exclude.contains(name) {
      result.append(try table.column(named: name, role: "feature"))
    }
    return result
  }

  static func checkFinite(_ column: DataColumn, table: DataTable) throws(FairAuditError) {
    if let bad = column.firstNonFinite {
      throw .nonFiniteValue(column: column.name, row: bad.row + 1, line: table.line(ofRow: bad.row), value: bad.text)
    }
  }

  /// Known pairs {0,1}, {no,yes}, {false,true} (any case) need no --positive.
  static func targetLabels(_ target: DataColumn, rows: [Int], positive: String?) throws(FairAuditError) -> (String, String) {
    let levels = target.distinctValues(in: rows)
    guard levels.count == 2 else { throw .notBinary(column: target.name, role: "target", levels: levels) }
    if let p = positive {
      guard let other = levels.first(where: { $0 != p }), levels.contains(p) else {
        throw .invalidOption(option: "--positive", reason: "\"\(p)\" is not a value of target column \"\(target.name)\" (values: \(levels.joined(separator: ", ")))")
      }
      return (p, other)
    }
    let known: [(String, String)] = [("1", "0"), ("yes", "no"), ("true", "false")]
    for (pos, neg) in known {
      let lower = levels.map { $0.lowercased() }
      if let i = lower.firstIndex(of: pos), let j = lower.firstIndex(of: neg) { return (levels[i], levels[j]) }
    }
    throw .positiveLabelRequired(column: target.name, levels: levels)
  }

  static func codes(_ cluster: DataColumn?, rows: [Int]) -> ([Int], [String]) {
    guard let cluster else { return ([], []) }
    let levels = cluster.distinctValues(in: rows)
    var index: [String: Int] = [:]
    for (i, l) in levels.enumerated() { index[l] = i }
    return (rows.map { index[cluster.text($0)] ?? 0 }, levels)
  }
}
