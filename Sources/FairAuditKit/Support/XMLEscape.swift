/// Strict escaping for text and attribute values placed into HTML or SVG.
public enum XMLEscape {
  public static func escape(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for c in s.unicodeScalars {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default:
        // Control characters other than tab/newline are not allowed in XML 1.0.
        if c.value < 0x20 && c != "\t" && c != "\n" { out += "\u{FFFD}" } else { out.unicodeScalars.append(c) }
      }
    }
    return out
  }

  /// Escaped and on one line (line breaks become spaces): text inside an HTML block of a
  /// CommonMark document, where a blank line would end the block and let Markdown through.
  public static func blockText(_ s: String) -> String {
    guard s.contains(where: \.isNewline) else { return escape(s) }
    return escape(String(s.map { $0.isNewline ? " " : $0 }))
  }
}
