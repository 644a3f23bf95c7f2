/// One horizontal bar per label (impact ratio per group, shadow price per feature) with a
/// threshold line; bars on the wrong side of it use the warning colour so failures are seen first.
public struct HorizontalBarChart: Sendable, Equatable {
  public struct Bar: Sendable, Equatable {
    public var label: String
    public var value: Double

    public init(label: String, value: Double) {
      self.label = label
      self.value = value
    }
  }

  /// Which side of the threshold is a warning: `.below` for ratios (p%-rule), `.above` for
  /// quantities that should stay small, `.never` to colour every bar alike.
  public enum WarningSide: Sendable, Equatable {
    case below, above, never
  }

  public var title: String
  public var description: String
  public var bars: [Bar]
  public var threshold: ReferenceLine?
  public var warnWhen: WarningSide
  public var valueFormat: AxisFormat
  public var xTitle: String?
  public var width: Double
  public var rowHeight: Double
  /// Fixed height; nil sizes the chart to its rows.
  public var fixedHeight: Double?
  public var id: String?

  public init(
    title: String, description: String = "", bars: [Bar], threshold: ReferenceLine? = nil,
    warnWhen: WarningSide = .below, valueFormat: AxisFormat = .number, xTitle: String? = nil,
    width: Double = 640, height: Double? = nil, rowHeight: Double = 28, id: String? = nil
  ) {
    self.title = title
    self.description = description
    self.bars = bars
    self.threshold = threshold
    self.warnWhen = warnWhen
    self.valueFormat = valueFormat
    self.xTitle = xTitle
    self.width = width
    self.fixedHeight = height
    self.rowHeight = rowHeight
    self.id = id
  }

  /// Effective height: the fixed height if given, else margins plus one `rowHeight` per bar.
  public var height: Double {
    fixedHeight ?? max(120, margins.top + Double(bars.count) * rowHeight + margins.bottom)
  }

  /// True when the bar's value is finite and on the warning side of a finite threshold.
  public func isWarning(_ bar: Bar) -> Bool {
    guard let t = threshold?.value, t.isFinite, bar.value.isFinite else { return false }
    switch warnWhen {
    case .below: return bar.value < t
    case .above: return bar.value > t
    case .never: return false
    }
  }

  /// The chart as a standalone `<svg>` element.
  public func svg() -> String {
    document().render()
  }

  /// The chart as a document tree, for callers that want to inspect or embed it.
  public func document() -> SVGDocument {
    let layout = layout()
    let area = layout.area
    var children: [SVGElement] = [ChartAxes.bottom(layout.scale, area: area, format: valueFormat, tickCount: 6)]
    children.append(.group("fa-rows", bars.enumerated().map { row($1, index: $0, layout: layout) }))
    let zero = layout.scale.map(0)
    children.append(
      .line(x1: zero, y1: area.top, x2: zero, y2: area.bottom, stroke: Palette.axis, cssClass: "fa-axis-line"))
    if let line = threshold?.vertical(layout.scale, area: area, labelY: area.top - 6) { children.append(line) }
    if let xTitle { children.append(ChartAxes.xTitle(xTitle, area: area, y: area.bottom + 36)) }
    if let legend = layout.legend.element(x: 10, y: 8) { children.append(legend) }
    return SVGDocument(
      width: width, height: height, title: title, description: description.isEmpty ? summary : description,
      id: id, children: children)
  }

  private var summary: String {
    let warned = bars.filter(isWarning).count
    return "Bar chart of \(bars.count) values; \(warned) on the warning side of the threshold."
  }
}

// MARK: - Layout

extension HorizontalBarChart {
  struct Layout {
    let area: PlotArea
    let scale: LinearScale
    let legend: Legend
    let labelWidth: Double
  }

  static let labelFontSize = 12.0
  static let valueFontSize = 11.0

  private var legend: Legend {
    guard let threshold, warnWhen != .never, !bars.isEmpty else { return Legend(entries: [], maxWidth: width - 20) }
    let side = warnWhen == .below ? ("at or above", "below") : ("at or below", "above")
    let entries = [
      Legend.Entry(label: "\(side.0) \(threshold.label)", color: Palette.primary, symbol: .swatch),
      Legend.Entry(label: "\(side.1) \(threshold.label)", color: Palette.warning, symbol: .swatch),
    ]
    return Legend(entries: entries, maxWidth: width - 20)
  }

  private var margins: (top: Double, bottom: Double) {
    (14 + legend.height + (threshold == nil ? 4 : 18), xTitle == nil ? 26 : 46)
  }

  func layout() -> Layout {
    let widest = bars.map { TextMetrics.width($0.label, fontSize: Self.labelFontSize) }.max() ?? 0
    let labelWidth = min(widest, width * 0.35)
    let valueWidth = bars.map { TextMetrics.width(valueFormat.value($0.value), fontSize: Self.valueFontSize) }.max()
    let domain = LinearScale.covering(
      bars.map(\.value), including: [0] + (threshold.map { [$0.value] } ?? []), rangeStart: 0, rangeEnd: 1,
      tickCount: 6)
    let area = PlotArea(
      width: width, height: height, left: 10 + labelWidth + 8, top: margins.top,
      right: max(16, (valueWidth ?? 0) + 12), bottom: margins.bottom)
    return Layout(area: area, scale: domain.withRange(area.left, area.right), legend: legend, labelWidth: labelWidth)
  }
}

// MARK: - Marks

extension HorizontalBarChart {
  private func row(_ bar: Bar, index: Int, layout: Layout) -> SVGElement {
    let step = layout.area.height / Double(max(1, bars.count))
    let y = layout.area.top + step * (Double(index) + 0.5)
    let text = valueFormat.value(bar.value)
    let label = SVGElement.label(
      bar.label, x: layout.area.left - 8, y: y + Self.labelFontSize * 0.35, anchor: .end, size: Self.labelFontSize,
      cssClass: "fa-row-label", maxWidth: layout.labelWidth)
    var children: [SVGElement] = [.title("\(bar.label): \(text)"), label]
    let zero = layout.scale.map(0)
    var textX = zero + 4
    if bar.value.isFinite {
      let end = layout.scale.map(bar.value)
      children.append(rect(bar, from: zero, to: end, y: y, thickness: min(step * 0.65, 24)))
      textX = max(zero, end) + 4
    }
    children.append(
      .label(
        text, x: textX, y: y + Self.valueFontSize * 0.35, size: Self.valueFontSize,
        fill: bar.value.isFinite ? Palette.text : Palette.mutedText,
        cssClass: bar.value.isFinite ? "fa-value-label" : "fa-value-label fa-missing"))
    return .group("fa-row", children)
  }

  /// The bar from the zero line to its value, in the warning colour when it fails the threshold.
  private func rect(_ bar: Bar, from zero: Double, to end: Double, y: Double, thickness: Double) -> SVGElement {
    let warn = isWarning(bar)
    return .rect(
      x: zero, y: y - thickness / 2, width: end - zero, height: thickness,
      fill: warn ? Palette.warning : Palette.primary, cssClass: warn ? "fa-bar fa-warn" : "fa-bar")
  }
}
