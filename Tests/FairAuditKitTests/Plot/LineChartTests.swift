import Testing

@testable import FairAuditKit

@Suite struct LineChartTests {
  typealias Point = LineChart.Point

  static func points(_ ys: [Double]) -> [Point] {
    ys.enumerated().map { Point(x: Double($0.offset) / 10, y: $0.element) }
  }

  static func sample(highlight: Int? = 2) -> LineChart {
    LineChart(
      title: "Accuracy vs disparate impact",
      series: [
        .init(
          name: "Fair LR", points: points([0.90, 0.89, 0.88, 0.86]), highlight: highlight, highlightLabel: "c = 0.01"),
        .init(name: "Fair CRLR", points: points([0.91, 0.90, 0.87])),
      ],
      xTitle: "p%-rule", yTitle: "accuracy", xFormat: .percent, yFormat: .percent,
      referenceLines: [ReferenceLine(value: 0.8, label: "80% rule")],
      bands: [ValueBand(lower: 0.85, upper: 0.95, label: "acceptable")])
  }

  @Test func isWellFormedAndFinite() throws {
    let probe = SVGProbe.parse(Self.sample().svg())
    #expect(probe.wellFormed)
    #expect(probe.root?.attributes["viewBox"] == "0 0 640 360")
    #expect(probe.geometryIsFinite())
    #expect(probe.elements(class: "fa-axis-title").map(\.text) == ["accuracy", "p%-rule"])
  }

  @Test func drawsOneMarkerPerPointAndOneLinePerSeries() {
    let probe = SVGProbe.parse(Self.sample().svg())
    #expect(probe.elements(class: "fa-marker").count == 7)
    #expect(probe.elements("path", class: "fa-line").count == 2)
    #expect(probe.elements(class: "fa-legend-item").count == 2)
  }

  @Test func seriesGetDifferentColoursAndMarkerShapes() {
    let probe = SVGProbe.parse(Self.sample().svg())
    let lines = probe.elements("path", class: "fa-line")
    #expect(lines[0].attributes["stroke"] != lines[1].attributes["stroke"])
    let markers = probe.elements(class: "fa-marker")
    #expect(markers.first?.name == "circle")
    #expect(markers.last?.name == "rect")
  }

  @Test func nonFinitePointsBreakTheLine() throws {
    let chart = LineChart(
      title: "gap",
      series: [.init(name: "s", points: Self.points([0.1, 0.2, .nan, 0.4, 0.5, 0.6]) + [Point(x: .infinity, y: 1)])])
    let svg = chart.svg()
    let probe = SVGProbe.parse(svg)
    #expect(probe.wellFormed)
    #expect(probe.elements(class: "fa-marker").count == 5)
    let d = try #require(probe.elements("path", class: "fa-line").first?.attributes["d"])
    #expect(d.filter { $0 == "M" }.count == 2)
    #expect(d.filter { $0 == "L" }.count == 3)
    #expect(!svg.contains("NaN") && !svg.contains("inf"))
    #expect(probe.geometryIsFinite())
  }

  @Test func highlightRingsTheChosenPoint() throws {
    let probe = SVGProbe.parse(Self.sample(highlight: 2).svg())
    let ring = try #require(probe.elements(class: "fa-highlight").first)
    let marker = probe.elements(class: "fa-marker")[2]
    #expect(ring.attributes["cx"] == marker.attributes["cx"])
    #expect(ring.attributes["cy"] == marker.attributes["cy"])
    #expect(probe.elements(class: "fa-highlight-label").first?.text == "c = 0.01")
  }

  @Test func invalidHighlightIndexIsIgnored() {
    let probe = SVGProbe.parse(Self.sample(highlight: 99).svg())
    #expect(probe.wellFormed)
    #expect(probe.elements(class: "fa-highlight").isEmpty)
  }

  @Test func referenceLineOutsideTheDataStillFitsInThePlot() throws {
    let probe = SVGProbe.parse(Self.sample().svg())
    let line = try #require(probe.elements("line", class: "fa-reference").first)
    let y = try #require(line.number("y1"))
    let yAxis = try #require(probe.elements("line", class: "fa-axis-line").first)
    let top = try #require(yAxis.number("y1"))
    let bottom = try #require(yAxis.number("y2"))
    #expect(y >= top && y <= bottom)
    // 0.8 is the lowest value drawn, so the reference line is below every marker.
    for marker in probe.elements("circle", class: "fa-marker") {
      #expect(try #require(marker.number("cy")) < y)
    }
  }

  @Test func bandSpansItsBounds() throws {
    let chart = LineChart(
      title: "band", series: [.init(name: "s", points: Self.points([0, 1]))],
      bands: [ValueBand(lower: 0.25, upper: 0.75, label: "middle")])
    let probe = SVGProbe.parse(chart.svg())
    let band = try #require(probe.elements("rect", class: "fa-band").first)
    let markers = probe.elements(class: "fa-marker")
    let y0 = try #require(markers[0].number("cy"))
    let y1 = try #require(markers[1].number("cy"))
    let height = try #require(band.number("height"))
    #expect(abs(height - abs(y0 - y1) / 2) < 0.02)
  }

  @Test func hostileSeriesNamesAreEscaped() {
    let chart = LineChart(
      title: "x", series: [.init(name: "<script>alert(1)</script>", points: Self.points([1, 2]))],
      xTitle: "</text><g>", yTitle: "a & b")
    let svg = chart.svg()
    let probe = SVGProbe.parse(svg)
    #expect(probe.wellFormed)
    #expect(!svg.contains("<script>") && !svg.contains("</text><g>"))
    #expect(svg.contains("&lt;script&gt;"))
    #expect(probe.elements("script").isEmpty)
    #expect(probe.elements(class: "fa-legend-label").first?.text == "<script>alert(1)</script>")
  }

  @Test func outputIsDeterministic() {
    #expect(Self.sample().svg() == Self.sample().svg())
  }

  @Test func emptySeriesStillRenders() {
    let probe = SVGProbe.parse(LineChart(title: "none", series: [.init(name: "s", points: [])]).svg())
    #expect(probe.wellFormed)
    #expect(probe.elements(class: "fa-marker").isEmpty)
    #expect(probe.elements("path", class: "fa-line").isEmpty)
    #expect(probe.geometryIsFinite())
  }
}
