import Foundation

/// The one place numbers become text in reports, SVG and Markdown, so output is byte-stable:
/// fixed decimals, "-0" normalised to "0", no locale.
public enum NumberFormat {
  /// Fixed-point with `digits` decimals.
  public static func fixed(_ x: Double, _ digits: Int = 3) -> String {
    guard x.isFinite else { return x.isNaN ? "n/a" : (x > 0 ? "Inf" : "-Inf") }
    let s = String(format: "%.\(digits)f", x)
    return isNegativeZero(s) ? String(s.dropFirst()) : s
  }

  /// Significant-digit format (%g), for coefficients whose scale varies.
  public static func significant(_ x: Double, _ digits: Int = 4) -> String {
    guard x.isFinite else { return x.isNaN ? "n/a" : (x > 0 ? "Inf" : "-Inf") }
    let s = String(format: "%.\(digits)g", x)
    return isNegativeZero(s) ? String(s.dropFirst()) : s
  }

  /// Scientific notation with 2 decimals in the mantissa.
  public static func scientific(_ x: Double) -> String {
    guard x.isFinite else { return x.isNaN ? "n/a" : (x > 0 ? "Inf" : "-Inf") }
    let s = String(format: "%.2e", x)
    return s.hasPrefix("-0.00e") ? String(s.dropFirst()) : s
  }

  /// Percentage with one decimal: 0.1234 -> "12.3%".
  public static func percent(_ x: Double, _ digits: Int = 1) -> String {
    fixed(100 * x, digits) + "%"
  }

  /// p-values as R prints them: "< 2e-16" below machine precision, else 3 significant digits.
  public static func pValue(_ p: Double) -> String {
    p < 2e-16 ? "< 2e-16" : significant(p, 3)
  }

  /// Integers with thousands separators: 45211 -> "45,211".
  public static func count(_ n: Int) -> String {
    let digits = String(abs(n))
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return n < 0 ? "-" + out : out
  }

  private static func isNegativeZero(_ s: String) -> Bool {
    s.hasPrefix("-") && s.dropFirst().allSatisfy { $0 == "0" || $0 == "." || $0 == "e" || $0 == "+" }
  }
}
