/// How one design-matrix column is computed from the data (docs/conventions.md).
public enum DesignColumn: Equatable, Sendable {
  case intercept
  /// (x - mean) / sd, sd with denominator n - 1 (as R's scale()).
  case standardized(column: String, mean: Double, sd: Double)
  /// 1 when `column == level`; the column's `reference` level is coded all-zero.
  case dummy(column: String, level: String, reference: String)

  public var name: String {
    switch self {
    case .intercept: return "(Intercept)"
    case .standardized(let column, _, _): return column
    case .dummy(let column, let level, _): return "\(column)=\(level)"
    }
  }

  /// The data column it is computed from (nil for the intercept).
  public var source: String? {
    switch self {
    case .intercept: return nil
    case .standardized(let column, _, _), .dummy(let column, _, _): return column
    }
  }

  /// Multiplier turning a coefficient on this column's scale into one per original unit.
  public var unitScale: Double {
    if case .standardized(_, _, let sd) = self { return 1 / sd }
    return 1
  }
}
