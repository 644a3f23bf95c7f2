/// How a user names a binary sensitive feature on the command line:
/// `housing` (a two-valued column), `race=African-American` (one level versus the rest),
/// `age<25`, `age>=60` (a numeric threshold). A text that is exactly a column's name is that
/// column, even when the name contains `<`, `>`, `=`, `,` or spaces.
public struct SensitiveFeatureSpec: Equatable, Sendable, CustomStringConvertible {
  public enum Kind: Equatable, Sendable {
    case binaryColumn
    case level(String)
    case threshold(op: String, value: Double)
  }

  public let column: String
  public let kind: Kind
  public let description: String

  /// - Parameter isColumn: whether a text is exactly a column name (the header), so that a name
  ///   such as `age<25` or `a=b` is read as that column first.
  /// - Throws: `.invalidOption` for an empty name or an unparsable threshold.
  public init(parsing text: String, isColumn: (String) -> Bool = { _ in false }) throws(FairAuditError) {
    description = text
    guard !text.isEmpty else { throw .invalidOption(option: "--sensitive", reason: "empty feature name") }
    if isColumn(text) {
      (column, kind) = (text, .binaryColumn)
      return
    }
    if let (name, kind) = Self.split(text, isColumn: isColumn) ?? Self.split(text, isColumn: { _ in true }) {
      (column, self.kind) = (name, kind)
      return
    }
    for op in ["<=", ">=", "<", ">", "="] where text.contains(op) {
      let form = op == "=" ? "column=level" : "column\(op)number"
      throw .invalidOption(option: "--sensitive", reason: "\(MessageText.quoted(text)) is not of the form \(form)")
    }
    (column, kind) = (text, .binaryColumn)
  }

  /// The first operator occurrence whose left side satisfies `isColumn` and whose right side
  /// is a number (thresholds) or non-empty (`=`).
  static func split(_ text: String, isColumn: (String) -> Bool) -> (String, Kind)? {
    for op in ["<=", ">=", "<", ">", "="] {
      var searchStart = text.startIndex
      while let r = text.range(of: op, range: searchStart..<text.endIndex) {
        let name = String(text[..<r.lowerBound]), rest = String(text[r.upperBound...])
        searchStart = r.upperBound
        guard !name.isEmpty, isColumn(name) else { continue }
        if op == "=" {
          if !rest.isEmpty { return (name, .level(rest)) }
        } else if let v = Double(rest), v.isFinite {
          return (name, .threshold(op: op, value: v))
        }
      }
    }
    return nil
  }

  /// The features named by `--sensitive` values: each value is one feature when it is exactly a
  /// column name (or a feature of one), else a comma-separated list whose pieces are joined
  /// back where the joined text names a column (`"a,b"` for a column called `a,b`).
  public static func list(_ values: [String], isColumn: (String) -> Bool) throws(FairAuditError) -> [SensitiveFeatureSpec] {
    var specs: [SensitiveFeatureSpec] = []
    for value in values {
      let parts = value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      var i = 0
      while i < parts.count {
        var text = parts[i].trimmingCharacters(in: .whitespaces)
        var end = i + 1
        for j in stride(from: parts.count, to: i, by: -1) {
          let joined = parts[i..<j].joined(separator: ",")
          let trimmed = joined.trimmingCharacters(in: .whitespaces)
          // Pieces are joined back only where the comma belongs to a column name (`a,b` or
          // `a,b=x`), never to a level: `colour=Black,sex` is two features.
          let accepts = { (t: String) in isColumn(t) || (split(t, isColumn: isColumn).map { j == i + 1 || $0.0.contains(",") } ?? false) }
          if let name = [joined, trimmed].first(where: accepts) {
            (text, end) = (name, j)
            break
          }
        }
        if !text.isEmpty { specs.append(try SensitiveFeatureSpec(parsing: text, isColumn: isColumn)) }
        i = end
      }
    }
    return specs
  }
}
