/// Raw text of a CSV file: header names, one `[String]` per column, and the physical line
/// (1-based) on which each data record starts, for error messages.
public struct CSVTable: Sendable {
  public let header: [String]
  public let columns: [[String]]
  public let recordLines: [Int]
  public let delimiter: UInt8

  public var rowCount: Int { recordLines.count }
}
