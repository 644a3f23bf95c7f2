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
    case .categorical(let codes, let levels):
      return Self.levelsMet(codes, levels: levels.count, rows: codes.indices).lazy.filter { $0 }.count
    }
  }

  /// Per level, whether a row among `rows` has it: a flag per level instead of a hashed set of
  /// codes, one pass and no hashing per row.
  static func levelsMet(_ codes: [Int32], levels: Int, rows: some Sequence<Int>) -> [Bool] {
    var seen = [Bool](repeating: false, count: levels)
    codes.withUnsafeBufferPointer { c in for r in rows where c[r] >= 0 { seen[Int(c[r])] = true } }
    return seen
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
      let seen = Self.levelsMet(codes, levels: levels.count, rows: rows)
      return levels.indices.filter { seen[$0] }.map { levels[$0] }
    }
  }

  /// `transform(text(r))` for each of `rows` (nil for a missing value), with `transform` called
  /// once per distinct value (per level code, or per bit pattern of a number) rather than once
  /// per row: the same result as mapping the rows' texts, without a string per row.
  public func mapText<T>(rows: some Collection<Int>, _ transform: (String?) -> T) -> [T] {
    var out: [T] = []
    out.reserveCapacity(rows.count)
    switch values {
    case .categorical(let codes, let levels):
      let missing = transform(nil)
      let perLevel = levels.map(transform)
      codes.withUnsafeBufferPointer { c in
        for r in rows { out.append(c[r] < 0 ? missing : perLevel[Int(c[r])]) }
      }
    case .numeric(let x):
      var memo: [UInt64: T] = [:]
      for r in rows {
        let key = x[r].bitPattern
        if let v = memo[key] {
          out.append(v)
        } else {
          let v = transform(x[r].isNaN ? nil : text(r))
          memo[key] = v
          out.append(v)
        }
      }
    }
    return out
  }
}
