import Testing

@testable import FairAuditKit

@Suite struct GroupedBarChartTests {
  typealias Bar = GroupedBarChart.Bar

  static func sample(_ categories: [GroupedBarChart.Category]? = nil) -> GroupedBarChart {
    GroupedBarChart(
      title: "Selection rate by group",
      categories: categories ?? [
        .init(label: "housing", bars: [Bar(group: "yes", value: 0.077), Bar(group: "no", value: 0.167)]),
        .init(label: "loan", bars: [Bar(group: "yes", value: 0.067), Bar(group: "no", value: 0.127)]),
        .init(
          label: "age",
          bars: [Bar(group: "<25", value: 0.25), Bar(group: "25-59", value: 0.1), Bar(group: ">=60", value: 0.42)]),
      ],
      referenceLines: [ReferenceLine(value: 0.117, label: "overall 11.7%")],
      yTitle: "selection rate")
  }

  @Test func isWellFormedWithTheRequestedSize() throws {
    let probe = SVGProbe.parse(Self.sample().svg())
    #expect(probe.wellFormed)
    let root = try #require(probe.root)
    #expect(root.attributes["viewBox"] == "0 0 640 360")
    #expect(root.attributes["width"] == "640" && root.attributes["height"] == "360")
    #expect(probe.elements("title").first?.text == "Selection rate by group")
    #expect(probe.geometryIsFinite())
  }

  @Test func drawsOneBarPerValueAndOneLegendEntryPerGroup() {
    let probe = SVGProbe.parse(Self.sample().svg())
    #expect(probe.elements("rect", class: "fa-bar").count == 7)
    #expect(probe.elements(class: "fa-legend-item").count == 5)
    #expect(probe.elements(class: "fa-category").map(\.text) == ["housing", "loan", "age"])
    #expect(probe.elements(class: "fa-value-label").count == 7)
  }

  @Test func barHeightsAreProportionalToValues() throws {
    let chart = Self.sample([.init(label: "f", bars: [Bar(group: "a", value: 0.2), Bar(group: "b", value: 0.8)])])
    let bars = SVGProbe.parse(chart.svg()).elements("rect", class: "fa-bar")
    let heights = try bars.map { try #require($0.number("height")) }
    #expect(heights.count == 2)
    #expect(abs(heights[1] / heights[0] - 4) < 0.02)
    // Both bars stand on the same baseline.
    let bottoms = try bars.map { try #require($0.number("y")) + (try #require($0.number("height"))) }
    #expect(abs(bottoms[0] - bottoms[1]) < 0.011)
  }

  @Test func sameGroupHasTheSameColourInEveryCategory() {
    let bars = SVGProbe.parse(Self.sample().svg()).elements("rect", class: "fa-bar")
    let fills = bars.map { $0.attributes["fill"] ?? "" }
    #expect(fills[0] == fills[2])  // housing/yes, loan/yes
    #expect(fills[1] == fills[3])  // housing/no, loan/no
    #expect(fills[0] != fills[1])
    #expect(Set(fills).count == 5)
  }

  @Test func seriesSetColourAndLegendAndGroupsAreLabelledUnderBars() {
    let chart = GroupedBarChart(
      title: "Selection rate by group",
      categories: [
        .init(
          label: "housing",
          bars: [Bar(group: "yes", value: 0.1, series: "protected"), Bar(group: "no", value: 0.2, series: "reference")]),
        .init(
          label: "age",
          bars: [
            Bar(group: "<25", value: 0.3, series: "protected"), Bar(group: "25+", value: 0.1, series: "reference"),
          ]),
      ])
    #expect(chart.legendLabels == ["protected", "reference"])
    let probe = SVGProbe.parse(chart.svg())
    #expect(probe.elements(class: "fa-legend-label").map(\.text) == ["protected", "reference"])
    #expect(probe.elements(class: "fa-bar-label").map(\.text) == ["yes", "no", "<25", "25+"])
    let fills = probe.elements("rect", class: "fa-bar").map { $0.attributes["fill"] ?? "" }
    #expect(fills[0] == fills[2] && fills[1] == fills[3] && fills[0] != fills[1])
    #expect(SVGProbe.parse(Self.sample().svg()).elements(class: "fa-bar-label").isEmpty)
  }

  @Test func referenceLineSitsAtItsValue() throws {
    let chart = Self.sample([
      .init(label: "f", bars: [Bar(group: "a", value: 0.3), Bar(group: "b", value: 0.6)])
    ])
    let chartWithLine = GroupedBarChart(
      title: chart.title, categories: chart.categories, referenceLines: [ReferenceLine(value: 0.3, label: "overall")])
    let probe = SVGProbe.parse(chartWithLine.svg())
    let line = try #require(probe.elements("line", class: "fa-reference").first)
    let bar = try #require(probe.elements("rect", class: "fa-bar").first)
    #expect(line.number("y1") == bar.number("y"))
    #expect(probe.elements(class: "fa-reference-label").first?.text == "overall")
  }

  @Test func hostileLabelsAreEscapedNotInterpreted() throws {
    let evil = "<script>alert('x')</script>"
    let chart = GroupedBarChart(
      title: "t </title><script>", description: "a & b",
      categories: [.init(label: evil, bars: [Bar(group: "\"><img src=x onerror=alert(1)>", value: 0.5)])],
      referenceLines: [ReferenceLine(value: 0.4, label: "<b>bold</b>")])
    let svg = chart.svg()
    #expect(!svg.contains("<script"))
    #expect(!svg.contains("<img"))
    #expect(!svg.contains("<b>"))
    #expect(svg.contains("&lt;script&gt;"))
    let probe = SVGProbe.parse(svg)
    #expect(probe.wellFormed)
    #expect(probe.elements("script").isEmpty && probe.elements("img").isEmpty)
    #expect(probe.allText.contains(evil))
    #expect(probe.elements("title").first?.text == "t </title><script>")
  }

  @Test func outputIsDeterministic() {
    #expect(Self.sample().svg() == Self.sample().svg())
    let chart = Self.sample()
    #expect(chart.svg() == chart.svg())
  }

  @Test func nonFiniteValuesGetNoBarButAnNALabel() {
    let chart = Self.sample([
      .init(
        label: "f",
        bars: [Bar(group: "a", value: .nan), Bar(group: "b", value: 0.4), Bar(group: "c", value: .infinity)])
    ])
    let svg = chart.svg()
    let probe = SVGProbe.parse(svg)
    #expect(probe.wellFormed)
    #expect(probe.elements("rect", class: "fa-bar").count == 1)
    #expect(probe.elements(class: "fa-missing").map(\.text) == ["n/a", "n/a"])
    #expect(!svg.contains("NaN") && !svg.contains("inf"))
    #expect(probe.geometryIsFinite())
  }

  @Test func negativeValuesHangBelowTheBaseline() throws {
    let chart = Self.sample([.init(label: "f", bars: [Bar(group: "a", value: -0.2), Bar(group: "b", value: 0.4)])])
    let probe = SVGProbe.parse(chart.svg())
    let bars = probe.elements("rect", class: "fa-bar")
    let negativeTop = try #require(bars[0].number("y"))
    let positiveBottom = try #require(bars[1].number("y")) + (try #require(bars[1].number("height")))
    #expect(abs(negativeTop - positiveBottom) < 0.011)
    #expect(probe.elements(class: "fa-tick").contains { $0.text == "-20%" })
  }

  @Test func emptyChartIsStillValid() {
    let probe = SVGProbe.parse(GroupedBarChart(title: "empty", categories: []).svg())
    #expect(probe.wellFormed)
    #expect(probe.elements("rect", class: "fa-bar").isEmpty)
    #expect(probe.geometryIsFinite())
  }

  @Test func longCategoryLabelsAreTruncatedWithTooltip() throws {
    let long = String(repeating: "very long feature name ", count: 6)
    let chart = Self.sample([
      .init(label: long, bars: [Bar(group: "a", value: 0.1)]), .init(label: "b", bars: [Bar(group: "a", value: 0.2)]),
    ])
    let probe = SVGProbe.parse(chart.svg())
    let label = try #require(probe.elements(class: "fa-category").first)
    #expect(label.text.hasSuffix("\u{2026}"))
    #expect(probe.elements("title").contains { $0.text == long })
  }
}
