/// One block of a report section. A section is `[ReportBlock]`; a renderer turns it into one
/// output format (`MarkdownDocumentRenderer` for the HTML report, `PlainTextDocumentRenderer`).
public enum ReportBlock: Sendable {
  case heading(level: Int, InlineText)
  /// `blankLineAfter: false` ends the paragraph with one newline (the last line of some sections).
  case paragraph(InlineText, blankLineAfter: Bool = true)
  /// A remark set apart from the text (a blockquote in Markdown).
  case note(InlineText)
  case list([InlineText])
  /// Every cell and the caption are escaped by the renderer.
  case table(HTMLTable)
  /// An SVG drawn by `Plot` (which escapes its own text) and a caption escaped by the renderer.
  case figure(svg: String, caption: String)
  /// The pass/fail line of the CI gate.
  case verdict(passed: Bool, InlineText)
  /// Blocks folded under a one-line summary (an HTML `<details>`): long tables a reader opens on
  /// demand; print CSS shows them unfolded.
  case details(summary: String, [ReportBlock])
  /// The table of contents: links to the template's section anchors (`Template.anchored`).
  case contents([TemplateHeading])
}
