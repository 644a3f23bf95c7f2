/// A run of text inside a report block. Data-derived strings (column names, levels, file names,
/// model labels) enter only as `.text`, which every renderer escapes for its format; `.prose` and
/// `.code` hold project wording written in the source (the literal parts of an `InlineText`).
public enum Inline: Sendable, Equatable {
  /// Untrusted text, escaped by the renderer (Markdown: `MarkdownText.literal`).
  case text(String)
  /// Project wording and formatted numbers, written as they are.
  case prose(String)
  case strong([Inline])
  case emphasis([Inline])
  /// A project-owned code span such as a command-line flag.
  case code(String)
  /// A Markdown sentence supplied by a `ModelFitter` (`methodText`), trusted like the fitter itself.
  case fitterMarkdown(String)
}
