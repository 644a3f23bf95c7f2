/// A bank-like synthetic data set of any size (`fairaudit simulate --rows N --strata Q --columns P`):
/// a stratum column with Q levels (`s001`, ...), P covariate columns (the two sensitive features
/// `housing` and `loan`, then numeric `x1, x2, ...` and categorical `c1, c2, ...` columns, two numeric
/// to one categorical) and the target `y` (yes/no). Sensitive features depend on covariates
/// (housing on x1 and the stratum, loan on x2 and c1), and
/// y ~ Bernoulli(logistic(-1 + sum_j beta_j x_j + category effects + 0.5 housing - 0.4 loan + b_i)),
/// b_i ~ N(0, 0.6^2) per stratum.
///
/// Rows are drawn in blocks of `blockRows`, each from its own seeded stream, so the bytes depend on
/// the seed and the sizes only, and blocks can be written in parallel.
public struct LargeSample: Sendable {
  public static let blockRows = 65_536
  /// Levels of categorical column c_k: 3 + (k mod 4).
  static func levelCount(_ k: Int) -> Int { 3 + k % 4 }

  public let rows: Int
  public let strata: Int
  /// Covariate columns, the two sensitive features included (at least 2).
  public let columns: Int
  public let seed: UInt64
  /// Random intercept of each stratum.
  public let intercepts: [Double]
  /// Kind of each covariate after housing and loan: true numeric, false categorical.
  let numericColumn: [Bool]
  let beta: [Double]
  /// Effects of the levels of each categorical column (level 0 has none).
  let levelEffects: [[Double]]

  public init(rows: Int, strata: Int, columns: Int, seed: UInt64) {
    precondition(rows >= 0 && strata >= 1 && columns >= 2)
    self.rows = rows
    self.strata = strata
    self.columns = columns
    self.seed = seed
    var rng = SplitMix64(seed: seed)
    intercepts = (0..<strata).map { _ in 0.6 * rng.normal() }
    numericColumn = (0..<(columns - 2)).map { $0 % 3 != 2 }
    beta = numericColumn.map { _ in 0.6 * rng.normal() }
    var categorical = 0
    var effects: [[Double]] = []
    for isNumeric in numericColumn where !isNumeric {
      effects.append([0] + (1..<Self.levelCount(categorical)).map { _ in 0.4 * rng.normal() })
      categorical += 1
    }
    levelEffects = effects
  }

  /// The header line: `stratum,housing,loan,x1,...,c1,...,y` in column order.
  public var header: String {
    var names = ["stratum", "housing", "loan"]
    var (numeric, categorical) = (0, 0)
    for isNumeric in numericColumn {
      if isNumeric {
        numeric += 1
        names.append("x\(numeric)")
      } else {
        categorical += 1
        names.append("c\(categorical)")
      }
    }
    return (names + ["y"]).joined(separator: ",") + "\n"
  }

  public var blockCount: Int { (rows + Self.blockRows - 1) / Self.blockRows }

  /// The CSV bytes of block b (no header): rows [b B, min((b + 1) B, N)).
  public func block(_ b: Int) -> [UInt8] {
    let first = b * Self.blockRows
    let count = min(Self.blockRows, rows - first)
    var rng = SplitMix64(seed: seed ^ (0x9E37_79B9_7F4A_7C15 &* UInt64(b + 1)))
    var out: [UInt8] = []
    out.reserveCapacity(count * (columns * 9 + 16))
    var x = [Double](repeating: 0, count: numericColumn.count)
    var level = [Int](repeating: 0, count: numericColumn.count)
    for _ in 0..<count {
      let s = rng.integer(below: strata)
      var eta = -1 + intercepts[s]
      var categorical = 0
      for j in numericColumn.indices {
        if numericColumn[j] {
          x[j] = rng.normal()
          eta += beta[j] * x[j]
        } else {
          level[j] = rng.integer(below: Self.levelCount(categorical))
          eta += levelEffects[categorical][level[j]]
          categorical += 1
        }
      }
      // Sensitive features correlated with covariates: housing with x1 and the stratum, loan with x2 and c1.
      let x1 = numericColumn.count > 0 ? x[0] : 0
      let x2 = numericColumn.count > 1 ? x[1] : 0
      let c1 = numericColumn.count > 2 ? Double(level[2]) : 0
      let housing = rng.uniform() < StableMath.logistic(0.8 * x1 + 0.5 * intercepts[s])
      let loan = rng.uniform() < StableMath.logistic(-1.5 + 0.6 * x2 + 0.3 * c1)
      eta += (housing ? 0.5 : 0) - (loan ? 0.4 : 0)
      let y = rng.uniform() < StableMath.logistic(eta)
      Self.append("s", to: &out)
      Self.appendPadded(s + 1, width: 3, to: &out)
      Self.append(housing ? ",yes" : ",no", to: &out)
      Self.append(loan ? ",yes" : ",no", to: &out)
      categorical = 0
      for j in numericColumn.indices {
        out.append(UInt8(ascii: ","))
        if numericColumn[j] {
          Self.appendFixed(x[j], to: &out)
        } else {
          out.append(UInt8(ascii: "L"))
          Self.appendPadded(level[j], width: 1, to: &out)
          categorical += 1
        }
      }
      Self.append(y ? ",yes\n" : ",no\n", to: &out)
    }
    return out
  }

  static func append(_ text: StaticString, to out: inout [UInt8]) {
    text.withUTF8Buffer { out.append(contentsOf: $0) }
  }

  /// Decimal digits of a non-negative integer, zero-padded to `width`.
  static func appendPadded(_ value: Int, width: Int, to out: inout [UInt8]) {
    var digits: [UInt8] = []
    var v = value
    repeat {
      digits.append(UInt8(ascii: "0") + UInt8(v % 10))
      v /= 10
    } while v > 0
    while digits.count < width { digits.append(UInt8(ascii: "0")) }
    out.append(contentsOf: digits.reversed())
  }

  /// The value rounded to 4 decimals, written `-1.2345` (fixed point: fast and exact to read back).
  static func appendFixed(_ value: Double, to out: inout [UInt8]) {
    let scaled = Int((abs(value) * 10_000).rounded())
    if value < 0 && scaled != 0 { out.append(UInt8(ascii: "-")) }
    appendPadded(scaled / 10_000, width: 1, to: &out)
    out.append(UInt8(ascii: "."))
    appendPadded(scaled % 10_000, width: 4, to: &out)
  }
}
