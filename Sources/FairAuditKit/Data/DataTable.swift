/// Typed view of a CSV: numeric, date or categorical columns (`ColumnTyping`), with what was
/// repaired while reading and typing.
public struct DataTable: Sendable {
  public static let defaultMissingMarkers: Set<String> = ["", "NA", "?"]

  public let path: String
  public let columns: [DataColumn]
  public let recordLines: [Int]
  /// Repairs made while reading and typing, in column order.
  public let warnings: [AuditWarning]
  /// Header names written more than once, with the names their copies are read as.
  public let duplicates: [String: [String]]

  public var rowCount: Int { recordLines.count }
  public var names: [String] { columns.map(\.name) }

  /// - Parameter parallel: threads typing the columns, one column per piece (never changes a result).
  public init(
    csv: CSVTable, path: String, missingMarkers: Set<String> = DataTable.defaultMissingMarkers, decimal: DecimalMark = .auto,
    parallel: ParallelWork = .serial
  ) {
    self.path = path
    recordLines = csv.recordLines
    let typed = parallel.map(csv.header.count) { i in
      ColumnTyping(
        name: csv.header[i], raw: csv.columns[i], missing: missingMarkers, decimal: decimal, quotedText: csv.quotedText.contains(i))
    }
    columns = typed.map(\.column)
    warnings = csv.warnings + typed.flatMap(\.warnings)
    duplicates = csv.duplicates
  }

  /// A table built in memory (simulations).
  public init(path: String, columns: [DataColumn], recordLines: [Int]) {
    self.path = path
    self.columns = columns
    self.recordLines = recordLines
    warnings = []
    duplicates = [:]
  }

  /// Whether `name` is exactly a column's name (names may contain `<`, `=`, `,` or spaces).
  public func has(_ name: String) -> Bool { columns.contains { $0.name == name } }

  /// - Throws: `.ambiguousColumn` for a name the header uses more than once, `.unknownColumn`
  ///   listing names within edit distance 2 or sharing a prefix.
  public func column(named name: String, role: String) throws(FairAuditError) -> DataColumn {
    if let copies = duplicates[name] { throw .ambiguousColumn(name: name, role: role, readAs: copies) }
    if let c = columns.first(where: { $0.name == name }) { return c }
    throw .unknownColumn(name: name, role: role, suggestions: Self.closeMatches(name, in: names))
  }

  /// Physical line of a 0-based data row.
  public func line(ofRow row: Int) -> Int { recordLines[row] }

  static func closeMatches(_ name: String, in names: [String]) -> [String] {
    let lower = name.lowercased()
    return names.filter { candidate in
      let c = candidate.lowercased()
      return c == lower || c.hasPrefix(lower) || lower.hasPrefix(c) || editDistance(Array(c), Array(lower)) <= 2
    }
  }

  static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
      var current = [i] + [Int](repeating: 0, count: b.count)
      for j in stride(from: 1, through: b.count, by: 1) {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      previous = current
    }
    return previous[b.count]
  }
}

extension String {
  var trimmingSpaces: Substring {
    var s = Substring(self)
    while s.first == " " { s = s.dropFirst() }
    while s.last == " " { s = s.dropLast() }
    return s
  }
}
