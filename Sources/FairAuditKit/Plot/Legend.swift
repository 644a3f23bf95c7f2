/// A left-aligned legend above the plot that wraps onto more rows instead of overflowing;
/// laid out first so the chart can reserve exactly `height` px for it.
struct Legend {
  /// What the key symbol looks like.
  enum Symbol {
    case swatch
    case line(MarkerShape)
    /// A dashed line without a marker.
    case dashedLine
    case point
  }

  struct Entry {
    let label: String
    let color: String
    let symbol: Symbol
  }

  static let fontSize = 12.0
  static let rowHeight = 18.0
  private static let symbolWidth = 18.0
  private static let gap = 16.0

  let entries: [Entry]
  /// Offset of each entry from the legend origin.
  private let positions: [(x: Double, y: Double)]
  private let labelWidth: Double
  let height: Double

  init(entries: [Entry], maxWidth: Double) {
    let labelWidth = max(40, maxWidth / 2 - Legend.symbolWidth - Legend.gap)
    var positions: [(x: Double, y: Double)] = []
    var x = 0.0
    var row = 0
    for entry in entries {
      let shown = TextMetrics.truncate(entry.label, toWidth: labelWidth, fontSize: Legend.fontSize)
      let w = Legend.symbolWidth + 4 + TextMetrics.width(shown, fontSize: Legend.fontSize)
      if x > 0 && x + w > maxWidth { (x, row) = (0, row + 1) }
      positions.append((x, Double(row) * Legend.rowHeight))
      x += w + Legend.gap
    }
    self.entries = entries
    self.positions = positions
    self.labelWidth = labelWidth
    self.height = entries.isEmpty ? 0 : Double(row + 1) * Legend.rowHeight
  }

  /// The legend with its top-left corner at (x, y); nil when there is nothing to explain.
  func element(x: Double, y: Double) -> SVGElement? {
    guard !entries.isEmpty else { return nil }
    var items: [SVGElement] = []
    for (entry, position) in zip(entries, positions) {
      let ex = x + position.x
      let cy = y + position.y + Legend.rowHeight / 2
      let label = SVGElement.label(
        entry.label, x: ex + Legend.symbolWidth + 4, y: cy + Legend.fontSize * 0.35, size: Legend.fontSize,
        cssClass: "fa-legend-label", maxWidth: labelWidth)
      items.append(.group("fa-legend-item", [symbol(entry, x: ex, cy: cy), label]))
    }
    return .group("fa-legend", items)
  }

  private func symbol(_ entry: Entry, x: Double, cy: Double) -> SVGElement {
    let w = Legend.symbolWidth
    switch entry.symbol {
    case .swatch:
      return .rect(x: x + 3, y: cy - 6, width: 12, height: 12, fill: entry.color, cssClass: "fa-legend-symbol")
    case .point:
      return .circle(cx: x + w / 2, cy: cy, r: 4, fill: entry.color, cssClass: "fa-legend-symbol")
    case .line(let shape):
      let line = SVGElement.line(
        x1: x, y1: cy, x2: x + w, y2: cy, stroke: entry.color, cssClass: "fa-legend-line",
        width: 2)
      let mark = shape.element(cx: x + w / 2, cy: cy, r: 3.5, fill: entry.color, cssClass: "fa-legend-symbol")
      return .group("fa-legend-key", [line, mark])
    case .dashedLine:
      return SVGElement.line(
        x1: x, y1: cy, x2: x + w, y2: cy, stroke: entry.color, cssClass: "fa-legend-line", width: 2, dash: "5 3")
    }
  }
}
