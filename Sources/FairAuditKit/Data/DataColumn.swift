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

  public init(name: String, values: Values, firstNonFinite: (row: Int, text: String)?) {
    self.name = name
    self.values = values
    self.firstNonFinite = firstNonFinite
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
