/// A resolved binary sensitive feature: z = 1 for the `protectedLabel` group, 0 for `otherLabel`.
public struct SensitiveFeature: Sendable {
  public let name: String
  public let column: String
  public let protectedLabel: String
  public let otherLabel: String
  /// 0/1 per data row (NaN where the source value is missing).
  public let z: [Double]

  /// Values read as "the feature is present" when a binary column's levels are a known pair.
  static let positiveLooking: Set<String> = ["yes", "true", "1", "y", "t"]

  /// - Throws: `.unknownColumn`, `.notBinary`, `.invalidOption` (threshold on a categorical column).
  public init(spec: SensitiveFeatureSpec, table: DataTable, rows: [Int]) throws(FairAuditError) {
    let column = try table.column(named: spec.column, role: "sensitive")
    name = spec.description
    self.column = spec.column
    switch spec.kind {
    case .binaryColumn:
      let levels = column.distinctValues(in: rows)
      if levels.count == 1 { throw .emptyGroup(feature: name, group: "any value other than " + MessageText.plain(levels[0])) }
      guard levels.count == 2 else { throw .notBinary(column: spec.column, role: "sensitive", levels: levels) }
      let one = Self.protectedLevel(levels, column: column, rows: rows)
      protectedLabel = one
      otherLabel = levels.first { $0 != one } ?? ""
      z = column.mapText(rows: 0..<table.rowCount) { $0.map { $0 == one ? 1 : 0 } ?? .nan }
    case .level(let level):
      protectedLabel = level
      otherLabel = "not \(level)"
      guard column.distinctValues(in: rows).contains(level) else { throw .emptyGroup(feature: name, group: level) }
      z = column.mapText(rows: 0..<table.rowCount) { $0.map { $0 == level ? 1 : 0 } ?? .nan }
    case .threshold(let op, let value):
      guard case .numeric(let x) = column.values else {
        throw .invalidOption(option: "--sensitive", reason: "\"\(spec.description)\": column \"\(spec.column)\" is not numeric")
      }
      protectedLabel = spec.description
      otherLabel = "not \(spec.description)"
      z = x.map { v in v.isNaN ? .nan : (Self.compare(v, op, value) ? 1 : 0) }
    }
  }

  static func compare(_ v: Double, _ op: String, _ t: Double) -> Bool {
    switch op {
    case "<": return v < t
    case "<=": return v <= t
    case ">": return v > t
    default: return v >= t
    }
  }

  /// yes/true/1 when present; otherwise the less frequent level (ties: the byte-wise larger).
  static func protectedLevel(_ levels: [String], column: DataColumn, rows: [Int]) -> String {
    if let p = levels.first(where: { positiveLooking.contains($0.lowercased()) }),
      levels.contains(where: { !positiveLooking.contains($0.lowercased()) })
    {
      return p
    }
    let level = column.mapText(rows: rows) { $0 == levels[0] ? 0 : ($0 == levels[1] ? 1 : 2) }
    let count0 = level.lazy.filter { $0 == 0 }.count
    let count1 = level.lazy.filter { $0 == 1 }.count
    return count0 < count1 ? levels[0] : levels[1]
  }
}
