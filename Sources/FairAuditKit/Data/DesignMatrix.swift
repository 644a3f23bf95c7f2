/// X for the used rows of a `ModelFrame`: intercept, standardised numerics, treatment-coded
/// categoricals. Scaling and reference levels come from the training rows only, so the test
/// rows are transformed exactly as a scoring system would transform new data.
public struct DesignMatrix: Sendable {
  public let columns: [DesignColumn]
  /// One row per used frame row (train and test), `columns.count` wide: the one copy of X, which
  /// problems, cluster regroupings and the evaluation read through views.
  public let matrix: MatrixRows
  /// Rows whose categorical level never occurs in training (coded as the reference), per column.
  public let unseenLevels: [String: Int]

  public var names: [String] { columns.map(\.name) }
  public var width: Int { columns.count }

  /// Columns removed because they are linear combinations of kept ones, and why; covariates
  /// constant on the training rows; near-collinearity (docs/conventions.md, "Aliased columns").
  public let warnings: [AuditWarning]
  /// Condition number of the column-scaled design (kept columns, training rows).
  public let conditionNumber: Double

  /// Condition numbers above this get a warning (R^2 of a column on the others above 1 - 1e-8).
  public static let collinearityWarning = 1e4

  /// - Parameter parallel: threads of the products over X (never changes a result).
  /// - Throws: `.singularDesign` when sensitive features' columns are linearly dependent (none may be dropped).
  public init(frame: ModelFrame, trainingRows: [Int], parallel: ParallelWork = .serial) throws(FairAuditError) {
    var cols: [DesignColumn] = [.intercept]
    var notes: [AuditWarning] = []
    let rows = trainingRows.map { frame.rows[$0] }
    for covariate in frame.covariates {
      let generated = Self.columns(for: covariate, rows: rows)
      if generated.isEmpty {
        notes.append(.covariateLeftOut(column: covariate.name, reason: .constant(value: covariate.singleValue(in: rows) ?? "")))
      }
      cols += generated
    }
    // X stores the training rows first, in training order, then the other rows in frame order, so
    // that the fits' view of the training rows reads one contiguous run (`MatrixRows`).
    let order = Self.storageOrder(trainingRows: trainingRows, count: frame.rows.count)
    var m = Matrix(
      rows: frame.rows.count, columns: cols.count, storage: Self.fill(cols, frame: frame, order: order, parallel: parallel))
    // Elimination order: intercept, then columns of sensitive features (never dropped), then the rest.
    let sensitiveColumns = Set(frame.sensitive.map(\.column))
    let protected = cols.indices.filter { $0 > 0 && sensitiveColumns.contains(cols[$0].source ?? "") }
    let elimination = [0] + protected + cols.indices.filter { $0 > 0 && !protected.contains($0) }
    // Reordered, the training rows are the first storage rows.
    let trainingStorageRows = order == nil ? trainingRows : Array(trainingRows.indices)
    let check = RankCheck(
      gram: MatrixRows(SharedMatrix(m, parallel: parallel)).crossProduct(rows: trainingStorageRows), order: elimination)
    if let clash = check.aliased.first(where: { protected.contains($0.column) }) {
      let names = ([clash.column] + clash.combination.map(\.column)).map { cols[$0].name }.filter { $0 != "(Intercept)" }
      throw .singularDesign(
        model: "design",
        detail:
          "the sensitive features' columns \(names.map { "\"\($0)\"" }.joined(separator: ", ")) are linearly dependent (one is a recoding of the others); audit them in separate runs"
      )
    }
    for alias in check.aliased {
      notes.append(.aliasedColumn(name: cols[alias.column].name, combinationOf: alias.combination.map { cols[$0.column].name }))
    }
    if check.conditionNumber > Self.collinearityWarning {
      notes.append(.nearCollinear(conditionNumber: check.conditionNumber, columns: check.weakDirection.map { cols[$0].name }))
    }
    let keep = check.kept.sorted()
    if keep.count < cols.count {
      cols = keep.map { cols[$0] }
      m.keepColumns(keep)
    }
    columns = cols
    matrix = MatrixRows(SharedMatrix(m, parallel: parallel), rows: order.map(Self.inverse))
    warnings = notes
    conditionNumber = check.conditionNumber
    unseenLevels = Self.unseen(frame: frame, columns: cols)
  }

  /// Rows whose categorical level never occurs in training (coded as the reference), per column.
  static func unseen(frame: ModelFrame, columns cols: [DesignColumn]) -> [String: Int] {
    var unseen: [String: Int] = [:]
    for covariate in frame.covariates {
      let known = Set(
        cols.flatMap { c -> [String] in
          if case .dummy(covariate.name, let level, let reference) = c { return [level, reference] }
          return []
        })
      guard !known.isEmpty else { continue }
      let count = covariate.mapText(rows: frame.rows) { !known.contains($0 ?? "") }.lazy.filter { $0 }.count
      if count > 0 { unseen[covariate.name] = count }
    }
    return unseen
  }

  /// The design columns of one covariate on the training `rows`; none when it is constant there.
  static func columns(for covariate: DataColumn, rows: [Int]) -> [DesignColumn] {
    switch covariate.values {
    case .numeric(let x):
      let values = rows.map { x[$0] }
      let mean = values.reduce(0, +) / Double(values.count)
      let ss = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
      let sd = (ss / Double(max(values.count - 1, 1))).squareRoot()
      guard sd > 0 && sd > 1e-12 * max(abs(mean), 1) else { return [] }
      return [.standardized(column: covariate.name, mean: mean, sd: sd)]
    case .categorical(let codes, let levels):
      var counts = [Int](repeating: 0, count: levels.count)
      for r in rows { counts[Int(codes[r])] += 1 }
      let present = levels.indices.filter { counts[$0] > 0 }
      // Most frequent level is the reference; ties go to the byte-wise smaller (earlier) level.
      guard present.count >= 2, let ref = present.max(by: { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) })
      else { return [] }
      return present.filter { $0 != ref }.map { .dummy(column: covariate.name, level: levels[$0], reference: levels[ref]) }
    }
  }

  /// Where one design column's values come from: the intercept, a standardised numeric column,
  /// or a level code compared as an integer (never as text).
  enum Source {
    case one
    /// A column whose data is not found (never for a design built here): zeros, as before.
    case zero
    case standardized([Double], mean: Double, sd: Double)
    case dummy([Int32], code: Int32)

    init(_ col: DesignColumn, values: DataColumn.Values?) {
      switch (col, values) {
      case (.intercept, _): self = .one
      case (.standardized(_, let mean, let sd), .numeric(let x)?): self = .standardized(x, mean: mean, sd: sd)
      case (.dummy(_, let level, _), .categorical(let codes, let levels)?):
        self = .dummy(codes, code: Int32(levels.firstIndex(of: level) ?? -2))
      default: self = .zero
      }
    }
  }

  /// The frame row (position in `frame.rows`) of each storage row: the training rows, then the
  /// others in order; nil when that is every row in order, or when the training rows are not
  /// distinct rows of the frame (X is then stored in frame order).
  static func storageOrder(trainingRows: [Int], count n: Int) -> [Int]? {
    var isTraining = [Bool](repeating: false, count: n)
    for i in trainingRows {
      guard i >= 0 && i < n && !isTraining[i] else { return nil }
      isTraining[i] = true
    }
    let order = trainingRows + (0..<n).filter { !isTraining[$0] }
    return order.indices.allSatisfy({ order[$0] == $0 }) ? nil : order
  }

  /// The storage row of each frame row.
  static func inverse(_ order: [Int]) -> [Int] {
    var position = [Int](repeating: 0, count: order.count)
    for (k, i) in order.enumerated() { position[i] = k }
    return position
  }

  /// The row-major values of X, storage row k from frame row `order[k]` (k itself without an
  /// order), filled in blocks of rows on the threads of `parallel`; each cell is computed by one
  /// formula whoever fills it, so the bytes never depend on the thread count.
  static func fill(_ cols: [DesignColumn], frame: ModelFrame, order: [Int]?, parallel: ParallelWork) -> [Double] {
    let width = cols.count, n = frame.rows.count
    let rows = order.map { $0.map { frame.rows[$0] } } ?? frame.rows
    let sources = cols.map { col in Source(col, values: frame.covariates.first { $0.name == col.source }?.values) }
    return [Double](unsafeUninitializedCapacity: n * width) { buffer, count in
      let out = UnsafeMutableBufferPointerBox(buffer)
      rows.withUnsafeBufferPointer { rows in
        let blocks = ParallelWork.rowBlocks(n, blockRows: 2_048)
        _ = parallel.map(blocks.count) { (b: Int) -> Void in
          let block = blocks[b]
          for (j, source) in sources.enumerated() {
            switch source {
            case .one:
              for i in block { out.base[i * width + j] = 1 }
            case .zero:
              for i in block { out.base[i * width + j] = 0 }
            case .standardized(let values, let mean, let sd):
              values.withUnsafeBufferPointer { x in for i in block { out.base[i * width + j] = (x[rows[i]] - mean) / sd } }
            case .dummy(let values, let code):
              values.withUnsafeBufferPointer { codes in for i in block { out.base[i * width + j] = codes[rows[i]] == code ? 1 : 0 } }
            }
          }
        }
      }
      count = n * width
    }
  }
}

/// A mutable buffer handed to the fill's workers; each writes only the cells of its own rows.
struct UnsafeMutableBufferPointerBox: @unchecked Sendable {
  let base: UnsafeMutableBufferPointer<Double>
  init(_ base: UnsafeMutableBufferPointer<Double>) { self.base = base }
}
