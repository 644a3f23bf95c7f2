/// Renders report blocks as the Markdown that libcmark turns into the HTML report. Text inlines
/// are escaped with `MarkdownText.literal`; tables, figures and the verdict are HTML blocks
/// (plain libcmark has no tables) whose text is escaped with `XMLEscape`.
public enum MarkdownDocumentRenderer {
  public static func render(_ blocks: [ReportBlock]) -> String {
    blocks.map(render).joined()
  }

  public static func render(_ block: ReportBlock) -> String {
    switch block {
    case .heading(let level, let text): return String(repeating: "#", count: level) + " " + render(text.inlines) + "\n\n"
    case .paragraph(let text, let blankLineAfter): return render(text.inlines) + (blankLineAfter ? "\n\n" : "\n")
    case .note(let text): return "> " + render(text.inlines) + "\n\n"
    case .list(let items): return items.map { "- " + render($0.inlines) + "\n" }.joined() + "\n"
    case .table(let table): return table.html
    case .figure(let svg, let caption):
      // CommonMark would wrap a bare <svg> in <p>; a <figure> passes intact.
      return "\n<figure>\n\(svg)\n<figcaption>\(XMLEscape.blockText(caption))</figcaption>\n</figure>\n\n"
    case .verdict(let passed, let text):
      let plain = PlainTextDocumentRenderer.render(text.inlines)
      return "<p class=\"verdict-\(passed ? "pass" : "fail")\">\(XMLEscape.blockText(plain))</p>\n\n"
    case .details(let summary, let blocks):
      // The <details> and </details> lines are HTML blocks of their own; the blocks between them
      // stay Markdown or HTML blocks, so libcmark renders them as usual inside the element.
      return "<details>\n<summary>\(XMLEscape.blockText(summary))</summary>\n\n" + render(blocks) + "</details>\n\n"
    case .contents(let headings):
      let items = headings.map { "<li><a href=\"#\($0.anchor)\">\(XMLEscape.blockText($0.title))</a></li>" }.joined()
      return "<nav class=\"toc\" aria-label=\"Contents\"><p class=\"toc-title\">Contents</p><ol>\(items)</ol></nav>\n\n"
    }
  }

  public static func render(_ inlines: [Inline]) -> String {
    inlines.map { inline in
      switch inline {
      case .text(let s): return MarkdownText.literal(s)
      case .prose(let s), .fitterMarkdown(let s): return s
      case .strong(let inner): return "**" + render(inner) + "**"
      case .emphasis(let inner): return "*" + render(inner) + "*"
      case .code(let s):
        let fence = s.contains("`") ? "`` " : "`"
        return fence + s + String(fence.reversed())
      }
    }
    .joined()
  }
}
