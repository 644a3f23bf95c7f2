/// The part of TOML 1.0 a flat option file needs, read strictly: `key = value` lines with bare or
/// quoted keys, basic strings ("..." with \\ \" \n \t \uXXXX escapes), literal strings ('...'),
/// integers, floats, booleans and one-line arrays of these; `#` comments and blank lines. Tables,
/// dotted keys, multi-line strings, dates and inline tables are errors naming the line, never
/// misread (a full TOML library would add a C++ dependency for features an option file never uses).
public enum TOMLSubset {
  public struct ParseError: Error, Equatable, CustomStringConvertible {
    public let line: Int
    public let reason: String
    public var description: String { "line \(line): \(reason)" }
  }

  /// The key-value pairs in file order.
  public static func parse(_ text: String) throws(ParseError) -> [(key: String, value: ConfigFile.Value)] {
    var out: [(key: String, value: ConfigFile.Value)] = []
    for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      var scanner = Scanner(Array(raw.unicodeScalars), line: i + 1)
      scanner.skipSpace()
      if scanner.atEnd || scanner.peek == "#" { continue }
      if scanner.peek == "[" { throw ParseError(line: i + 1, reason: "tables are not supported; write every option at the top level") }
      let key = try scanner.key()
      scanner.skipSpace()
      guard scanner.take("=") else { throw ParseError(line: i + 1, reason: "expected = after the key \(MessageText.quoted(key))") }
      scanner.skipSpace()
      let value = try scanner.value()
      scanner.skipSpace()
      guard scanner.atEnd || scanner.peek == "#" else {
        throw ParseError(line: i + 1, reason: "unexpected text after the value of \(MessageText.quoted(key))")
      }
      out.append((key, value))
    }
    return out
  }

  /// A cursor over one line.
  struct Scanner {
    var chars: [Unicode.Scalar]
    var i = 0
    let line: Int

    init(_ chars: [Unicode.Scalar], line: Int) {
      self.chars = chars.last == "\r" ? Array(chars.dropLast()) : chars
      self.line = line
    }

    var atEnd: Bool { i >= chars.count }
    var peek: Unicode.Scalar? { atEnd ? nil : chars[i] }

    mutating func skipSpace() { while let c = peek, c == " " || c == "\t" { i += 1 } }

    mutating func take(_ c: Unicode.Scalar) -> Bool {
      guard peek == c else { return false }
      i += 1
      return true
    }

    func fail(_ reason: String) -> ParseError { ParseError(line: line, reason: reason) }

    mutating func key() throws(ParseError) -> String {
      if peek == "\"" || peek == "'" { return try string() }
      var s = ""
      while let c = peek, c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "-" || c == "_" {
        s.unicodeScalars.append(c)
        i += 1
      }
      if peek == "." { throw fail("dotted keys are not supported") }
      guard !s.isEmpty else { throw fail("expected a key") }
      return s
    }

    mutating func value() throws(ParseError) -> ConfigFile.Value {
      guard let c = peek else { throw fail("expected a value") }
      if c == "[" { return .list(try array()) }
      if c == "\"" || c == "'" { return .text(try string()) }
      let word = bareWord()
      if word == "true" || word == "false" { return .flag(word == "true") }
      guard Self.isNumber(word) else { throw fail("\(MessageText.quoted(word)) is not a string, number, boolean or array") }
      return .text(word.replacingOccurrences(of: "_", with: ""))
    }

    mutating func array() throws(ParseError) -> [String] {
      i += 1
      var items: [String] = []
      while true {
        skipSpace()
        if take("]") { return items }
        guard let c = peek else { throw fail("unterminated array (arrays must be on one line)") }
        if c == "[" { throw fail("nested arrays are not supported") }
        switch try value() {
        case .text(let s): items.append(s)
        case .flag(let b): items.append(b ? "true" : "false")
        case .list: throw fail("nested arrays are not supported")
        }
        skipSpace()
        if take("]") { return items }
        guard take(",") else { throw fail("expected , or ] in the array") }
      }
    }

    mutating func bareWord() -> String {
      var s = ""
      while let c = peek, c != " ", c != "\t", c != ",", c != "]", c != "#" {
        s.unicodeScalars.append(c)
        i += 1
      }
      return s
    }

    /// TOML integers and floats in decimal: sign, digits with single underscores, fraction, exponent.
    static func isNumber(_ w: String) -> Bool {
      let plain = w.replacingOccurrences(of: "_", with: "")
      guard !plain.isEmpty, !w.contains("__"), !w.hasPrefix("_"), !w.hasSuffix("_") else { return false }
      if ["inf", "+inf", "-inf", "nan", "+nan", "-nan"].contains(plain) { return false }
      return Double(plain) != nil && plain.allSatisfy { "0123456789+-.eE".contains($0) }
    }

    mutating func string() throws(ParseError) -> String {
      let quote = chars[i]
      i += 1
      if peek == quote && i + 1 < chars.count && chars[i + 1] == quote { throw fail("multi-line strings are not supported") }
      var s = ""
      while let c = peek {
        i += 1
        if c == quote { return s }
        if c == "\\" && quote == "\"" {
          s.unicodeScalars.append(try escape())
        } else {
          s.unicodeScalars.append(c)
        }
      }
      throw fail("unterminated string")
    }

    mutating func escape() throws(ParseError) -> Unicode.Scalar {
      guard let c = peek else { throw fail("unterminated string") }
      i += 1
      switch c {
      case "\"": return "\""
      case "\\": return "\\"
      case "n": return "\n"
      case "t": return "\t"
      case "r": return "\r"
      case "u", "U":
        let n = c == "u" ? 4 : 8
        guard i + n <= chars.count, let v = UInt32(String(String.UnicodeScalarView(chars[i..<i + n])), radix: 16),
          let scalar = Unicode.Scalar(v)
        else { throw fail("bad escape") }
        i += n
        return scalar
      default: throw fail("unknown escape \\\\" + MessageText.plain(String(c)))
      }
    }
  }
}
