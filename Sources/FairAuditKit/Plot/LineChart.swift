/// Named (x, y) series with markers, e.g. accuracy against disparate impact or a metric against rho.
/// Non-finite points break the line instead of being invented; an optional ring marks each
/// series' chosen operating point, and bands or reference lines show the fairness target.
public struct LineChart: Sendable, Equatable {
  public struct Point: Sendable, Equatable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
      self.x = x
      self.y = y
    }

    var isFinite: Bool { x.isFinite && y.isFinite }
  }

  /// Points are drawn in the given order; `highlight` indexes `points`.
  public struct Series: Sendable, Equatable {
    public var name: String
    public var points: [Point]
    public var highlight: Int?
    public var highlightLabel: String?
    /// A dashed line without markers (an envelope such as a Pareto front), in its own colour.
    public var dashed: Bool

    public init(name: String, points: [Point], highlight: Int? = nil, highlightLabel: String? = nil, dashed: Bool = false) {
      self.name = name
      self.points = points
      self.highlight = highlight
      self.highlightLabel = highlightLabel
      self.dashed = dashed
    }
  }

  public var title: String
  public var description: String
  public var series: [Series]
  public var xTitle: String?
  public var yTitle: String?
  public var xFormat: AxisFormat
  public var yFormat: AxisFormat
  /// Horizontal lines at y = value (e.g. "80% rule" at 0.8).
  public var referenceLines: [ReferenceLine]
  /// Vertical lines at x = value (e.g. the four-fifths rule on a p%-rule axis).
  public var verticalLines: [ReferenceLine]
  /// Horizontal shaded ranges of y (e.g. an acceptable disparate-impact interval).
  public var bands: [ValueBand]
  public var width: Double
  public var height: Double
  public var id: String?

  public init(
    title: String, description: String = "", series: [Series], xTitle: String? = nil, yTitle: String? = nil,
    xFormat: AxisFormat = .number, yFormat: AxisFormat = .number, referenceLines: [ReferenceLine] = [],
    verticalLines: [ReferenceLine] = [], bands: [ValueBand] = [], width: Double = 640, height: Double = 360, id: String? = nil
  ) {
    self.title = title
    self.description = description
    self.series = series
    self.xTitle = xTitle
    self.yTitle = yTitle
    self.xFormat = xFormat
    self.yFormat = yFormat
    self.referenceLines = referenceLines
    self.verticalLines = verticalLines
    self.bands = bands
    self.width = width
    self.height = height
    self.id = id
  }

  /// The chart as a standalone `<svg>` element.
  public func svg() -> String {
    document().render()
  }

  /// The chart as a document tree, for callers that want to inspect or embed it.
  public func document() -> SVGDocument {
    let layout = layout()
    let area = layout.area
    var children: [SVGElement] = bands.compactMap { $0.horizontal(layout.y, area: area) }
    children.append(ChartAxes.left(layout.y, area: area, format: yFormat, tickCount: 5))
    children.append(ChartAxes.bottom(layout.x, area: area, format: xFormat, tickCount: 6))
    if let yTitle { children.append(ChartAxes.yTitle(yTitle, area: area, x: 14)) }
    if let xTitle { children.append(ChartAxes.xTitle(xTitle, area: area, y: area.bottom + 36)) }
    children += referenceLines.compactMap { $0.horizontal(layout.y, area: area) }
    children += verticalLines.compactMap { $0.vertical(layout.x, area: area, labelY: area.top + 12) }
    children += series.enumerated().map { seriesElement($1, index: $0, layout: layout) }
    if let legend = layout.legend.element(x: 10, y: 8) { children.append(legend) }
    return SVGDocument(
      width: width, height: height, title: title, description: description.isEmpty ? summary : description,
      id: id, children: children)
  }

  private var summary: String {
    let count = series.reduce(0) { $0 + $1.points.filter(\.isFinite).count }
    return "Line chart with \(series.count) series and \(count) points."
  }
}

// MARK: - Layout

extension LineChart {
  struct Layout {
    let area: PlotArea
    let x: LinearScale
    let y: LinearScale
    let legend: Legend
  }

  func layout() -> Layout {
    let entries = series.enumerated().map { index, s in
      Legend.Entry(label: s.name, color: Palette.color(index), symbol: s.dashed ? .dashedLine : .line(MarkerShape.forSeries(index)))
    }
    let legend = Legend(entries: entries, maxWidth: width - 20)
    let points = series.flatMap(\.points).filter(\.isFinite)
    let anchors = referenceLines.map(\.value) + bands.flatMap { [$0.lower, $0.upper] }
    let xDomain = LinearScale.covering(
      points.map(\.x) + verticalLines.map(\.value).filter(\.isFinite), rangeStart: 0, rangeEnd: 1, tickCount: 6)
    let yDomain = LinearScale.covering(points.map(\.y), including: anchors, rangeStart: 0, rangeEnd: 1)
    let left = 10 + (yTitle == nil ? 0 : 18) + ChartAxes.tickLabelWidth(yDomain, format: yFormat, tickCount: 5) + 8
    let lastTick = xDomain.tickLabels(count: 6, format: xFormat).last ?? ""
    let right = max(16, TextMetrics.width(lastTick, fontSize: ChartAxes.tickFontSize) / 2 + 6)
    let area = PlotArea(
      width: width, height: height, left: left, top: 20 + legend.height, right: right,
      bottom: xTitle == nil ? 26 : 46)
    return Layout(
      area: area, x: xDomain.withRange(area.left, area.right), y: yDomain.withRange(area.bottom, area.top),
      legend: legend)
  }
}

// MARK: - Marks

extension LineChart {
  private func seriesElement(_ s: Series, index: Int, layout: Layout) -> SVGElement {
    let color = Palette.color(index)
    let shape = MarkerShape.forSeries(index)
    var children: [SVGElement] = []
    if let d = pathData(s.points, layout: layout) {
      children.append(
        SVGElement(
          "path",
          [
            ("class", "fa-line"), ("d", d), ("fill", "none"), ("stroke", color), ("stroke-width", "2"),
            ("stroke-linejoin", "round"),
          ] + (s.dashed ? [("stroke-dasharray", "5 3")] : [])))
    }
    for point in s.points where point.isFinite && !s.dashed {
      let tooltip = "\(s.name): x = \(xFormat.value(point.x)), y = \(yFormat.value(point.y))"
      children.append(
        shape.element(
          cx: layout.x.map(point.x), cy: layout.y.map(point.y), r: 3.5, fill: color, cssClass: "fa-marker",
          children: [.title(tooltip)]))
    }
    children += highlight(s, color: color, layout: layout)
    return .group("fa-series", children)
  }

  /// "M x y L x y ..." with a new "M" after every non-finite point, so gaps stay gaps.
  func pathData(_ points: [Point], layout: Layout) -> String? {
    var parts: [String] = []
    var penDown = false
    for point in points {
      guard point.isFinite else {
        penDown = false
        continue
      }
      let command = penDown ? "L" : "M"
      parts.append("\(command)\(SVGElement.number(layout.x.map(point.x))) \(SVGElement.number(layout.y.map(point.y)))")
      penDown = true
    }
    return parts.isEmpty ? nil : parts.joined(separator: " ")
  }

  /// Ring around the chosen point plus its label, flipped left near the right edge.
  private func highlight(_ s: Series, color: String, layout: Layout) -> [SVGElement] {
    guard let index = s.highlight, s.points.indices.contains(index), s.points[index].isFinite else { return [] }
    let cx = layout.x.map(s.points[index].x)
    let cy = layout.y.map(s.points[index].y)
    let ring = SVGElement.circle(
      cx: cx, cy: cy, r: 8, fill: "none", cssClass: "fa-highlight", extra: [("stroke", color), ("stroke-width", "2")])
    guard let text = s.highlightLabel, !text.isEmpty else { return [ring] }
    let maxWidth = layout.area.width * 0.4
    let shown = min(TextMetrics.width(text, fontSize: 11), maxWidth)
    let flip = cx + 11 + shown > layout.area.right
    let label = SVGElement.label(
      text, x: flip ? cx - 11 : cx + 11, y: cy - 9, anchor: flip ? .end : .start, size: 11,
      cssClass: "fa-highlight-label", maxWidth: maxWidth, extra: SVGElement.halo)
    return [ring, label]
  }
}
