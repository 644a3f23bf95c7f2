/// One typed column. Numeric values hold NaN for missing; categorical codes hold -1 for missing.
public struct DataColumn: Sendable {
  public enum Values: Sendable {
    case numeric([Double])
    case categorical(codes: [Int32], levels: [String])
  }

  public let name: String
  public let values: Values
  /// First value that parsed as a number but is not finite ("NaN", "inf"): (row index, text).
  public let firstNonFinite: (row: Int, text: String)?
  /// Dates read as days since 1970-01-01 (numeric values); left out of the covariates unless named.
  public let isDate: Bool

  public init(name: String, values: Values, firstNonFinite: (row: Int, text: String)?, isDate: Bool = false) {
    self.name = name
    self.values = values
    self.firstNonFinite = firstNonFinite
    self.isDate = isDate
  }

  /// Number of distinct non-missing values (levels of a categorical column).
  public var distinctCount: Int {
    switch values {
    case .numeric(let x): return Set(x.filter { !$0.isNaN }).count
    case .categorical(let codes, let levels): return levels.isEmpty ? 0 : Set(codes.filter { $0 >= 0 }).count
    }
  }

  /// Rows with a value.
  public var presentCount: Int {
    switch values {
    case .numeric(let x): return x.lazy.filter { !$0.isNaN }.count
    case .categorical(let codes, _): return codes.lazy.filter { $0 >= 0 }.count
    }
  }

  public var isNumeric: Bool { if case .numeric = values { return true } else { return false } }

  public func isMissing(_ row: Int) -> Bool {
    switch values {
    case .numeric(let x): return x[row].isNaN
    case .categorical(let codes, _): return codes[row] < 0
    }
  }

  /// The value of a row as text (levels as written, numbers in shortest form).
  public func text(_ row: Int) -> String {
    switch values {
    case .numeric(let x): return x[row].isNaN ? "" : NumberFormat.significant(x[row], 12)
    case .categorical(let codes, let levels): return codes[row] < 0 ? "" : levels[Int(codes[row])]
    }
  }

  /// The one value `rows` hold (empty text when they hold none), or nil when they hold two or more.
  public func singleValue(in rows: [Int]) -> String? {
    guard let first = rows.first(where: { !isMissing($0) }) else { return "" }
    switch values {
    case .numeric(let x):
      for r in rows where !x[r].isNaN && x[r] != x[first] { return nil }
    case .categorical(let codes, _):
      for r in rows where codes[r] >= 0 && codes[r] != codes[first] { return nil }
    }
    return text(first)
  }

  /// Distinct non-missing values among `rows`, as text, byte-sorted.
  public func distinctValues(in rows: [Int]) -> [String] {
    switch values {
    case .numeric(let x):
      return Set(rows.map { x[$0] }.filter { !$0.isNaN }).sorted().map { NumberFormat.significant($0, 12) }
    case .categorical(let codes, let levels):
      return Set(rows.map { codes[$0] }.filter { $0 >= 0 }).sorted().map { levels[Int($0)] }
    }
  }
}
