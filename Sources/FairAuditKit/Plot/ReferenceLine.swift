/// A labelled constant drawn across a chart (overall selection rate, the 80% rule, DI = 0.2),
/// so readers can compare every mark against the same benchmark.
public struct ReferenceLine: Sendable, Equatable {
  public var value: Double
  public var label: String

  public init(value: Double, label: String) {
    self.value = value
    self.label = label
  }
}

extension ReferenceLine {
  /// Dashed line across the plot at y = value, label right-aligned just above it; nil if not finite.
  func horizontal(_ scale: LinearScale, area: PlotArea) -> SVGElement? {
    guard value.isFinite else { return nil }
    let y = scale.map(value)
    let line = SVGElement.line(
      x1: area.left, y1: y, x2: area.right, y2: y, stroke: Palette.reference, cssClass: "fa-reference", width: 1.5,
      dash: "6 4")
    let text = SVGElement.label(
      label, x: area.right - 4, y: y - 5, anchor: .end, size: 11, cssClass: "fa-reference-label",
      maxWidth: area.width * 0.6, extra: SVGElement.halo)
    return .group("fa-reference-line", [line, text])
  }

  /// Dashed line down the plot at x = value, label at `labelY` beside it (left of the line in the
  /// right half of the plot, so it is never cut at the edge); nil if not finite.
  func vertical(_ scale: LinearScale, area: PlotArea, labelY: Double) -> SVGElement? {
    guard value.isFinite else { return nil }
    let x = scale.map(value)
    let line = SVGElement.line(
      x1: x, y1: area.top, x2: x, y2: area.bottom, stroke: Palette.reference, cssClass: "fa-reference", width: 1.5,
      dash: "6 4")
    let left = x > (area.left + area.right) / 2
    let text = SVGElement.label(
      label, x: left ? x - 4 : x + 4, y: labelY, anchor: left ? .end : .start, size: 11, cssClass: "fa-reference-label",
      maxWidth: area.width * 0.6, extra: SVGElement.halo)
    return .group("fa-reference-line", [line, text])
  }
}
