/// Typed view of a CSV: every column is numeric when all its non-missing values parse as
/// numbers, otherwise categorical.
public struct DataTable: Sendable {
  public static let defaultMissingMarkers: Set<String> = ["", "NA", "?"]

  public let path: String
  public let columns: [DataColumn]
  public let recordLines: [Int]

  public var rowCount: Int { recordLines.count }
  public var names: [String] { columns.map(\.name) }

  public init(csv: CSVTable, path: String, missingMarkers: Set<String> = DataTable.defaultMissingMarkers) {
    self.path = path
    recordLines = csv.recordLines
    columns = zip(csv.header, csv.columns).map { Self.typed(name: $0, raw: $1, missing: missingMarkers) }
  }

  /// A table built in memory (simulations).
  public init(path: String, columns: [DataColumn], recordLines: [Int]) {
    self.path = path
    self.columns = columns
    self.recordLines = recordLines
  }

  /// - Throws: `.unknownColumn` listing names within edit distance 2 or sharing a prefix.
  public func column(named name: String, role: String) throws(FairAuditError) -> DataColumn {
    if let c = columns.first(where: { $0.name == name }) { return c }
    throw .unknownColumn(name: name, role: role, suggestions: Self.closeMatches(name, in: names))
  }

  /// Physical line of a 0-based data row.
  public func line(ofRow row: Int) -> Int { recordLines[row] }

  static func typed(name: String, raw: [String], missing: Set<String>) -> DataColumn {
    var numbers = [Double](repeating: .nan, count: raw.count)
    var nonFinite: (Int, String)? = nil
    var numeric = true
    for (i, s) in raw.enumerated() where !missing.contains(s) {
      guard let v = Double(s) ?? Double(s.trimmingSpaces) else { numeric = false; break }
      if !v.isFinite && nonFinite == nil { nonFinite = (i, s) }
      numbers[i] = v
    }
    if numeric { return DataColumn(name: name, values: .numeric(numbers), firstNonFinite: nonFinite) }
    var index: [String: Int32] = [:]
    var codes = [Int32](repeating: -1, count: raw.count)
    for (i, s) in raw.enumerated() where !missing.contains(s) {
      if let c = index[s] { codes[i] = c } else { let c = Int32(index.count); index[s] = c; codes[i] = c }
    }
    // Re-code so level order is byte-wise ascending (stable, locale-free).
    let levels = index.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    var remap = [Int32](repeating: 0, count: levels.count)
    for (newCode, level) in levels.enumerated() { if let old = index[level] { remap[Int(old)] = Int32(newCode) } }
    for i in codes.indices where codes[i] >= 0 { codes[i] = remap[Int(codes[i])] }
    return DataColumn(name: name, values: .categorical(codes: codes, levels: levels), firstNonFinite: nil)
  }

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
