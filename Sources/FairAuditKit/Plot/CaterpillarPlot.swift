/// One row per labelled estimate with its interval (e.g. random intercepts b_i with 95% intervals)
/// against a vertical zero line. The height grows with the number of rows so 100 groups stay
/// readable; intervals that exclude zero are coloured so notable groups stand out.
public struct CaterpillarPlot: Sendable, Equatable {
  public struct Estimate: Sendable, Equatable {
    public var label: String
    public var value: Double
    public var lower: Double
    public var upper: Double

    public init(label: String, value: Double, lower: Double, upper: Double) {
      self.label = label
      self.value = value
      self.lower = lower
      self.upper = upper
    }

    /// Both bounds finite and on the same side of zero.
    var excludesZero: Bool {
      lower.isFinite && upper.isFinite && (min(lower, upper) > 0 || max(lower, upper) < 0)
    }
  }

  public var title: String
  public var description: String
  public var estimates: [Estimate]
  /// Largest estimate on top when true; otherwise rows keep the caller's order.
  public var sortByEstimate: Bool
  public var xTitle: String?
  public var valueFormat: AxisFormat
  public var width: Double
  /// Vertical space per row in px.
  public var rowHeight: Double
  /// Fixed height; nil sizes the chart to its rows.
  public var fixedHeight: Double?
  public var id: String?

  public init(
    title: String, description: String = "", estimates: [Estimate], sortByEstimate: Bool = true,
    xTitle: String? = nil, valueFormat: AxisFormat = .number, width: Double = 640, height: Double? = nil,
    rowHeight: Double = 16, id: String? = nil
  ) {
    self.title = title
    self.description = description
    self.estimates = estimates
    self.sortByEstimate = sortByEstimate
    self.xTitle = xTitle
    self.valueFormat = valueFormat
    self.width = width
    self.fixedHeight = height
    self.rowHeight = rowHeight
    self.id = id
  }

  /// Rows in drawing order (top to bottom). Sorting is by value descending, non-finite values last,
  /// ties by label and then input position, so the order is total and reproducible.
  public var rows: [Estimate] {
    guard sortByEstimate else { return estimates }
    return estimates.enumerated().sorted { a, b in
      let (va, vb) = (a.element.value, b.element.value)
      if va.isFinite != vb.isFinite { return va.isFinite }
      if va.isFinite && va != vb { return va > vb }
      if a.element.label != b.element.label { return a.element.label < b.element.label }
      return a.offset < b.offset
    }.map(\.element)
  }

  /// Effective height: the fixed height if given, else margins plus one `rowHeight` per row.
  public var height: Double {
    fixedHeight ?? max(120, margins.top + Double(estimates.count) * rowHeight + margins.bottom)
  }

  /// The chart as a standalone `<svg>` element.
  public func svg() -> String {
    document().render()
  }

  /// The chart as a document tree, for callers that want to inspect or embed it.
  public func document() -> SVGDocument {
    let layout = layout()
    let area = layout.area
    let zero = layout.scale.map(0)
    var children: [SVGElement] = [
      stripes(layout),
      ChartAxes.bottom(layout.scale, area: area, format: valueFormat, tickCount: 6, labelsAbove: layout.axisOnTop),
      .line(
        x1: zero, y1: area.top, x2: zero, y2: area.bottom, stroke: Palette.reference, cssClass: "fa-zero", width: 1.5),
      .group("fa-rows", rows.enumerated().map { row($1, index: $0, layout: layout) }),
    ]
    if let xTitle { children.append(ChartAxes.xTitle(xTitle, area: area, y: area.bottom + 36)) }
    if let legend = layout.legend.element(x: 10, y: 8) { children.append(legend) }
    return SVGDocument(
      width: width, height: height, title: title, description: description.isEmpty ? summary : description,
      id: id, children: children)
  }

  private var summary: String {
    let notable = estimates.filter(\.excludesZero).count
    return "Interval plot of \(estimates.count) estimates; \(notable) intervals exclude zero."
  }
}

// MARK: - Layout

extension CaterpillarPlot {
  struct Layout {
    let area: PlotArea
    let scale: LinearScale
    let legend: Legend
    let axisOnTop: Bool
    let labelWidth: Double
    let fontSize: Double
  }

  /// Tick labels are repeated above the plot once it is taller than about 20 rows.
  private var axisOnTop: Bool { estimates.count > 20 }

  private var legend: Legend {
    let entries = [
      Legend.Entry(label: "interval covers 0", color: Palette.primary, symbol: .point),
      Legend.Entry(label: "interval excludes 0", color: Palette.warning, symbol: .point),
    ]
    return Legend(entries: estimates.isEmpty ? [] : entries, maxWidth: width - 20)
  }

  private var margins: (top: Double, bottom: Double) {
    (14 + legend.height + (axisOnTop ? 18 : 0), xTitle == nil ? 26 : 46)
  }

  func layout() -> Layout {
    let fontSize = min(11, max(6, rowHeight * 0.7))
    let widest = estimates.map { TextMetrics.width($0.label, fontSize: fontSize) }.max() ?? 0
    let labelWidth = min(widest, width * 0.35)
    let values = estimates.flatMap { [$0.value, $0.lower, $0.upper] }
    let domain = LinearScale.covering(values, including: [0], rangeStart: 0, rangeEnd: 1, tickCount: 6)
    let lastTick = domain.tickLabels(count: 6, format: valueFormat).last ?? ""
    let right = max(16, TextMetrics.width(lastTick, fontSize: ChartAxes.tickFontSize) / 2 + 6)
    let area = PlotArea(
      width: width, height: height, left: 10 + labelWidth + 8, top: margins.top, right: right,
      bottom: margins.bottom)
    return Layout(
      area: area, scale: domain.withRange(area.left, area.right), legend: legend, axisOnTop: axisOnTop,
      labelWidth: labelWidth, fontSize: fontSize)
  }
}

// MARK: - Marks

extension CaterpillarPlot {
  private func rowCenter(_ index: Int, layout: Layout) -> Double {
    let step = layout.area.height / Double(max(1, estimates.count))
    return layout.area.top + step * (Double(index) + 0.5)
  }

  /// Alternate light stripes so a row's label, interval and point can be followed by eye.
  private func stripes(_ layout: Layout) -> SVGElement {
    let step = layout.area.height / Double(max(1, estimates.count))
    let marks = stride(from: 1, to: estimates.count, by: 2).map { index in
      SVGElement.rect(
        x: layout.area.left, y: layout.area.top + step * Double(index), width: layout.area.width, height: step,
        fill: Palette.stripe, cssClass: "fa-stripe")
    }
    return .group("fa-stripes", marks)
  }

  private func row(_ estimate: Estimate, index: Int, layout: Layout) -> SVGElement {
    let y = rowCenter(index, layout: layout)
    let color = estimate.excludesZero ? Palette.warning : Palette.primary
    let f = valueFormat
    var children: [SVGElement] = [
      .title("\(estimate.label): \(f.value(estimate.value)) [\(f.value(estimate.lower)), \(f.value(estimate.upper))]"),
      .label(
        estimate.label, x: layout.area.left - 8, y: y + layout.fontSize * 0.35, anchor: .end, size: layout.fontSize,
        cssClass: "fa-row-label", maxWidth: layout.labelWidth),
    ]
    if estimate.lower.isFinite && estimate.upper.isFinite {
      children.append(
        .line(
          x1: layout.scale.map(estimate.lower), y1: y, x2: layout.scale.map(estimate.upper), y2: y,
          stroke: color, cssClass: "fa-interval", width: 1.5))
    }
    children.append(point(estimate, y: y, color: color, layout: layout))
    return .group("fa-row", children)
  }

  /// The estimate's dot, or "n/a" next to the zero line when the estimate is not finite.
  private func point(_ estimate: Estimate, y: Double, color: String, layout: Layout) -> SVGElement {
    guard estimate.value.isFinite else {
      return .label(
        "n/a", x: layout.scale.map(0) + 4, y: y + layout.fontSize * 0.35, size: layout.fontSize,
        fill: Palette.mutedText, cssClass: "fa-missing")
    }
    let r = min(3.5, max(1.5, rowHeight * 0.22))
    return .circle(cx: layout.scale.map(estimate.value), cy: y, r: r, fill: color, cssClass: "fa-point")
  }
}
