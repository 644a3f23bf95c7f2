/// Data-derived text inside one-line messages: control characters escaped (so a message is
/// always one line), and long values cut to `limit` characters with an ellipsis.
public enum MessageText {
  public static let limit = 80

  /// `"value"`, escaped and cut.
  public static func quoted(_ value: String) -> String { "\"" + plain(value) + "\"" }

  /// A file path, quoted and escaped; a long one keeps its end (the file name).
  public static func path(_ value: String) -> String {
    let scalars = Array(value.unicodeScalars)
    let tail = scalars.count > 2 * limit ? "..." + String(String.UnicodeScalarView(scalars.suffix(2 * limit))) : value
    return "\"" + escaped(tail, limit: Int.max) + "\""
  }

  /// Text of fairaudit's own (which may quote data) kept on one line: escaped, not cut.
  public static func line(_ value: String) -> String { escaped(value, limit: Int.max) }

  /// The value escaped and cut, without quotes.
  public static func plain(_ value: String) -> String { escaped(value, limit: limit) }

  static func escaped(_ value: String, limit: Int) -> String {
    var out = ""
    var count = 0
    for scalar in value.unicodeScalars {
      if count >= limit {
        out += "..."
        break
      }
      switch scalar {
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      default:
        if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.properties.generalCategory == .format {
          out += "\\u{" + String(scalar.value, radix: 16) + "}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
      count += 1
    }
    return out
  }

  /// A list of quoted values, at most `shown` of them.
  public static func list(_ values: [String], shown: Int = 6) -> String {
    let head = values.prefix(shown).map(quoted).joined(separator: ", ")
    return values.count > shown ? head + ", ... (\(values.count) in all)" : head
  }
}
