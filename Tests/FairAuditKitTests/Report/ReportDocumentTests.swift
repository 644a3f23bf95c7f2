import Foundation
import Testing

@testable import FairAuditKit

/// A hostile string whose test name shows it escaped, so control characters never reach the log.
struct Hostile: CustomTestStringConvertible, Sendable {
  let text: String
  var testDescription: String { MessageText.quoted(text) }
}

@Suite struct ReportDocumentTests {
  static let hostile = [
    "<script>alert(1)</script>", "*x* _y_ [a](b) ![i](j)", "`code` ``two``", "{{summary}}", "a\nb\r\n# heading\n> quote",
    "esc\u{1B}[31m nul\u{0} bell\u{7}", "&amp; <!-- c --> <img src=x onerror=y>", "\\*not* | pipe | ~strike~",
  ].map(Hostile.init)

  @Test("text inlines come out escaped in Markdown and in the HTML that libcmark renders", arguments: hostile)
  func hostileText(_ h: Hostile) {
    let s = h.text
    var table = HTMLTable(caption: s, header: [s])
    table.append([s])
    let blocks: [ReportBlock] = [
      .heading(level: 3, "\(s)"), .paragraph("Column \(strong: "\(s)") is \(s)."), .note("\(s)"), .list(["\(s)"]),
      .verdict(passed: false, "FAIL: \(s)"), .figure(svg: "<svg></svg>", caption: s), .table(table),
    ]
    let markdown = MarkdownDocumentRenderer.render(blocks)
    let paragraph = MarkdownDocumentRenderer.render([.paragraph("\(s)")])
    #expect(!paragraph.replacingOccurrences(of: "\\<", with: "").contains("<") && !paragraph.contains("{{"))
    #expect(!markdown.contains("<script>"))
    #expect(!markdown.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    let html = MarkdownRenderer.html(markdown)
    #expect(!html.contains("<script") && !html.contains("<img") && !html.contains("<!--"))
    #expect(!html.contains("<em>") && !html.contains("<a ") && !html.contains("<code>") && !html.contains("<del>"))
    #expect(!html.contains("<h1>") && !html.contains("<blockquote>\n<blockquote>"))
    #expect(!html.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    #expect(html.contains("<strong>") && html.contains("<h3>") && html.contains("class=\"verdict-fail\""))
  }

  @Test("a template slot inside data is escaped and never filled")
  func slotInData() throws {
    let markdown = MarkdownDocumentRenderer.render([.paragraph("\("{{summary}}")")])
    #expect(markdown == "\\{\\{summary\\}\\}\n\n")
    #expect(MarkdownRenderer.html(markdown).contains("{{summary}}"))
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fa-doc-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try "A {{data}} B".write(to: dir.appendingPathComponent("t.md"), atomically: true, encoding: .utf8)
    let caption = MarkdownDocumentRenderer.render([.figure(svg: "<svg></svg>", caption: "{{summary}}")])
    let filled = try Template(named: "t.md", directory: dir.path).fill(["data": caption])
    #expect(filled == "A " + caption + " B")
  }

  @Test("prose, numbers and code spans are written as they are; blocks keep today's spacing")
  func markdownShape() {
    let text: InlineText =
      "Rows: \(count: 45211) (\(percent: 0.25)), rate \(rate: .nan), \(fixed: 1.5, 2); see \(code: "--max-di 0.2") for \(strong: "\("a*b")")."
    #expect(
      MarkdownDocumentRenderer.render([.paragraph(text)])
        == "Rows: 45,211 (25.0%), rate n/a, 1.50; see `--max-di 0.2` for **a\\*b**.\n\n")
    #expect(MarkdownDocumentRenderer.render([.paragraph("End.", blankLineAfter: false)]) == "End.\n")
    #expect(MarkdownDocumentRenderer.render([.list(["a", "b"]), .note("n")]) == "- a\n- b\n\n> n\n\n")
    #expect(MarkdownDocumentRenderer.render([.heading(level: 3, "GLMM")]) == "### GLMM\n\n")
    #expect(
      MarkdownDocumentRenderer.render([.verdict(passed: true, "PASS: all \(3) checks <met>")])
        == "<p class=\"verdict-pass\">PASS: all 3 checks &lt;met&gt;</p>\n\n")
  }

  @Test("the same blocks render as plain text without markup", arguments: hostile)
  func plainText(_ h: Hostile) {
    let s = h.text
    var table = HTMLTable(caption: "Groups", header: ["Feature", "n"])
    table.append([s, "12"])
    let blocks: [ReportBlock] = [
      .heading(level: 3, "Data"), .paragraph("Column \(strong: "\(s)") has \(count: 1200) rows."), .note("\(s)"),
      .table(table), .figure(svg: "<svg><text>x</text></svg>", caption: "Rates"), .verdict(passed: true, "PASS"),
    ]
    let text = PlainTextDocumentRenderer.render(blocks)
    #expect(text.contains("DATA\n"))
    #expect(text.contains("Column " + PlainTextDocumentRenderer.clean(s) + " has 1,200 rows.\n"))
    #expect(!text.contains("**") && !text.contains("<svg") && !text.contains("\\<"))
    #expect(text.contains("[Figure] Rates") && text.contains("Feature") && text.contains("PASS\n"))
    #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
  }

  @Test("the bank report's sections render to plain text too")
  func bankPlainText() {
    let slots = ReportBuilder(result: TestSupport.bankFullAllRows).slots()
    let summary = PlainTextDocumentRenderer.render(slots["summary"] ?? [])
    #expect(summary.contains("The largest disparity is on "))
    #expect(!summary.contains("**") && !summary.contains("<table"))
    #expect(slots.values.allSatisfy { !$0.isEmpty })
  }
}
