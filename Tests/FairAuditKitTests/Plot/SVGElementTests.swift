import Testing

@testable import FairAuditKit

@Suite struct SVGElementTests {
  @Test func escapesTextAndAttributeValues() {
    let element = SVGElement("text", [("data-x", "a\"b<c>&'")], text: "<script>alert(1)</script>")
    let xml = element.render()
    #expect(xml == "<text data-x=\"a&quot;b&lt;c&gt;&amp;&#39;\">&lt;script&gt;alert(1)&lt;/script&gt;</text>\n")
  }

  @Test func lineBreaksInDataNeverProduceABlankLine() {
    let xml = SVGElement("g", [("data-x", "a\r\nb")], children: [SVGElement("text", text: "x\n\ny\tz")]).render()
    #expect(!xml.contains("\n\n"))
    #expect(xml == "<g data-x=\"a b\">\n<text>x  y z</text>\n</g>\n")
  }

  @Test func strayCharactersInNamesCannotInjectMarkup() {
    let xml = SVGElement("g onload=\"x\"", [("a\" b", "1")]).render()
    #expect(xml == "<gonloadx ab=\"1\"/>\n")
  }

  @Test func numbersAreShortFixedAndNeverNegativeZero() {
    #expect(SVGElement.number(2) == "2")
    #expect(SVGElement.number(1.5) == "1.5")
    #expect(SVGElement.number(1.005001) == "1.01")
    #expect(SVGElement.number(-0.001) == "0")
    #expect(SVGElement.number(-12.25) == "-12.25")
    #expect(SVGElement.number(.nan) == "0")
    #expect(SVGElement.number(-.infinity) == "0")
  }

  @Test func documentCarriesAccessibleNameAndSize() throws {
    let doc = SVGDocument(width: 320, height: 200, title: "Rates <by> group", description: "d & e")
    let probe = SVGProbe.parse(doc.render())
    #expect(probe.wellFormed)
    let root = try #require(probe.root)
    #expect(root.name == "svg")
    #expect(root.attributes["xmlns"] == "http://www.w3.org/2000/svg")
    #expect(root.attributes["viewBox"] == "0 0 320 200")
    #expect(root.attributes["role"] == "img")
    let title = try #require(probe.elements("title").first)
    let desc = try #require(probe.elements("desc").first)
    #expect(title.text == "Rates <by> group")
    #expect(desc.text == "d & e")
    let titleID = try #require(title.attributes["id"])
    let descID = try #require(desc.attributes["id"])
    #expect(titleID != descID)
    #expect(root.attributes["aria-labelledby"] == "\(titleID) \(descID)")
  }

  @Test func defaultIDsAreStableValidAndDistinct() {
    let a = SVGDocument.defaultID(for: "Selection rate by group")
    #expect(a == SVGDocument.defaultID(for: "Selection rate by group"))
    #expect(a.hasPrefix("fa-selection-rate-by-group-"))
    #expect(a != SVGDocument.defaultID(for: "Selection rate by group "))
    let hostile = SVGDocument(width: 10, height: 10, title: "t", description: "", id: "1 \"><x").id
    #expect(hostile == "fa-1x")
  }

  @Test func textWithTooltipHasNoStrayWhitespace() {
    let text = SVGElement("text", children: [SVGElement("title", text: "full name")], text: "full\u{2026}")
    let group = SVGElement("g", children: [text, SVGElement("rect")])
    #expect(group.render() == "<g>\n<text><title>full name</title>full\u{2026}</text>\n<rect/>\n</g>\n")
  }
}
