import CCmark
import Foundation

/// The only file that touches libcmark. CMARK_OPT_UNSAFE lets the project's own HTML blocks
/// (tables, figures) through; all data-derived text has been escaped before it gets here.
public enum MarkdownRenderer {
  public static func html(_ markdown: String) -> String {
    let options = CMARK_OPT_UNSAFE | CMARK_OPT_VALIDATE_UTF8
    return markdown.withCString { pointer -> String in
      guard let out = cmark_markdown_to_html(pointer, strlen(pointer), options) else { return "" }
      defer { free(out) }
      return String(cString: out)
    }
  }
}
