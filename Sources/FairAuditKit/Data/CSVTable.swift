/// Raw text of a CSV file: header names (made unique and non-empty), one packed `TextColumn` per column,
/// and the physical line (1-based) on which each data record starts, for error messages.
public struct CSVTable: Sendable {
  public let header: [String]
  public let columns: [TextColumn]
  public let recordLines: [Int]
  public let delimiter: UInt8
  /// What was repaired while reading (encoding, header names, trailing delimiter).
  public var warnings: [AuditWarning] = []
  /// Header names written more than once, each with the names its copies are read as.
  public var duplicates: [String: [String]] = [:]
  /// Columns every value of which is quoted in a file that leaves other values unquoted (as R's
  /// write.csv quotes factors and strings): read as text, not numbers.
  public var quotedText: Set<Int> = []

  public var rowCount: Int { recordLines.count }
}
