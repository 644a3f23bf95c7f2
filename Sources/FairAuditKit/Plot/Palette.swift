/// Fixed colours from the Okabe-Ito palette, chosen because its hues stay distinguishable under
/// the common colour-vision deficiencies; greys are for chrome that should not compete with data.
public enum Palette {
  /// Series order: blue and orange first (the most robust pair), yellow last (weak contrast on white).
  public static let series: [String] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442",
  ]
  /// Okabe-Ito vermillion: marks values that fail a threshold.
  public static let warning = "#D55E00"
  /// Okabe-Ito blue: bars that pass a threshold, ordinary estimates.
  public static let primary = "#0072B2"
  /// Shaded acceptable ranges (Okabe-Ito bluish green, drawn with low opacity).
  public static let band = "#009E73"
  public static let reference = "#222222"
  public static let text = "#222222"
  public static let mutedText = "#555555"
  public static let axis = "#444444"
  public static let grid = "#e3e3e3"
  public static let stripe = "#f4f4f4"
  public static let background = "#ffffff"

  /// Colour for the i-th series; cycles when there are more series than colours.
  public static func color(_ index: Int) -> String {
    series[((index % series.count) + series.count) % series.count]
  }
}
