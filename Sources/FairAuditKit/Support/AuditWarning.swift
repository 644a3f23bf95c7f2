/// Something fairaudit repaired or left out instead of stopping, shown on standard error
/// (`warning: ...`), in the report's executive summary and in the JSON (`warnings`, by `code`).
/// Every case names the file, column, level or model it concerns.
public enum AuditWarning: Equatable, Sendable, CustomStringConvertible {
  /// The bytes are not valid UTF-8 (or carry a UTF-16 byte-order mark) and were decoded as `encoding`.
  case decodedAs(path: String, encoding: String, reason: String)
  /// Header names used more than once; later copies were renamed.
  case duplicateHeader(name: String, renamedTo: [String])
  /// An empty header name (the unnamed index column pandas and R write) was given a name.
  case emptyHeader(position: Int, renamedTo: String)
  /// Every record ends with the delimiter: the empty last column is ignored.
  case trailingDelimiter
  /// Text such as `unknown` or `N/A` in an otherwise numeric column, read as missing.
  case textAsMissing(column: String, markers: [String], cells: Int)
  /// Numbers written with a decimal comma or thousands separators, converted.
  case numberFormat(column: String, format: String)
  /// Values that look like numbers with an ambiguous separator (`1,500`), kept as text.
  case ambiguousNumbers(column: String, example: String)
  /// A covariate left out of the model, and why.
  case covariateLeftOut(column: String, reason: CovariateExclusion)
  /// A design column removed because it is a linear combination of earlier ones.
  case aliasedColumn(name: String, combinationOf: [String])
  /// The design is nearly collinear (condition number of the column-scaled design).
  case nearCollinear(conditionNumber: Double, columns: [String])
  /// The grouping column cannot support a random intercept as given.
  case weakCluster(column: String, reason: String)
  /// (Quasi-)separation: the maximum-likelihood estimate does not exist along these design
  /// columns, so every model was fitted with the ridge fallback of weight `ridge`.
  case separation(columns: [String], ridge: Double)
  /// A model stopped without meeting its convergence criteria, or needed a fallback.
  case model(name: String, detail: String)
  /// A shadow price disagrees with the finite difference of the optimal loss re-solved at c +/- h.
  case shadowPriceCheck(model: String, feature: String, multiplier: Double, finiteDifference: Double)

  /// Why a column was left out of the covariates.
  public enum CovariateExclusion: Equatable, Sendable {
    case constant(value: String)
    case allMissing
    case identifier
    case date
    case tooManyLevels(levels: Int, limit: Int)
  }

  /// Stable identifier for the JSON summary.
  public var code: String {
    switch self {
    case .decodedAs: return "encoding"
    case .duplicateHeader: return "duplicate_header"
    case .emptyHeader: return "empty_header"
    case .trailingDelimiter: return "trailing_delimiter"
    case .textAsMissing: return "text_as_missing"
    case .numberFormat: return "number_format"
    case .ambiguousNumbers: return "ambiguous_numbers"
    case .covariateLeftOut(_, let reason):
      switch reason {
      case .constant: return "constant_column"
      case .allMissing: return "empty_column"
      case .identifier: return "identifier_column"
      case .date: return "date_column"
      case .tooManyLevels: return "too_many_levels"
      }
    case .aliasedColumn: return "aliased_column"
    case .nearCollinear: return "near_collinear"
    case .weakCluster: return "weak_cluster"
    case .separation: return "separation"
    case .model: return "model"
    case .shadowPriceCheck: return "shadow_price_check"
    }
  }

  public var description: String {
    let q = MessageText.quoted
    switch self {
    case .decodedAs(let path, let encoding, let reason):
      return "\(MessageText.path(path)): \(reason); decoded as \(encoding) (set --encoding to choose)"
    case .duplicateHeader(let name, let renamed):
      return
        "the header names column \(q(name)) \(renamed.count + 1) times; the later ones are read as \(renamed.map(q).joined(separator: ", "))"
    case .emptyHeader(let position, let name):
      return "column \(position) has an empty header name; it is read as \(q(name))"
    case .trailingDelimiter:
      return "every line ends with the delimiter; the empty last column is ignored"
    case .textAsMissing(let column, let markers, let cells):
      return
        "column \(q(column)) is numeric but \(cells) cell\(cells == 1 ? "" : "s") hold \(markers.map(q).joined(separator: ", ")); read as missing"
    case .numberFormat(let column, let format):
      return "column \(q(column)) is read as numbers written \(format)"
    case .ambiguousNumbers(let column, let example):
      return
        "column \(q(column)) looks numeric but \(q(example)) could use ',' as a decimal or a thousands separator; it is read as text (set --decimal)"
    case .covariateLeftOut(let column, let reason):
      switch reason {
      case .constant(let value):
        return "column \(q(column)) has the single value \(q(value)) in the rows used; left out of the covariates"
      case .allMissing:
        return "column \(q(column)) has no values; left out of the covariates"
      case .identifier:
        return "column \(q(column)) looks like a row identifier (a different value in every row); left out of the covariates"
      case .date:
        return "column \(q(column)) holds dates; left out of the covariates (name it in --features to use it as days since 1970-01-01)"
      case .tooManyLevels(let levels, let limit):
        return "column \(q(column)) has \(levels) levels, more than --max-levels \(limit); left out of the covariates"
      }
    case .aliasedColumn(let name, let combination):
      let of = combination.isEmpty ? "the intercept" : combination.map(q).joined(separator: ", ")
      return "design column \(q(name)) is a linear combination of \(of); dropped (as R's glm reports it NA)"
    case .nearCollinear(let kappa, let columns):
      return
        "the design is nearly collinear (condition number \(NumberFormat.significant(kappa, 3))); involved: \(columns.map(q).joined(separator: ", "))"
    case .weakCluster(let column, let reason):
      return "cluster column \(q(column)): \(reason)"
    case .separation(let columns, let ridge):
      return
        "(quasi-)separation: the outcome is perfectly predicted along \(MessageText.list(columns)) (a rare level, a level with one outcome or a copy of the target); every model adds the ridge fallback (kappa/2) sum beta_j^2, kappa = \(NumberFormat.significant(ridge, 3))"
    case .model(let name, let detail):
      return "\(name): \(detail)"
    case .shadowPriceCheck(let model, let feature, let multiplier, let fd):
      return
        "\(model): the shadow price of \(q(feature)) (\(NumberFormat.scientific(multiplier))) disagrees with the finite difference of the optimal loss (\(NumberFormat.scientific(fd))) by more than 1e-3 relative; read it with care"
    }
  }
}
