import Foundation

/// Renders report blocks as plain text (a terminal summary): no markup, nothing to escape but
/// control characters; tables become aligned columns and figures their caption.
public enum PlainTextDocumentRenderer {
  public static func render(_ blocks: [ReportBlock]) -> String {
    blocks.map(render).joined(separator: "\n")
  }

  public static func render(_ block: ReportBlock) -> String {
    switch block {
    case .heading(_, let text): return render(text.inlines).uppercased() + "\n"
    case .paragraph(let text, _): return render(text.inlines) + "\n"
    case .note(let text): return "Note: " + render(text.inlines) + "\n"
    case .list(let items): return items.map { "- " + render($0.inlines) + "\n" }.joined()
    case .figure(_, let caption): return "[Figure] " + clean(caption) + "\n"
    case .verdict(_, let text): return render(text.inlines) + "\n"
    case .details(let summary, let blocks): return clean(summary) + "\n" + render(blocks)
    case .contents(let headings): return headings.map { "- " + clean($0.title) + "\n" }.joined()
    case .table(let table):
      let rows = [table.header] + table.rows
      let widths = table.header.indices.map { j in rows.map { j < $0.count ? clean($0[j]).count : 0 }.max() ?? 0 }
      let lines = rows.map { row in
        zip(row, widths).map { clean($0).padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
      }
      return (table.caption.map { clean($0) + "\n" } ?? "") + lines.joined(separator: "\n") + "\n"
    }
  }

  public static func render(_ inlines: [Inline]) -> String {
    inlines.map { inline in
      switch inline {
      case .text(let s), .prose(let s), .code(let s), .fitterMarkdown(let s): return clean(s)
      case .strong(let inner), .emphasis(let inner): return render(inner)
      }
    }
    .joined()
  }

  /// Line breaks become spaces and other control characters U+FFFD, so text cannot move the cursor.
  static func clean(_ s: String) -> String {
    String(
      String.UnicodeScalarView(
        s.unicodeScalars.map { c in
          c == "\n" || c == "\r" ? " " : (c.value < 0x20 && c != "\t") || c.value == 0x7F ? "\u{FFFD}" : c
        }))
  }
}
