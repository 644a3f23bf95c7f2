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
  /// The `--score` column per used row (nil without one).
  public let externalScore: [Double]?
  /// The `--decision` column per used row as 0/1 (nil without one).
  public let externalDecision: [Double]?
  /// Rows dropped for a missing value, per column that caused it (first missing column wins).
  public let droppedRows: [String: Int]

  /// z of sensitive feature k for the used rows (computed once, shared by every caller).
  public func z(_ k: Int) -> [Double] { usedZ[k] }
  private let usedZ: [[Double]]

  /// Repairs and exclusions made while choosing the covariates (constant, empty, identifier,
  /// date or many-level columns), and notes on the cluster column.
  public let warnings: [AuditWarning]

  /// - Throws: `.unknownColumn`, `.ambiguousColumn`, `.conflictingRoles`, `.notBinary`,
  ///   `.positiveLabelRequired`, `.nonFiniteValue`, `.emptyGroup`, `.tooFewRows`, `.invalidOption`.
  public init(table: DataTable, roles: ModelRoles) throws(FairAuditError) {
    self.table = table
    let target =
      try roles.target.map { name throws(FairAuditError) in try table.column(named: name, role: "target") }
      ?? table.columns[table.columns.count - 1]
    targetName = target.name
    var cluster = try roles.cluster.map { name throws(FairAuditError) in try table.column(named: name, role: "cluster") }
    try Self.checkRoles(roles, table: table, target: target.name, cluster: cluster?.name)
    var screen = try CovariateScreen(table: table, roles: roles, target: target.name, cluster: cluster?.name)
    var sensitiveColumns: [DataColumn] = []
    for spec in roles.sensitive where !sensitiveColumns.contains(where: { $0.name == spec.column }) {
      sensitiveColumns.append(try table.column(named: spec.column, role: "sensitive"))
    }
    let externalColumns = try roles.externalColumns.map { name throws(FairAuditError) in
      try table.column(named: name, role: name == roles.score ? "score" : "decision")
    }
    for column in [target] + screen.kept + (cluster.map { [$0] } ?? []) + sensitiveColumns + externalColumns {
      try Self.checkFinite(column, table: table)
    }
    var dropped: [String: Int] = [:]
    var usedRows: [Int] = []
    // Twice at most: covariates constant on the complete rows are dropped, which can restore rows.
    for _ in 0..<2 {
      let used = Self.unique([target] + screen.kept + (cluster.map { [$0] } ?? []) + sensitiveColumns + externalColumns)
      (usedRows, dropped) = Self.completeRows(used, count: table.rowCount)
      guard usedRows.count >= 2, screen.dropConstant(rows: usedRows) else { break }
    }
    rows = usedRows
    droppedRows = dropped
    guard rows.count >= 2 else { throw .tooFewRows(count: rows.count, reason: "at least two complete rows are needed") }
    var notes = screen.warnings
    if let c = cluster, c.distinctValues(in: usedRows).count < 2 {
      notes.append(.weakCluster(column: c.name, reason: "it has a single level in the rows used; the mixed models are not fitted"))
      cluster = nil
    }
    covariates = screen.kept
    clusterName = cluster?.name
    let (positive, negative) = try Self.targetLabels(target, rows: rows, positive: roles.positive)
    (positiveLabel, negativeLabel) = (positive, negative)
    y = target.mapText(rows: rows) { $0 == positive ? 1 : 0 }
    externalScore = try roles.score.map { name throws(FairAuditError) in
      try Self.scores(try table.column(named: name, role: "score"), rows: usedRows, table: table)
    }
    externalDecision = try roles.decision.map { name throws(FairAuditError) in
      try Self.decisions(
        try table.column(named: name, role: "decision"), rows: usedRows, table: table, labels: (positive, negative))
    }
    var features: [SensitiveFeature] = []
    for spec in roles.sensitive { features.append(try SensitiveFeature(spec: spec, table: table, rows: usedRows)) }
    sensitive = features
    usedZ = features.map { f in usedRows.map { f.z[$0] } }
    (clusterCodes, clusterLevels) = Self.codes(cluster, rows: usedRows)
    if let c = cluster, clusterLevels.count == rows.count {
      notes.append(
        .weakCluster(column: c.name, reason: "every level has a single row, so the random-intercept variance is barely identified"))
    }
    warnings = notes
    try checkGroups()
  }

  private func checkGroups() throws(FairAuditError) {
    for (k, feature) in sensitive.enumerated() {
      let ones = z(k).reduce(0, +)
      if ones == 0 { throw .emptyGroup(feature: feature.name, group: feature.protectedLabel) }
      if ones == Double(rows.count) { throw .emptyGroup(feature: feature.name, group: feature.otherLabel) }
    }
  }

  /// The numbers of a `--score` column on `rows`. - Throws: `.invalidScores` naming the first
  /// value that is not a number.
  static func scores(_ column: DataColumn, rows: [Int], table: DataTable) throws(FairAuditError) -> [Double] {
    switch column.values {
    case .numeric(let x): return rows.map { x[$0] }
    case .categorical:
      let bad = rows.first { Double(column.text($0)) == nil } ?? rows[0]
      throw .invalidScores(
        column: column.name, row: bad + 1, line: table.line(ofRow: bad),
        reason:
          "score \(MessageText.quoted(column.text(bad))) is not a number (--score needs numeric scores, higher = more likely positive)")
    }
  }

  /// The 0/1 decisions of a `--decision` column on `rows`: numbers 0 and 1, or the target's two
  /// labels (the positive label is 1). - Throws: `.invalidScores` naming the first other value.
  static func decisions(
    _ column: DataColumn, rows: [Int], table: DataTable, labels: (positive: String, negative: String)
  ) throws(FairAuditError) -> [Double] {
    var out: [Double] = []
    out.reserveCapacity(rows.count)
    for r in rows {
      let text = column.text(r)
      switch column.values {
      case .numeric(let x) where x[r] == 0 || x[r] == 1: out.append(x[r])
      case .categorical where text == labels.positive: out.append(1)
      case .categorical where text == labels.negative: out.append(0)
      default:
        throw .invalidScores(
          column: column.name, row: r + 1, line: table.line(ofRow: r),
          reason:
            "decision \(MessageText.quoted(text)) is not 0, 1, \(MessageText.quoted(labels.positive)) or \(MessageText.quoted(labels.negative)) (--decision needs 0/1 decisions or the target's labels)"
        )
      }
    }
    return out
  }

  /// A column has one role: the target, the cluster and a sensitive feature must differ, and
  /// `--features` may not name the target or the cluster, nor share a column with `--exclude`.
  static func checkRoles(_ roles: ModelRoles, table: DataTable, target: String, cluster: String?) throws(FairAuditError) {
    for spec in roles.sensitive where spec.column == target {
      throw .conflictingRoles(column: target, reason: "is the target; it cannot also be a sensitive feature (--sensitive)")
    }
    if let cluster {
      if cluster == target { throw .conflictingRoles(column: target, reason: "is the target; it cannot also be the cluster (--cluster)") }
      if roles.sensitive.contains(where: { $0.column == cluster }) {
        throw .conflictingRoles(column: cluster, reason: "is a sensitive feature; it cannot also be the cluster (--cluster)")
      }
    }
    for name in roles.externalColumns {
      let option = name == roles.score ? "--score" : "--decision"
      if name == target { throw .conflictingRoles(column: name, reason: "is the target; it cannot also be \(option)") }
      if name == cluster { throw .conflictingRoles(column: name, reason: "is the cluster; it cannot also be \(option)") }
      if roles.sensitive.contains(where: { $0.column == name }) {
        throw .conflictingRoles(column: name, reason: "is a sensitive feature; it cannot also be \(option)")
      }
      if roles.features?.contains(name) == true {
        throw .conflictingRoles(column: name, reason: "is named in --features; \(option) columns are never covariates")
      }
    }
    if let score = roles.score, score == roles.decision {
      throw .conflictingRoles(column: score, reason: "is given as both --score and --decision")
    }
    for name in roles.features ?? [] {
      if name == target { throw .conflictingRoles(column: name, reason: "is the target; it cannot also be a feature (--features)") }
      if name == cluster { throw .conflictingRoles(column: name, reason: "is the cluster; it cannot also be a feature (--features)") }
      if roles.exclude.contains(name) { throw .conflictingRoles(column: name, reason: "is named in both --features and --exclude") }
    }
  }

  /// Rows with a value in every column, and per column the rows it dropped (first missing wins).
  static func completeRows(_ used: [DataColumn], count: Int) -> ([Int], [String: Int]) {
    // Column by column over typed arrays: the first missing column of each row, as before.
    var firstMissing = [Int32](repeating: -1, count: count)
    for (k, column) in used.enumerated() {
      switch column.values {
      case .numeric(let x):
        for r in 0..<count where firstMissing[r] < 0 && x[r].isNaN { firstMissing[r] = Int32(k) }
      case .categorical(let codes, _):
        for r in 0..<count where firstMissing[r] < 0 && codes[r] < 0 { firstMissing[r] = Int32(k) }
      }
    }
    var dropped: [String: Int] = [:]
    var perColumn = [Int](repeating: 0, count: used.count)
    var rows: [Int] = []
    rows.reserveCapacity(count)
    for r in 0..<count {
      if firstMissing[r] < 0 { rows.append(r) } else { perColumn[Int(firstMissing[r])] += 1 }
    }
    for (k, n) in perColumn.enumerated() where n > 0 { dropped[used[k].name, default: 0] += n }
    return (rows, dropped)
  }

  static func unique(_ columns: [DataColumn]) -> [DataColumn] {
    var seen = Set<String>()
    return columns.filter { seen.insert($0.name).inserted }
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
        throw .invalidOption(
          option: "--positive",
          reason: "\"\(p)\" is not a value of target column \"\(target.name)\" (values: \(levels.joined(separator: ", ")))")
      }
      return (p, other)
    }
    let known: [(String, String)] = [("1", "0"), ("yes", "no"), ("true", "false"), ("y", "n")]
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
    return (cluster.mapText(rows: rows) { $0.flatMap { index[$0] } ?? 0 }, levels)
  }
}
