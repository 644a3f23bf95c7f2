/// How values on an axis and on data labels are printed; always via `NumberFormat`
/// so the bytes never depend on locale.
public enum AxisFormat: Sendable, Equatable {
  /// Plain decimals (0.25).
  case number
  /// Fractions shown as percentages (0.25 -> 25%).
  case percent

  /// Tick label with just enough decimals for a step of m * 10^exponent.
  public func tick(_ value: Double, exponent: Int) -> String {
    switch self {
    case .number: return NumberFormat.fixed(value, max(0, -exponent))
    case .percent: return NumberFormat.percent(value, max(0, -exponent - 2))
    }
  }

  /// Data label: three significant digits (whole numbers from 1000 on, to avoid "1.23e+03"),
  /// or a percentage with one decimal; "n/a" when not finite.
  public func value(_ value: Double) -> String {
    guard value.isFinite else { return "n/a" }
    switch self {
    case .number: return abs(value) >= 1000 ? NumberFormat.fixed(value, 0) : NumberFormat.significant(value, 3)
    case .percent: return NumberFormat.percent(value, 1)
    }
  }
}
