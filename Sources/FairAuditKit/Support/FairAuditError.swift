/// Every failure fairaudit reports to a user. Each case carries the file, column, row or model
/// it concerns, `description` is one line, and `exitCode` is documented in docs/cli.md.
public enum FairAuditError: Error, Equatable, CustomStringConvertible, Sendable {
  case fileNotFound(path: String)
  case fileUnreadable(path: String, reason: String)
  case malformedCSV(path: String, line: Int, reason: String)
  case unknownColumn(name: String, role: String, suggestions: [String])
  case ambiguousColumn(name: String, role: String, readAs: [String])
  case conflictingRoles(column: String, reason: String)
  case notBinary(column: String, role: String, levels: [String])
  case positiveLabelRequired(column: String, levels: [String])
  case constantColumn(name: String)
  case nonFiniteValue(column: String, row: Int, line: Int, value: String)
  case emptyGroup(feature: String, group: String)
  /// The fits would need more memory than is available (`MemoryBudget`), checked before fitting.
  case insufficientMemory(rows: Int, designColumns: Int, neededBytes: Int, availableBytes: Int)
  case tooFewRows(count: Int, reason: String)
  case singularDesign(model: String, detail: String)
  case didNotConverge(model: String, iterations: Int, gradientNorm: Double)
  /// The fit stopped at a point that fails the optimality conditions (KKT residual or
  /// constraint violation above tolerance); `detail` names the condition and its size.
  case notOptimal(model: String, detail: String)
  case templateMissing(path: String)
  case templateSlot(template: String, slot: String)
  case cannotWrite(path: String, reason: String)
  case invalidOption(option: String, reason: String)
  /// A `--config` file that cannot be read or parsed, or has a key that is not an audit option;
  /// `reason` is one line with data already quoted by `MessageText`.
  case configFile(path: String, reason: String)
  /// A `--score` or `--decision` column (or a `fairaudit score` model file) that cannot be used
  /// as it is: `row` and `line` are 0 when the problem is not one row's.
  case invalidScores(column: String, row: Int, line: Int, reason: String)

  public var description: String { "error: " + message }

  /// The one-line message without the `error: ` prefix (for warnings that quote an error).
  public var message: String {
    let q = MessageText.quoted
    switch self {
    case .fileNotFound(let path):
      return "input file \(MessageText.path(path)) does not exist"
    case .fileUnreadable(let path, let reason):
      return "cannot read \(MessageText.path(path)): \(reason)"
    case .malformedCSV(let path, let line, let reason):
      return "\(MessageText.path(path)): line \(line): \(reason)"
    case .unknownColumn(let name, let role, let suggestions):
      let hint = suggestions.isEmpty ? "" : " (did you mean \(MessageText.list(suggestions))?)"
      return "\(role) column \(q(name)) is not in the header\(hint)"
    case .ambiguousColumn(let name, let role, let copies):
      return
        "\(role) column \(q(name)) is ambiguous: the header names it \(copies.count) times, read as \(MessageText.list(copies)); rename the columns in the file"
    case .conflictingRoles(let column, let reason):
      return "column \(q(column)) \(reason)"
    case .notBinary(let column, let role, let levels):
      return "\(role) column \(q(column)) must have exactly two values; seen \(levels.count): \(MessageText.list(levels))"
    case .positiveLabelRequired(let column, let levels):
      return "target column \(q(column)) has values \(MessageText.list(levels)); say which is positive with --positive"
    case .constantColumn(let name):
      return "column \(q(name)) has a single value in the rows used"
    case .nonFiniteValue(let column, let row, let line, let value):
      return "column \(q(column)): row \(row) (line \(line)) has non-finite value \(q(value)); mark missing values with --na"
    case .emptyGroup(let feature, let group):
      return "sensitive feature \(q(feature)): group \(q(group)) has no rows in the data used"
    case .insufficientMemory(let rows, let columns, let needed, let available):
      return
        "the audit of \(NumberFormat.count(rows)) rows x \(columns) design columns needs about \(Self.megabytes(needed)) MB more memory, but \(Self.megabytes(available)) MB are available; audit a sample of the rows, use fewer covariates (--features, --exclude) or raise --max-memory on a larger machine"
    case .tooFewRows(let count, let reason):
      return "only \(count) usable rows: \(reason)"
    case .singularDesign(let model, let detail):
      return "\(model): singular design: \(MessageText.line(detail))"
    case .didNotConverge(let model, let iterations, let gradientNorm):
      return "\(model) did not converge in \(iterations) iterations (gradient norm \(NumberFormat.scientific(gradientNorm)))"
    case .notOptimal(let model, let detail):
      return "\(model) stopped at a point that is not optimal: \(detail)"
    case .templateMissing(let path):
      return "template \(MessageText.path(path)) not found"
    case .templateSlot(let template, let slot):
      return "template \(q(template)): unknown slot {{\(MessageText.plain(slot))}}"
    case .cannotWrite(let path, let reason):
      return "cannot write \(MessageText.path(path)): \(MessageText.line(reason))"
    case .invalidOption(let option, let reason):
      return "\(option): \(reason)"
    case .configFile(let path, let reason):
      return "config file \(MessageText.path(path)): \(reason)"
    case .invalidScores(let column, let row, let line, let reason):
      let place = row > 0 ? ": row \(row) (line \(line))" : ""
      return "column \(q(column))\(place): \(reason)"
    }
  }

  static func megabytes(_ bytes: Int) -> String { NumberFormat.count((bytes + (1 << 20) - 1) >> 20) }

  /// Process exit status; 1 is reserved for "threshold breached", 0 for success.
  public var exitCode: Int32 {
    switch self {
    case .fileNotFound, .fileUnreadable: return 10
    case .malformedCSV: return 11
    case .unknownColumn, .ambiguousColumn: return 12
    case .conflictingRoles: return 17
    case .notBinary, .positiveLabelRequired: return 13
    case .constantColumn: return 14
    case .nonFiniteValue: return 15
    case .emptyGroup, .tooFewRows: return 16
    case .insufficientMemory: return 19
    case .singularDesign: return 20
    case .didNotConverge, .notOptimal: return 21
    case .templateMissing, .templateSlot: return 30
    case .cannotWrite: return 31
    case .invalidOption: return 64
    case .configFile: return 65
    case .invalidScores: return 18
    }
  }
}
