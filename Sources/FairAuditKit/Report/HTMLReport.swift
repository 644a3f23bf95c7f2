/// Wraps rendered Markdown in one self-contained page: inline CSS, inline SVG, no external URL.
public enum HTMLReport {
  public static func page(title: String, body: String, css: String) -> String {
    """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="generator" content="fairaudit \(FairAuditVersion.string)">
    <title>\(XMLEscape.escape(title))</title>
    <style>
    \(css)
    </style>
    </head>
    <body>
    <main>
    \(body)
    </main>
    </body>
    </html>

    """
  }
}
