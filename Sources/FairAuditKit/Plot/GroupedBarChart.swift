/// Vertical bars clustered by category (e.g. selection rate of "yes"/"no" within each sensitive
/// feature). Colour encodes the group, consistently across categories, so one legend serves all.
public struct GroupedBarChart: Sendable, Equatable {
  /// One bar: the group it belongs to and its value (NaN/inf: no bar, "n/a" label).
  /// `series` sets colour and legend entry when groups differ between categories (e.g. series
  /// "protected" for groups "yes" and "age<25"); the group names are then printed under the bars.
  public struct Bar: Sendable, Equatable {
    public var group: String
    public var value: Double
    public var series: String?

    public init(group: String, value: Double, series: String? = nil) {
      self.group = group
      self.value = value
      self.series = series
    }

    /// What colour and legend are keyed on.
    var key: String { series ?? group }
  }

  /// A cluster of bars under one axis label.
  public struct Category: Sendable, Equatable {
    public var label: String
    public var bars: [Bar]

    public init(label: String, bars: [Bar]) {
      self.label = label
      self.bars = bars
    }
  }

  public var title: String
  public var description: String
  public var categories: [Category]
  public var referenceLines: [ReferenceLine]
  public var yTitle: String?
  public var valueFormat: AxisFormat
  /// Forces the value axis to reach at least this value (e.g. 1 to show rates on a full 0-100% axis).
  public var yMax: Double?
  public var width: Double
  public var height: Double
  public var id: String?

  public init(
    title: String, description: String = "", categories: [Category], referenceLines: [ReferenceLine] = [],
    yTitle: String? = nil, valueFormat: AxisFormat = .percent, yMax: Double? = nil,
    width: Double = 640, height: Double = 360, id: String? = nil
  ) {
    self.title = title
    self.description = description
    self.categories = categories
    self.referenceLines = referenceLines
    self.yTitle = yTitle
    self.valueFormat = valueFormat
    self.yMax = yMax
    self.width = width
    self.height = height
    self.id = id
  }

  /// Legend entries: distinct `series ?? group` in order of first appearance; the i-th is
  /// drawn in `Palette.color(i)`.
  public var legendLabels: [String] {
    var seen: [String] = []
    for category in categories {
      for bar in category.bars where !seen.contains(bar.key) { seen.append(bar.key) }
    }
    return seen
  }

  /// Group names go under the bars when the legend does not already name them.
  var labelsBars: Bool {
    categories.contains { $0.bars.contains { $0.key != $0.group } }
  }

  /// The chart as a standalone `<svg>` element.
  public func svg() -> String {
    document().render()
  }

  /// The chart as a document tree, for callers that want to inspect or embed it.
  public func document() -> SVGDocument {
    let layout = layout()
    var children: [SVGElement] = [ChartAxes.left(layout.scale, area: layout.area, format: valueFormat, tickCount: 5)]
    if let yTitle { children.append(ChartAxes.yTitle(yTitle, area: layout.area, x: 14)) }
    children.append(bars(layout))
    children.append(ChartAxes.baseline(area: layout.area, y: layout.scale.map(0)))
    children += referenceLines.compactMap { $0.horizontal(layout.scale, area: layout.area) }
    children.append(categoryLabels(layout))
    if let legend = layout.legend.element(x: 10, y: 8) { children.append(legend) }
    return SVGDocument(
      width: width, height: height, title: title, description: description.isEmpty ? summary : description,
      id: id, children: children)
  }

  private var summary: String {
    let count = categories.reduce(0) { $0 + $1.bars.count }
    return "Grouped bar chart with \(categories.count) categories and \(count) bars."
  }
}

// MARK: - Layout

extension GroupedBarChart {
  struct Layout {
    let area: PlotArea
    let scale: LinearScale
    let legend: Legend
    let keys: [String]
    let labelsBars: Bool
    /// Horizontal space per bar within a cluster.
    let slot: Double
  }

  func layout() -> Layout {
    let keys = legendLabels
    let entries = keys.enumerated().map { Legend.Entry(label: $1, color: Palette.color($0), symbol: .swatch) }
    let legend = Legend(entries: entries, maxWidth: width - 20)
    let values = categories.flatMap { $0.bars.map(\.value) }
    let anchors = [0] + referenceLines.map(\.value) + (yMax.map { [$0] } ?? [])
    let domain = LinearScale.covering(values, including: anchors, rangeStart: 0, rangeEnd: 1)
    let tickWidth = ChartAxes.tickLabelWidth(domain, format: valueFormat, tickCount: 5)
    let left = 10 + (yTitle == nil ? 0 : 18) + tickWidth + 8
    let area = PlotArea(
      width: width, height: height, left: left, top: 20 + legend.height, right: 12, bottom: labelsBars ? 42 : 28)
    let band = area.width / Double(max(1, categories.count))
    let maxBars = categories.map(\.bars.count).max() ?? 1
    let slot = min(band * 0.8 / Double(max(1, maxBars)), 56)
    return Layout(
      area: area, scale: domain.withRange(area.bottom, area.top), legend: legend, keys: keys,
      labelsBars: labelsBars, slot: slot)
  }
}

// MARK: - Marks

extension GroupedBarChart {
  private func bars(_ layout: Layout) -> SVGElement {
    let band = layout.area.width / Double(max(1, categories.count))
    var clusters: [SVGElement] = []
    for (index, category) in categories.enumerated() {
      let center = layout.area.left + band * (Double(index) + 0.5)
      let start = center - layout.slot * Double(category.bars.count) / 2
      var marks: [SVGElement] = []
      for (j, bar) in category.bars.enumerated() {
        marks += self.bar(bar, category: category.label, x: start + layout.slot * Double(j), layout: layout)
      }
      clusters.append(.group("fa-cluster", marks))
    }
    return .group("fa-bars", clusters)
  }

  /// A bar with its value label and, when the legend shows series, its group name underneath.
  private func bar(_ bar: Bar, category: String, x: Double, layout: Layout) -> [SVGElement] {
    var marks = column(bar, category: category, x: x, layout: layout)
    if layout.labelsBars {
      marks.append(
        .label(
          bar.group, x: x + layout.slot / 2, y: layout.area.bottom + 13, anchor: .middle, size: 10,
          fill: Palette.mutedText, cssClass: "fa-bar-label", maxWidth: layout.slot - 2))
    }
    return marks
  }

  /// The rectangle and value label; a non-finite value yields only an "n/a" label at the baseline.
  private func column(_ bar: Bar, category: String, x: Double, layout: Layout) -> [SVGElement] {
    let zero = layout.scale.map(0)
    let center = x + layout.slot / 2
    let text = valueFormat.value(bar.value)
    guard bar.value.isFinite else {
      return [valueLabel(text, x: center, y: zero - 4, slot: layout.slot, missing: true)].compactMap { $0 }
    }
    let top = layout.scale.map(bar.value)
    let color = Palette.color(layout.keys.firstIndex(of: bar.key) ?? 0)
    let rect = SVGElement.rect(
      x: x + layout.slot * 0.05, y: top, width: layout.slot * 0.9, height: zero - top, fill: color,
      cssClass: "fa-bar", children: [.title("\(category) / \(bar.group): \(text)")])
    let labelY = bar.value >= 0 ? top - 4 : top + 12
    return [rect, valueLabel(text, x: center, y: labelY, slot: layout.slot, missing: false)].compactMap { $0 }
  }

  /// Value label over a bar, dropped when wider than the bar slot (the tooltip still has it).
  private func valueLabel(_ text: String, x: Double, y: Double, slot: Double, missing: Bool) -> SVGElement? {
    let size = 10.0
    guard TextMetrics.width(text, fontSize: size) <= slot + 2 else { return nil }
    return .label(
      text, x: x, y: y, anchor: .middle, size: size, fill: missing ? Palette.mutedText : Palette.text,
      cssClass: missing ? "fa-value-label fa-missing" : "fa-value-label", extra: SVGElement.halo)
  }

  private func categoryLabels(_ layout: Layout) -> SVGElement {
    let band = layout.area.width / Double(max(1, categories.count))
    let labels = categories.enumerated().map { index, category in
      SVGElement.label(
        category.label, x: layout.area.left + band * (Double(index) + 0.5),
        y: layout.area.bottom + (layout.labelsBars ? 32 : 18),
        anchor: .middle, size: 12, cssClass: "fa-category", maxWidth: band - 6)
    }
    return .group("fa-categories", labels)
  }
}
