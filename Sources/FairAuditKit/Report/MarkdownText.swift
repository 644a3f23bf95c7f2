/// Turns untrusted text (column names, levels from a CSV) into Markdown that renders as the
/// literal text: every ASCII punctuation character is backslash-escaped (CommonMark 2.4), so
/// `<script>`, `*x*` or `[a](b)` cannot become HTML, emphasis or links even with CMARK_OPT_UNSAFE.
/// Line breaks become spaces and other control characters U+FFFD.
public enum MarkdownText {
  public static func literal(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count * 2)
    for c in s.unicodeScalars {
      if c.isASCII && c.value >= 0x21 && c.value <= 0x7E && !c.properties.isAlphabetic && !("0"..."9").contains(c) {
        out.append("\\")
        out.unicodeScalars.append(c)
      } else if c == "\n" || c == "\r" {
        out.append(" ")
      } else if c.value < 0x20 && c != "\t" {
        out.append("\u{FFFD}")  // other control characters (NUL, ESC, ...) never reach the page
      } else {
        out.unicodeScalars.append(c)
      }
    }
    return out
  }
}
