/// X for the used rows of a `ModelFrame`: intercept, standardised numerics, treatment-coded
/// categoricals. Scaling and reference levels come from the training rows only, so the test
/// rows are transformed exactly as a scoring system would transform new data.
public struct DesignMatrix: Sendable {
  public let columns: [DesignColumn]
  /// One row per used frame row (train and test), `columns.count` wide.
  public let matrix: Matrix
  /// Rows whose categorical level never occurs in training (coded as the reference), per column.
  public let unseenLevels: [String: Int]

  public var names: [String] { columns.map(\.name) }
  public var width: Int { columns.count }

  /// - Throws: `.constantColumn` when a covariate takes one value on the training rows.
  public init(frame: ModelFrame, trainingRows: [Int]) throws(FairAuditError) {
    var cols: [DesignColumn] = [.intercept]
    for covariate in frame.covariates {
      cols += try Self.columns(for: covariate, rows: trainingRows.map { frame.rows[$0] })
    }
    columns = cols
    var m = Matrix(rows: frame.rows.count, columns: cols.count)
    var unseen: [String: Int] = [:]
    for (j, col) in cols.enumerated() { Self.fill(&m, column: j, with: col, frame: frame) }
    for covariate in frame.covariates {
      let known = Set(cols.flatMap { c -> [String] in
        if case .dummy(covariate.name, let level, let reference) = c { return [level, reference] }
        return []
      })
      guard !known.isEmpty else { continue }
      let count = frame.rows.filter { !known.contains(covariate.text($0)) }.count
      if count > 0 { unseen[covariate.name] = count }
    }
    matrix = m
    unseenLevels = unseen
  }

  static func columns(for covariate: DataColumn, rows: [Int]) throws(FairAuditError) -> [DesignColumn] {
    switch covariate.values {
    case .numeric(let x):
      let values = rows.map { x[$0] }
      let mean = values.reduce(0, +) / Double(values.count)
      let ss = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
      let sd = (ss / Double(max(values.count - 1, 1))).squareRoot()
      guard sd > 0 && sd > 1e-12 * max(abs(mean), 1) else { throw .constantColumn(name: covariate.name) }
      return [.standardized(column: covariate.name, mean: mean, sd: sd)]
    case .categorical(let codes, let levels):
      var counts = [Int](repeating: 0, count: levels.count)
      for r in rows { counts[Int(codes[r])] += 1 }
      let present = levels.indices.filter { counts[$0] > 0 }
      guard present.count >= 2 else { throw .constantColumn(name: covariate.name) }
      // Most frequent level is the reference; ties go to the byte-wise smaller (earlier) level.
      let ref = present.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }!
      return present.filter { $0 != ref }.map { .dummy(column: covariate.name, level: levels[$0], reference: levels[ref]) }
    }
  }

  static func fill(_ m: inout Matrix, column j: Int, with col: DesignColumn, frame: ModelFrame) {
    switch col {
    case .intercept:
      for i in 0..<m.rows { m[i, j] = 1 }
    case .standardized(let name, let mean, let sd):
      guard let c = frame.covariates.first(where: { $0.name == name }), case .numeric(let x) = c.values else { return }
      for (i, r) in frame.rows.enumerated() { m[i, j] = (x[r] - mean) / sd }
    case .dummy(let name, let level, _):
      guard let c = frame.covariates.first(where: { $0.name == name }), case .categorical(let codes, let levels) = c.values,
        let code = levels.firstIndex(of: level)
      else { return }
      for (i, r) in frame.rows.enumerated() { m[i, j] = codes[r] == Int32(code) ? 1 : 0 }
    }
  }
}
