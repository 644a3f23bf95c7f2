/// An exported model applied to new rows (`fairaudit score`): the design is rebuilt from the
/// recipe exactly as in training (same standardisation, reference levels and column order), so
/// on the training rows the probabilities are the audit's to the last bit. Rows missing a value
/// the model reads get no score and are counted; a level not seen in training is coded as the
/// reference level (all dummies 0) and counted; a cluster level not seen in training gets b = 0
/// and is counted.
public struct ModelScoring: Sendable {
  /// P(y = 1) per data row; nil for a row with a missing value in a column the model reads.
  public let probabilities: [Double?]
  /// 0/1 decision per data row under the decision rule (nil where there is no probability).
  public let decisions: [Double?]
  /// Rows without a score, per column that caused it (first missing column wins).
  public let missingRows: [String: Int]
  /// Rows per categorical column whose level was not seen in training (coded as the reference).
  public let unseenLevels: [String: Int]
  /// Rows whose cluster level was not seen in training (b = 0).
  public let unseenClusterRows: Int

  /// - Throws: `.unknownColumn` for a column the model needs, `.invalidScores` for a numeric
  ///   model column that holds text.
  public init(export: ModelExport, table: DataTable, rule: DecisionRule? = nil) throws(FairAuditError) {
    var needed: [String] = []
    for c in export.covariates.map(\.column) + (export.cluster.map { [$0.column] } ?? []) where !needed.contains(c) { needed.append(c) }
    let columns = try needed.map { name throws(FairAuditError) in try table.column(named: name, role: "model") }
    var byName: [String: DataColumn] = [:]
    for c in columns { byName[c.name] = c }
    for term in export.design where term.type == "standardized" {
      guard let name = term.column, let c = byName[name], case .categorical = c.values else { continue }
      let bad = (0..<table.rowCount).first { !c.isMissing($0) && Double(c.text($0)) == nil } ?? 0
      throw .invalidScores(
        column: name, row: bad + 1, line: table.line(ofRow: bad),
        reason: "value \(MessageText.quoted(c.text(bad))) is not a number, but the model standardises this column")
    }
    let (rows, missing) = ModelFrame.completeRows(columns, count: table.rowCount)
    missingRows = missing
    var m = Matrix(rows: rows.count, columns: export.design.count)
    for (j, term) in export.design.enumerated() {
      Self.fill(&m, column: j, term: term, column: term.column.flatMap { byName[$0] }, rows: rows)
    }
    var eta = MatrixRows(m).multiply(export.coefficients)
    var unseenCluster = 0
    if let cluster = export.cluster, let c = byName[cluster.column] {
      var index: [String: Int] = [:]
      for (i, level) in cluster.levels.enumerated() { index[level] = i }
      for (i, r) in rows.enumerated() {
        if let k = index[c.text(r)] { eta[i] += cluster.intercepts[k] } else { unseenCluster += 1 }
      }
    }
    unseenClusterRows = unseenCluster
    var unseen: [String: Int] = [:]
    for covariate in export.covariates {
      guard let levels = covariate.levels, let c = byName[covariate.column] else { continue }
      let known = Set(levels)
      let count = rows.filter { !known.contains(c.text($0)) }.count
      if count > 0 { unseen[covariate.column] = count }
    }
    unseenLevels = unseen
    let p = StableMath.logistic(eta)
    let yhat = (rule ?? export.rule).decisions(score: eta, probability: p, rows: Array(p.indices))
    var probabilities = [Double?](repeating: nil, count: table.rowCount)
    var decisions = [Double?](repeating: nil, count: table.rowCount)
    for (i, r) in rows.enumerated() {
      probabilities[r] = p[i]
      decisions[r] = yhat[i]
    }
    self.probabilities = probabilities
    self.decisions = decisions
  }

  /// The design column of `term` for `rows`, as `DesignMatrix.fill` computes it in training.
  static func fill(_ m: inout Matrix, column j: Int, term: ModelExport.Term, column data: DataColumn?, rows: [Int]) {
    switch term.type {
    case "intercept":
      for i in rows.indices { m[i, j] = 1 }
    case "standardized":
      guard let data, case .numeric(let x) = data.values, let mean = term.mean, let sd = term.sd else { return }
      for (i, r) in rows.enumerated() { m[i, j] = (x[r] - mean) / sd }
    default:
      guard let data, let level = term.level else { return }
      for (i, r) in rows.enumerated() { m[i, j] = data.text(r) == level ? 1 : 0 }
    }
  }

  /// The input's columns with the score and decision columns appended, in the input's delimiter;
  /// a field is quoted when it holds the delimiter, a quote or a line break. Probabilities are
  /// written in Swift's shortest round-trip form, so `--score` reads back the same numbers.
  public func csv(_ input: CSVTable, scoreName: String, decisionName: String) -> String {
    let delimiter = Character(Unicode.Scalar(input.delimiter))
    func field(_ s: String) -> String {
      s.contains(where: { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
    var out = (input.header + [scoreName, decisionName]).map(field).joined(separator: String(delimiter)) + "\n"
    for r in 0..<input.rowCount {
      let p = probabilities[r].map { "\($0)" } ?? ""
      let d = decisions[r].map { $0 == 1 ? "1" : "0" } ?? ""
      out += (input.columns.map { field($0[r]) } + [p, d]).joined(separator: String(delimiter)) + "\n"
    }
    return out
  }
}

extension ModelExport {
  /// The decision rule stored in the export.
  public var rule: DecisionRule {
    decisionRule.rule == "selection_rate" ? .selectionRate(decisionRule.value ?? 0.5) : .threshold(decisionRule.value ?? 0.5)
  }
}
