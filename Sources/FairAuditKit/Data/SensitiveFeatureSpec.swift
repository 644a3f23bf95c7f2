/// How a user names a binary sensitive feature on the command line:
/// `housing` (a two-valued column), `race=African-American` (one level versus the rest),
/// `age<25`, `age>=60` (a numeric threshold).
public struct SensitiveFeatureSpec: Equatable, Sendable, CustomStringConvertible {
  public enum Kind: Equatable, Sendable {
    case binaryColumn
    case level(String)
    case threshold(op: String, value: Double)
  }

  public let column: String
  public let kind: Kind
  public let description: String

  /// - Throws: `.invalidOption` for an empty name or an unparsable threshold.
  public init(parsing text: String) throws(FairAuditError) {
    description = text
    for op in ["<=", ">=", "<", ">"] {
      if let r = text.range(of: op) {
        let name = String(text[..<r.lowerBound]), rest = String(text[r.upperBound...])
        guard !name.isEmpty, let v = Double(rest), v.isFinite else {
          throw .invalidOption(option: "--sensitive", reason: "\"\(text)\" is not of the form column\(op)number")
        }
        column = name
        kind = .threshold(op: op, value: v)
        return
      }
    }
    if let eq = text.firstIndex(of: "=") {
      let name = String(text[..<eq]), level = String(text[text.index(after: eq)...])
      guard !name.isEmpty, !level.isEmpty else {
        throw .invalidOption(option: "--sensitive", reason: "\"\(text)\" is not of the form column=level")
      }
      column = name
      kind = .level(level)
      return
    }
    guard !text.isEmpty else { throw .invalidOption(option: "--sensitive", reason: "empty feature name") }
    column = text
    kind = .binaryColumn
  }
}
