/// Dates and timestamps as spreadsheets and databases export them: `2023-01-31`, `2023/01/31`,
/// `2023-01-31 12:00:00`, `2023-01-31T12:00:00Z` (offsets ignored), `31.01.2023`, `31/01/2023` or
/// `01/31/2023` (day first when a first part exceeds 12, else month first as in US exports).
/// Read as days since 1970-01-01 (fractional with a time of day).
enum DateText {
  enum Order { case yearFirst, dayFirst, monthFirst }

  /// The three date numbers and the time of day in days, or nil when `s` is not a date.
  static func components(_ s: Substring) -> (parts: [Int], yearFirst: Bool, dayFraction: Double)? {
    let t = NumberText.trimmed(s)
    var datePart = t
    var fraction = 0.0
    if let cut = t.firstIndex(where: { $0 == "T" || $0 == " " }) {
      datePart = t[..<cut]
      guard let f = timeOfDay(t[t.index(after: cut)...]) else { return nil }
      fraction = f
    }
    for separator in ["-", "/", "."] as [Character] {
      let fields = datePart.split(separator: separator, omittingEmptySubsequences: false)
      guard fields.count == 3, fields.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCIIDigit) }) else { continue }
      let numbers = fields.compactMap { Int($0) }
      if fields[0].count == 4 && fields[1].count <= 2 && fields[2].count <= 2 && separator != "." {
        return (numbers, true, fraction)
      }
      if fields[2].count == 4 && fields[0].count <= 2 && fields[1].count <= 2 && separator != "-" {
        return (numbers, false, fraction)
      }
    }
    return nil
  }

  /// `HH:MM`, `HH:MM:SS`, `HH:MM:SS.fff`, optionally followed by `Z` or `+hh:mm` (ignored).
  static func timeOfDay(_ s: Substring) -> Double? {
    var t = s
    if t.hasSuffix("Z") { t = t.dropLast() }
    if let sign = t.lastIndex(where: { $0 == "+" || $0 == "-" }) { t = t[..<sign] }
    let fields = t.split(separator: ":", omittingEmptySubsequences: false)
    guard (2...3).contains(fields.count), let h = Int(fields[0]), let m = Int(fields[1]), (0...23).contains(h), (0...59).contains(m)
    else { return nil }
    let seconds = fields.count == 3 ? Double(fields[2]) ?? -1 : 0
    guard (0..<61).contains(seconds) else { return nil }
    return (Double(h * 3600 + m * 60) + seconds) / 86_400
  }

  /// Days since 1970-01-01 of a valid civil date (proleptic Gregorian), else nil.
  static func days(year: Int, month: Int, day: Int) -> Double? {
    guard (1...12).contains(month), (1...31).contains(day), (1000...9999).contains(year) else { return nil }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    guard day <= lengths[month - 1] else { return nil }
    // Howard Hinnant's days_from_civil.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return Double(era * 146_097 + doe - 719_468)
  }

  /// Days since 1970 for every value, when all of them are dates in one order; else nil.
  static func column(_ values: [Substring]) -> [Double]? {
    var parsed: [(parts: [Int], yearFirst: Bool, dayFraction: Double)] = []
    parsed.reserveCapacity(values.count)
    for v in values {
      guard let c = components(v) else { return nil }
      parsed.append(c)
    }
    guard let first = parsed.first, parsed.allSatisfy({ $0.yearFirst == first.yearFirst }) else { return nil }
    let order: Order =
      first.yearFirst ? .yearFirst : parsed.contains { $0.parts[0] > 12 } ? .dayFirst : .monthFirst
    var out: [Double] = []
    out.reserveCapacity(parsed.count)
    for c in parsed {
      let (y, m, d): (Int, Int, Int)
      switch order {
      case .yearFirst: (y, m, d) = (c.parts[0], c.parts[1], c.parts[2])
      case .dayFirst: (y, m, d) = (c.parts[2], c.parts[1], c.parts[0])
      case .monthFirst: (y, m, d) = (c.parts[2], c.parts[0], c.parts[1])
      }
      guard let days = days(year: y, month: m, day: d) else { return nil }
      out.append(days + c.dayFraction)
    }
    return out
  }
}
