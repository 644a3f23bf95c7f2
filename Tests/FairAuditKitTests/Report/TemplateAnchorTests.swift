import Testing

@testable import FairAuditKit

@Suite struct TemplateAnchorTests {
  @Test("every level-2 heading gets a unique anchor without its number; fenced code and other levels are left alone")
  func anchors() {
    let text =
      "# Title\n\n## 1. Executive summary\n\n## 2. Data & scope\n\n```\n## not a heading\n```\n\n### Detail\n\n## Appendix: data\n\n## Data\n\n## Data"
    let (template, headings) = Template(name: "t.md", text: text).anchored()
    #expect(headings.map(\.anchor) == ["executive-summary", "data-scope", "appendix-data", "data", "data-2"])
    #expect(headings.map(\.title) == ["1. Executive summary", "2. Data & scope", "Appendix: data", "Data", "Data"])
    #expect(template.text.contains("## <a id=\"executive-summary\"></a>1. Executive summary\n"))
    #expect(template.text.contains("```\n## not a heading\n```") && template.text.contains("### Detail"))
    let html = MarkdownDocumentRenderer.render(.contents(headings))
    #expect(html.contains("<li><a href=\"#data-scope\">2. Data &amp; scope</a></li>"))
  }

  @Test("a folded block renders as <details> around its blocks, with the summary escaped")
  func details() {
    var t = HTMLTable(header: ["a"])
    t.append(["1"])
    let md = MarkdownDocumentRenderer.render(.details(summary: "<b> & rows", [.table(t)]))
    #expect(md.hasPrefix("<details>\n<summary>&lt;b&gt; &amp; rows</summary>\n\n\n<table>"))
    #expect(md.hasSuffix("</table>\n\n</details>\n\n"))
    let html = MarkdownRenderer.html(md)
    #expect(html.contains("<details>") && html.contains("<td>1</td>") && html.contains("</details>"))
  }
}
