import Foundation

/// The input's character encoding (`--encoding`). `auto` reads UTF-8 (with or without BOM),
/// converts UTF-16 with a BOM, and decodes bytes that are not valid UTF-8 as Windows-1252
/// with a warning, so that `Müller` and `Möller` stay two levels.
public enum TextEncoding: String, CaseIterable, Sendable {
  case auto
  case utf8 = "utf-8"
  case utf16 = "utf-16"
  case latin1 = "latin-1"
  case windows1252 = "windows-1252"

  /// Accepts common spellings: `UTF8`, `utf_8`, `latin1`, `iso-8859-1`, `cp1252`.
  public init?(name: String) {
    let key = name.lowercased().replacingOccurrences(of: "_", with: "-")
    switch key {
    case "auto": self = .auto
    case "utf-8", "utf8", "utf-8-sig": self = .utf8
    case "utf-16", "utf16", "utf-16le", "utf-16be": self = .utf16
    case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1": self = .latin1
    case "windows-1252", "cp1252", "win-1252": self = .windows1252
    default: return nil
    }
  }
}

/// Turns the raw bytes of a file into UTF-8 bytes without a byte-order mark.
public struct TextDecoding: Sendable {
  public let utf8: [UInt8]
  public let warning: AuditWarning?

  /// - Throws: `.malformedCSV` for invalid UTF-8 under an explicit `--encoding utf-8`, or UTF-16
  ///   without a byte-order mark.
  public init(bytes: [UInt8], encoding: TextEncoding, path: String) throws(FairAuditError) {
    switch encoding {
    case .latin1, .windows1252:
      (utf8, warning) = (Self.singleByte(bytes, windows: encoding == .windows1252), nil)
      return
    case .utf16:
      guard let converted = Self.utf16(bytes) else {
        throw .malformedCSV(path: path, line: 1, reason: "--encoding utf-16 needs a byte-order mark (FF FE or FE FF)")
      }
      (utf8, warning) = (converted, nil)
      return
    case .utf8, .auto:
      break
    }
    if encoding == .auto, let converted = Self.utf16(bytes) {
      (utf8, warning) = (converted, nil)
      return
    }
    let body = Self.hasUTF8BOM(bytes) ? Array(bytes[3...]) : bytes
    guard let bad = Self.firstInvalidUTF8(body) else {
      (utf8, warning) = (body, nil)
      return
    }
    if encoding == .utf8 {
      let line = body[..<bad].reduce(1) { $0 + ($1 == 10 ? 1 : 0) }
      throw .malformedCSV(
        path: path, line: line,
        reason: "byte 0x\(String(body[bad], radix: 16, uppercase: true)) is not valid UTF-8 (try --encoding latin-1)")
    }
    utf8 = Self.singleByte(body, windows: true)
    let source = CSVReader.isStandardInput(path) ? "standard input" : (path as NSString).lastPathComponent
    warning = .decodedAs(path: source, encoding: "Windows-1252", reason: "the input is not valid UTF-8")
  }

  static func hasUTF8BOM(_ b: [UInt8]) -> Bool { b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF }

  /// UTF-16 with a byte-order mark, converted to UTF-8 (unpaired surrogates become U+FFFD).
  static func utf16(_ b: [UInt8]) -> [UInt8]? {
    guard b.count >= 2 else { return nil }
    let little: Bool
    if b[0] == 0xFF && b[1] == 0xFE { little = true } else if b[0] == 0xFE && b[1] == 0xFF { little = false } else { return nil }
    var units: [UInt16] = []
    units.reserveCapacity(b.count / 2)
    var i = 2
    while i + 1 < b.count {
      units.append(little ? UInt16(b[i]) | UInt16(b[i + 1]) << 8 : UInt16(b[i]) << 8 | UInt16(b[i + 1]))
      i += 2
    }
    return Array(String(decoding: units, as: UTF16.self).utf8)
  }

  /// Offset of the first byte that does not start or continue a valid UTF-8 sequence.
  static func firstInvalidUTF8(_ b: [UInt8]) -> Int? {
    var i = 0
    let n = b.count
    while i < n {
      // Eight ASCII bytes at a time (no high bit set in the word); the byte loop takes the rest.
      let asciiEnd = b.withUnsafeBytes { raw -> Int in
        var j = i
        while j + 8 <= n && raw.loadUnaligned(fromByteOffset: j, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { j += 8 }
        return j
      }
      i = asciiEnd
      guard i < n else { break }
      let c = b[i]
      if c < 0x80 { i += 1; continue }
      let length: Int
      var minimum: UInt32
      var value: UInt32
      switch c {
      case 0xC2...0xDF: (length, minimum, value) = (2, 0x80, UInt32(c & 0x1F))
      case 0xE0...0xEF: (length, minimum, value) = (3, 0x800, UInt32(c & 0x0F))
      case 0xF0...0xF4: (length, minimum, value) = (4, 0x10000, UInt32(c & 0x07))
      default: return i
      }
      guard i + length <= n else { return i }
      for k in 1..<length {
        let d = b[i + k]
        guard d & 0xC0 == 0x80 else { return i }
        value = value << 6 | UInt32(d & 0x3F)
      }
      if value < minimum || value > 0x10FFFF || (0xD800...0xDFFF).contains(value) { return i }
      i += length
    }
    return nil
  }

  /// Windows-1252 code points of 0x80-0x9F (0 where the code page leaves them undefined:
  /// those bytes keep their Latin-1 meaning).
  static let windows1252High: [UInt32] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
  ]

  static func singleByte(_ b: [UInt8], windows: Bool) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(b.count + b.count / 8)
    for c in b {
      if c < 0x80 { out.append(c); continue }
      var code = UInt32(c)
      if windows && c < 0xA0, windows1252High[Int(c - 0x80)] != 0 { code = windows1252High[Int(c - 0x80)] }
      out.append(contentsOf: String(Character(Unicode.Scalar(code) ?? "\u{FFFD}")).utf8)
    }
    return out
  }
}
