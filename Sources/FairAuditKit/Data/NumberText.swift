/// How numbers are written in a column: plain (`1234.5`), with a decimal comma (`1234,5`,
/// `1.234,5`) or with thousands commas (`1,234.5`). `--decimal` fixes the decimal mark;
/// otherwise a column's format is detected where its values leave no doubt.
public enum DecimalMark: String, CaseIterable, Sendable {
  case auto
  case point = "."
  case comma = ","
}

/// Parsers for the number formats of `DecimalMark`, and the tests that tell them apart.
enum NumberText {
  enum Format: Equatable {
    case plain, decimalComma, thousandsComma

    var label: String {
      switch self {
      case .plain: return "plainly"
      case .decimalComma: return "with a decimal comma"
      case .thousandsComma: return "with thousands separators"
      }
    }
  }

  static func parse(_ s: Substring, _ format: Format) -> Double? {
    let t = trimmed(s)
    switch format {
    case .plain:
      return Double(t)
    case .decimalComma:
      guard t.contains(",") || t.contains(".") else { return Double(t) }
      guard let (integer, fraction) = split(t, group: ".", decimal: ",") else { return nil }
      return Double(integer + (fraction.map { "." + $0 } ?? ""))
    case .thousandsComma:
      guard t.contains(",") else { return Double(t) }
      guard let (integer, fraction) = split(t, group: ",", decimal: ".") else { return nil }
      return Double(integer + (fraction.map { "." + $0 } ?? ""))
    }
  }

  /// Powers of ten that are exact doubles.
  static let exactPowers: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { r, _ in r * 10 } }

  /// `-?digits(.digits)?` with at most 15 digits, read without making a string: the integer of
  /// all digits is exact and so is 10^k for k <= 22, so one division gives the correctly rounded
  /// value, the same double as `Double(String)` (Clinger's fast path). Nil for anything else.
  static func plainFast(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
    var i = 0, negative = false
    if i < b.count && b[i] == UInt8(ascii: "-") { negative = true; i += 1 }
    var value: Int64 = 0, digits = 0, fraction = 0, seenPoint = false, digitsAfterPoint = 0
    while i < b.count {
      let c = b[i]
      if c >= 48 && c <= 57 {
        digits += 1
        guard digits <= 15 else { return nil }
        value = value * 10 + Int64(c - 48)
        if seenPoint { fraction += 1; digitsAfterPoint += 1 }
      } else if c == UInt8(ascii: "."), !seenPoint, digits > 0 {
        seenPoint = true
      } else {
        return nil
      }
      i += 1
    }
    guard digits > 0, !seenPoint || digitsAfterPoint > 0 else { return nil }
    let magnitude = Double(value) / exactPowers[fraction]
    return negative ? -magnitude : magnitude
  }

  /// Sign and digits with optional `group` separators every three digits, then an optional
  /// `decimal` mark and digits: the integer digits (separators removed) and the fraction.
  static func split(_ t: Substring, group: Character, decimal: Character) -> (String, String?)? {
    var body = t
    var sign = ""
    if let first = body.first, first == "-" || first == "+" {
      sign = first == "-" ? "-" : ""
      body = body.dropFirst()
    }
    let parts = body.split(separator: decimal, maxSplits: 1, omittingEmptySubsequences: false)
    guard let integerPart = parts.first, parts.count <= 2 else { return nil }
    let groups = integerPart.split(separator: group, omittingEmptySubsequences: false)
    guard let head = groups.first, !head.isEmpty, head.count <= (groups.count > 1 ? 3 : Int.max),
      groups.dropFirst().allSatisfy({ $0.count == 3 }), groups.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) })
    else { return nil }
    let fraction = parts.count == 2 ? String(parts[1]) : nil
    if let fraction, fraction.isEmpty || !fraction.allSatisfy(\.isASCIIDigit) { return nil }
    return (sign + groups.joined(), fraction)
  }

  /// Text such as `unknown`, `N/A`, `-` read as missing inside a numeric column: no digits.
  static func isMarker(_ s: Substring) -> Bool { !s.contains(where: \.isASCIIDigit) }

  static func trimmed(_ s: Substring) -> Substring {
    var t = s
    while let f = t.first, f == " " || f == "\t" { t = t.dropFirst() }
    while let l = t.last, l == " " || l == "\t" { t = t.dropLast() }
    return t
  }
}

extension Character {
  var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
