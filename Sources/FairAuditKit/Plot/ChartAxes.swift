/// Gridlines, tick labels and axis titles shared by all charts, so every chart has the same
/// look and the same (escaped, locale-free) tick text.
enum ChartAxes {
  static let tickFontSize = 11.0
  static let titleFontSize = 12.0

  /// Widest tick label in px, used to size the left margin before the final scale exists.
  static func tickLabelWidth(_ scale: LinearScale, format: AxisFormat, tickCount: Int) -> Double {
    let labels = scale.tickLabels(count: tickCount, format: format)
    return labels.map { TextMetrics.width($0, fontSize: tickFontSize) }.max() ?? 0
  }

  /// Value axis on the left: horizontal gridlines and right-aligned tick labels.
  static func left(_ scale: LinearScale, area: PlotArea, format: AxisFormat, tickCount: Int) -> SVGElement {
    let labels = scale.tickLabels(count: tickCount, format: format)
    var children: [SVGElement] = []
    for (tick, label) in zip(scale.ticks(count: tickCount), labels) {
      let y = scale.map(tick)
      children.append(.line(x1: area.left, y1: y, x2: area.right, y2: y, stroke: Palette.grid, cssClass: "fa-grid"))
      children.append(
        .label(
          label, x: area.left - 6, y: y + tickFontSize * 0.35, anchor: .end, size: tickFontSize,
          fill: Palette.mutedText, cssClass: "fa-tick"))
    }
    children.append(
      .line(x1: area.left, y1: area.top, x2: area.left, y2: area.bottom, stroke: Palette.axis, cssClass: "fa-axis-line")
    )
    return .group("fa-axis fa-axis-y", children)
  }

  /// Value axis along x: vertical gridlines, labels below the plot and, for tall charts, above too.
  static func bottom(
    _ scale: LinearScale, area: PlotArea, format: AxisFormat, tickCount: Int, labelsAbove: Bool = false
  ) -> SVGElement {
    let labels = scale.tickLabels(count: tickCount, format: format)
    var children: [SVGElement] = []
    for (tick, label) in zip(scale.ticks(count: tickCount), labels) {
      let x = scale.map(tick)
      children.append(.line(x1: x, y1: area.top, x2: x, y2: area.bottom, stroke: Palette.grid, cssClass: "fa-grid"))
      children.append(tickLabel(label, x: x, y: area.bottom + 4 + tickFontSize))
      if labelsAbove { children.append(tickLabel(label, x: x, y: area.top - 5)) }
    }
    children.append(
      .line(
        x1: area.left, y1: area.bottom, x2: area.right, y2: area.bottom, stroke: Palette.axis,
        cssClass: "fa-axis-line"))
    return .group("fa-axis fa-axis-x", children)
  }

  /// Horizontal axis line without gridlines (category axis of bar charts).
  static func baseline(area: PlotArea, y: Double) -> SVGElement {
    .line(x1: area.left, y1: y, x2: area.right, y2: y, stroke: Palette.axis, cssClass: "fa-axis-line")
  }

  /// Axis title centred under the plot.
  static func xTitle(_ text: String, area: PlotArea, y: Double) -> SVGElement {
    .label(
      text, x: area.centerX, y: y, anchor: .middle, size: titleFontSize, cssClass: "fa-axis-title",
      maxWidth: area.width)
  }

  /// Axis title rotated along the left edge; `x` is the baseline position.
  static func yTitle(_ text: String, area: PlotArea, x: Double) -> SVGElement {
    let cx = SVGElement.number(x)
    let cy = SVGElement.number(area.centerY)
    return .label(
      text, x: x, y: area.centerY, anchor: .middle, size: titleFontSize, cssClass: "fa-axis-title",
      maxWidth: area.height, extra: [("transform", "rotate(-90 \(cx) \(cy))")])
  }

  private static func tickLabel(_ text: String, x: Double, y: Double) -> SVGElement {
    .label(text, x: x, y: y, anchor: .middle, size: tickFontSize, fill: Palette.mutedText, cssClass: "fa-tick")
  }
}
