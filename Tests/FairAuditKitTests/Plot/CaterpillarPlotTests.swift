import Testing

@testable import FairAuditKit

@Suite struct CaterpillarPlotTests {
  typealias Estimate = CaterpillarPlot.Estimate

  /// n estimates spread over [-1, 1] in a scrambled (but fixed) order, half-width 0.3.
  static func estimates(_ n: Int) -> [Estimate] {
    (0..<n).map { i in
      let v = Double((i * 37) % n) / Double(max(1, n - 1)) * 2 - 1
      return Estimate(label: "group \(i)", value: v, lower: v - 0.3, upper: v + 0.3)
    }
  }

  static func plot(_ estimates: [Estimate], sort: Bool = true) -> CaterpillarPlot {
    CaterpillarPlot(title: "Random intercepts", estimates: estimates, sortByEstimate: sort, xTitle: "b_i")
  }

  @Test func oneRowPerEstimate() {
    for n in [1, 7, 100] {
      let probe = SVGProbe.parse(Self.plot(Self.estimates(n)).svg())
      #expect(probe.wellFormed)
      #expect(probe.elements("g", class: "fa-row").count == n)
      #expect(probe.elements("circle", class: "fa-point").count == n)
      #expect(probe.elements("line", class: "fa-interval").count == n)
    }
  }

  @Test func heightGrowsWithRowsSoHundredRowsStayReadable() throws {
    let small = Self.plot(Self.estimates(10))
    let large = Self.plot(Self.estimates(100))
    #expect(large.height > small.height)
    #expect(large.height >= 100 * large.rowHeight)
    let probe = SVGProbe.parse(large.svg())
    #expect(probe.root?.attributes["height"] == SVGElement.number(large.height))
    let ys = try probe.elements("circle", class: "fa-point").map { try #require($0.number("cy")) }
    for (a, b) in zip(ys, ys.dropFirst()) {
      #expect(b - a >= large.rowHeight - 0.02)
    }
  }

  @Test func rowsAreSortedLargestFirstUnlessDisabled() {
    let input = [
      Estimate(label: "b", value: 0.1, lower: 0, upper: 0.2),
      Estimate(label: "nan", value: .nan, lower: .nan, upper: .nan),
      Estimate(label: "c", value: 0.5, lower: 0.4, upper: 0.6),
      Estimate(label: "a", value: 0.1, lower: 0, upper: 0.2),
      Estimate(label: "d", value: -0.5, lower: -0.6, upper: -0.4),
    ]
    #expect(Self.plot(input).rows.map(\.label) == ["c", "a", "b", "d", "nan"])
    #expect(Self.plot(input, sort: false).rows.map(\.label) == ["b", "nan", "c", "a", "d"])
    let labels = SVGProbe.parse(Self.plot(input).svg()).elements(class: "fa-row-label").map(\.text)
    #expect(labels == ["c", "a", "b", "d", "nan"])
  }

  @Test func zeroLineSeparatesNegativeFromPositiveEstimates() throws {
    let input = [
      Estimate(label: "pos", value: 0.4, lower: 0.1, upper: 0.7),
      Estimate(label: "neg", value: -1.2, lower: -2, upper: 0.3),
    ]
    let probe = SVGProbe.parse(Self.plot(input).svg())
    let zero = try #require(probe.elements("line", class: "fa-zero").first?.number("x1"))
    let points = try probe.elements("circle", class: "fa-point").map { try #require($0.number("cx")) }
    #expect(points[0] > zero && points[1] < zero)
    let fills = probe.elements("circle", class: "fa-point").map { $0.attributes["fill"] }
    #expect(fills == [Palette.warning, Palette.primary])  // only "pos" excludes zero
  }

  @Test func nonFiniteEstimatesKeepTheirRowButDrawNothingFake() {
    let input = [
      Estimate(label: "ok", value: 0.2, lower: 0.1, upper: 0.3),
      Estimate(label: "no value", value: .nan, lower: -0.1, upper: 0.1),
      Estimate(label: "no interval", value: 0.1, lower: .nan, upper: .infinity),
    ]
    let svg = Self.plot(input, sort: false).svg()
    let probe = SVGProbe.parse(svg)
    #expect(probe.wellFormed)
    #expect(probe.elements("g", class: "fa-row").count == 3)
    #expect(probe.elements("circle", class: "fa-point").count == 2)
    #expect(probe.elements("line", class: "fa-interval").count == 2)
    #expect(probe.elements(class: "fa-missing").map(\.text) == ["n/a"])
    #expect(!svg.contains("NaN") && probe.geometryIsFinite())
  }

  @Test func longLabelsAreCutAndKeptInATooltip() throws {
    let long = "education=tertiary & job=management & marital=single & default=no & housing=yes"
    let probe = SVGProbe.parse(Self.plot([Estimate(label: long, value: 0, lower: -1, upper: 1)]).svg())
    let label = try #require(probe.elements(class: "fa-row-label").first)
    #expect(label.text.hasSuffix("\u{2026}"))
    #expect(label.text.count < long.count)
    #expect(probe.elements("title").contains { $0.text == long })
  }

  @Test func hostileLabelsAreEscaped() {
    let evil = "<script>alert(\"b_i\")</script>"
    let svg = Self.plot([Estimate(label: evil, value: 0.1, lower: 0, upper: 0.2)]).svg()
    let probe = SVGProbe.parse(svg)
    #expect(probe.wellFormed)
    #expect(!svg.contains("<script"))
    #expect(svg.contains("&lt;script&gt;"))
    #expect(probe.elements(class: "fa-row-label").first?.text == evil)
  }

  @Test func outputIsDeterministic() {
    let estimates = Self.estimates(60)
    #expect(Self.plot(estimates).svg() == Self.plot(estimates).svg())
  }

  @Test func tallPlotsRepeatTheAxisAtTheTop() {
    let few = SVGProbe.parse(Self.plot(Self.estimates(5)).svg()).elements(class: "fa-tick").count
    let many = SVGProbe.parse(Self.plot(Self.estimates(100)).svg()).elements(class: "fa-tick").count
    #expect(many == 2 * few)
  }
}
