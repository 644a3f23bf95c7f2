/// A shaded range of acceptable values on the value axis (e.g. disparate impact in [0.8, 1.25]).
public struct ValueBand: Sendable, Equatable {
  public var lower: Double
  public var upper: Double
  public var label: String

  public init(lower: Double, upper: Double, label: String) {
    self.lower = lower
    self.upper = upper
    self.label = label
  }
}

extension ValueBand {
  /// Translucent horizontal strip between lower and upper with its label in the top-left corner;
  /// clipped to the plot, nil if a bound is not finite.
  func horizontal(_ scale: LinearScale, area: PlotArea) -> SVGElement? {
    guard lower.isFinite, upper.isFinite else { return nil }
    let y1 = min(max(scale.map(max(lower, upper)), area.top), area.bottom)
    let y2 = min(max(scale.map(min(lower, upper)), area.top), area.bottom)
    let rect = SVGElement.rect(
      x: area.left, y: y1, width: area.width, height: y2 - y1, fill: Palette.band, cssClass: "fa-band",
      extra: [("fill-opacity", "0.12")])
    let text = SVGElement.label(
      label, x: area.left + 4, y: y1 + 12, size: 11, fill: Palette.mutedText, cssClass: "fa-band-label",
      maxWidth: area.width * 0.6)
    return .group("fa-value-band", [rect, text])
  }
}
