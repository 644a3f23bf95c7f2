/// Every failure fairaudit reports to a user. Each case carries the file, column, row or model
/// it concerns, `description` is one line, and `exitCode` is documented in docs/cli.md.
public enum FairAuditError: Error, Equatable, CustomStringConvertible, Sendable {
  case fileNotFound(path: String)
  case fileUnreadable(path: String, reason: String)
  case malformedCSV(path: String, line: Int, reason: String)
  case unknownColumn(name: String, role: String, suggestions: [String])
  case notBinary(column: String, role: String, levels: [String])
  case positiveLabelRequired(column: String, levels: [String])
  case constantColumn(name: String)
  case nonFiniteValue(column: String, row: Int, line: Int, value: String)
  case emptyGroup(feature: String, group: String)
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

  public var description: String {
    switch self {
    case .fileNotFound(let path):
      return "error: input file \"\(path)\" does not exist"
    case .fileUnreadable(let path, let reason):
      return "error: cannot read \"\(path)\": \(reason)"
    case .malformedCSV(let path, let line, let reason):
      return "error: \(path): line \(line): \(reason)"
    case .unknownColumn(let name, let role, let suggestions):
      let hint = suggestions.isEmpty ? "" : " (did you mean \(suggestions.map { "\"\($0)\"" }.joined(separator: ", "))?)"
      return "error: \(role) column \"\(name)\" is not in the header\(hint)"
    case .notBinary(let column, let role, let levels):
      return "error: \(role) column \"\(column)\" must have exactly two values; seen \(levels.count): \(Self.list(levels))"
    case .positiveLabelRequired(let column, let levels):
      return "error: target column \"\(column)\" has values \(Self.list(levels)); say which is positive with --positive"
    case .constantColumn(let name):
      return "error: column \"\(name)\" has a single value in the rows used; drop it with --exclude \(name)"
    case .nonFiniteValue(let column, let row, let line, let value):
      return "error: column \"\(column)\": row \(row) (line \(line)) has non-finite value \"\(value)\""
    case .emptyGroup(let feature, let group):
      return "error: sensitive feature \"\(feature)\": group \"\(group)\" has no rows in the data used"
    case .tooFewRows(let count, let reason):
      return "error: only \(count) usable rows: \(reason)"
    case .singularDesign(let model, let detail):
      return "error: \(model): singular design: \(detail)"
    case .didNotConverge(let model, let iterations, let gradientNorm):
      return "error: \(model) did not converge in \(iterations) iterations (gradient norm \(NumberFormat.scientific(gradientNorm)))"
    case .notOptimal(let model, let detail):
      return "error: \(model) stopped at a point that is not optimal: \(detail)"
    case .templateMissing(let path):
      return "error: template \"\(path)\" not found"
    case .templateSlot(let template, let slot):
      return "error: template \"\(template)\": unknown slot {{\(slot)}}"
    case .cannotWrite(let path, let reason):
      return "error: cannot write \"\(path)\": \(reason)"
    case .invalidOption(let option, let reason):
      return "error: \(option): \(reason)"
    }
  }

  /// Process exit status; 1 is reserved for "threshold breached", 0 for success.
  public var exitCode: Int32 {
    switch self {
    case .fileNotFound, .fileUnreadable: return 10
    case .malformedCSV: return 11
    case .unknownColumn: return 12
    case .notBinary, .positiveLabelRequired: return 13
    case .constantColumn: return 14
    case .nonFiniteValue: return 15
    case .emptyGroup, .tooFewRows: return 16
    case .singularDesign: return 20
    case .didNotConverge, .notOptimal: return 21
    case .templateMissing, .templateSlot: return 30
    case .cannotWrite: return 31
    case .invalidOption: return 64
    }
  }

  private static func list(_ levels: [String]) -> String {
    let shown = levels.prefix(6).map { "\"\($0)\"" }.joined(separator: ", ")
    return levels.count > 6 ? shown + ", ..." : shown
  }
}
