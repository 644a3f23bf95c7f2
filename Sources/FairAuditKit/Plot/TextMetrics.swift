/// Rough text widths for a generic sans-serif font. SVG cannot be measured without a renderer,
/// so margins and truncation use Helvetica/Arial advance widths, which are close enough for
/// layout and, unlike real measurement, identical on every machine.
public enum TextMetrics {
  /// Widths are inflated by this factor so labels also fit with DejaVu Sans, the usual Linux
  /// `sans-serif`, whose glyphs are 10-14% wider than Helvetica's.
  public static let allowance = 1.12

  /// Advance widths in 1/1000 em for ASCII 0x20...0x7E (Helvetica metrics).
  private static let asciiWidths: [Int] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  // space ... /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556,  // 0-9
    278, 278, 584, 584, 584, 556, 1015,  // : ; < = > ? @
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,  // A-M
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611,  // N-Z
    278, 278, 278, 469, 556, 333,  // [ \ ] ^ _ `
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833,  // a-m
    556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500,  // n-z
    334, 260, 334, 584,  // { | } ~
  ]

  public static let ellipsis = "\u{2026}"

  /// Estimated rendered width in px of `text` at `fontSize` px.
  public static func width(_ text: String, fontSize: Double) -> Double {
    var units = 0
    for scalar in text.unicodeScalars { units += advance(scalar) }
    return Double(units) / 1000 * fontSize * allowance
  }

  /// `text` unchanged if it fits in `maxWidth` px, else the longest prefix (whole characters,
  /// trailing spaces dropped) followed by an ellipsis. Never longer than the input.
  public static func truncate(_ text: String, toWidth maxWidth: Double, fontSize: Double) -> String {
    guard width(text, fontSize: fontSize) > maxWidth else { return text }
    let budget = maxWidth - width(ellipsis, fontSize: fontSize)
    var prefix = ""
    var used = 0.0
    for character in text {
      let w = width(String(character), fontSize: fontSize)
      if used + w > budget { break }
      prefix.append(character)
      used += w
    }
    while prefix.last?.isWhitespace == true { prefix.removeLast() }
    return prefix + ellipsis
  }

  /// Width of one scalar in 1/1000 em: table for ASCII, 0 for combining marks and controls,
  /// a full em for East Asian wide characters and emoji, 600 otherwise.
  static func advance(_ scalar: Unicode.Scalar) -> Int {
    let v = scalar.value
    if v >= 0x20 && v <= 0x7E { return asciiWidths[Int(v - 0x20)] }
    if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
    if v == 0x2026 { return 1000 }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return 0
    default: break
    }
    return isWide(v) ? 1000 : 600
  }

  private static func isWide(_ v: UInt32) -> Bool {
    let ranges: [ClosedRange<UInt32>] = [
      0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
      0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1FAFF, 0x20000...0x3FFFD,
    ]
    return ranges.contains { $0.contains(v) }
  }
}
