import Testing

@testable import FairAuditKit

@Suite struct HorizontalBarChartTests {
  typealias Bar = HorizontalBarChart.Bar

  static func ratios(_ values: [Double]) -> HorizontalBarChart {
    HorizontalBarChart(
      title: "Impact ratio by group",
      bars: values.enumerated().map { Bar(label: "group \($0.offset)", value: $0.element) },
      threshold: ReferenceLine(value: 0.8, label: "80% rule"), xTitle: "impact ratio")
  }

  @Test func oneBarPerValueAndWarningsOnlyBelowTheThreshold() {
    let probe = SVGProbe.parse(Self.ratios([0.95, 0.75, 0.8, 1.1, 0.5]).svg())
    #expect(probe.wellFormed)
    #expect(probe.elements("rect", class: "fa-bar").count == 5)
    let warned = probe.elements("rect", class: "fa-warn")
    #expect(warned.count == 2)  // 0.75 and 0.5; 0.8 meets the rule
    #expect(warned.allSatisfy { $0.attributes["fill"] == Palette.warning })
    let fine = probe.elements("rect", class: "fa-bar").filter { !$0.has(class: "fa-warn") }
    #expect(fine.allSatisfy { $0.attributes["fill"] == Palette.primary })
  }

  @Test func warningSideCanBeFlipped() {
    let chart = HorizontalBarChart(
      title: "Shadow prices",
      bars: [Bar(label: "housing", value: 3.2), Bar(label: "loan", value: 0.4), Bar(label: "age<25", value: 1.0)],
      threshold: ReferenceLine(value: 1, label: "binding"), warnWhen: .above)
    #expect(chart.bars.map(chart.isWarning) == [true, false, false])
    let never = HorizontalBarChart(title: "p", bars: chart.bars, threshold: chart.threshold, warnWhen: .never)
    #expect(SVGProbe.parse(never.svg()).elements(class: "fa-warn").isEmpty)
  }

  @Test func barAtTheThresholdEndsOnTheThresholdLine() throws {
    let probe = SVGProbe.parse(Self.ratios([0.8, 1.2]).svg())
    let line = try #require(probe.elements("line", class: "fa-reference").first)
    let bar = try #require(probe.elements("rect", class: "fa-bar").first)
    let end = try #require(bar.number("x")) + (try #require(bar.number("width")))
    #expect(abs(end - (try #require(line.number("x1")))) < 0.011)
    #expect(probe.elements(class: "fa-reference-label").first?.text == "80% rule")
  }

  @Test func barLengthsAreProportional() throws {
    let probe = SVGProbe.parse(Self.ratios([0.5, 1.5]).svg())
    let widths = try probe.elements("rect", class: "fa-bar").map { try #require($0.number("width")) }
    #expect(abs(widths[1] / widths[0] - 3) < 0.01)
  }

  @Test func negativeValuesExtendLeftOfZero() throws {
    let chart = HorizontalBarChart(title: "s", bars: [Bar(label: "a", value: -2), Bar(label: "b", value: 4)])
    let bars = SVGProbe.parse(chart.svg()).elements("rect", class: "fa-bar")
    let aRight = try #require(bars[0].number("x")) + (try #require(bars[0].number("width")))
    let bLeft = try #require(bars[1].number("x"))
    #expect(abs(aRight - bLeft) < 0.011)
    #expect(try #require(bars[0].number("width")) > 0)
  }

  @Test func nonFiniteValuesShowNAWithoutABar() {
    let svg = Self.ratios([0.9, .nan, .infinity, -.infinity]).svg()
    let probe = SVGProbe.parse(svg)
    #expect(probe.wellFormed)
    #expect(probe.elements("g", class: "fa-row").count == 4)
    #expect(probe.elements("rect", class: "fa-bar").count == 1)
    #expect(probe.elements(class: "fa-missing").count == 3)
    #expect(!svg.contains("NaN") && !svg.contains("inf") && probe.geometryIsFinite())
  }

  @Test func heightGrowsWithRowsUnlessFixed() {
    #expect(Self.ratios(Array(repeating: 1, count: 30)).height > Self.ratios([1, 1]).height)
    let fixed = HorizontalBarChart(title: "f", bars: [Bar(label: "a", value: 1)], height: 360)
    #expect(fixed.height == 360)
    #expect(SVGProbe.parse(fixed.svg()).root?.attributes["height"] == "360")
  }

  @Test func hostileLabelsAreEscaped() {
    let chart = HorizontalBarChart(
      title: "<svg onload=alert(1)>", bars: [Bar(label: "job=<b>admin</b>", value: 0.7)],
      threshold: ReferenceLine(value: 0.8, label: "p% & 'rule'"))
    let svg = chart.svg()
    let probe = SVGProbe.parse(svg)
    #expect(probe.wellFormed)
    #expect(!svg.contains("<b>") && !svg.contains("<svg onload"))
    #expect(svg.contains("&lt;b&gt;") && svg.contains("p% &amp; &#39;rule&#39;"))
    #expect(probe.elements("svg").count == 1 && probe.elements("b").isEmpty)
    #expect(probe.elements(class: "fa-row-label").first?.text == "job=<b>admin</b>")
  }

  @Test func outputIsDeterministic() {
    let values = [0.91, 0.42, 1.7, 0.8]
    #expect(Self.ratios(values).svg() == Self.ratios(values).svg())
  }
}
