/// A table emitted as an HTML block (libcmark has no table syntax). Every cell is escaped and
/// kept on one line (a blank line would end the HTML block);
/// numeric columns are right-aligned.
public struct HTMLTable: Sendable {
  public enum Alignment: Sendable { case left, right }

  public var caption: String?
  public var header: [String]
  public var alignments: [Alignment]
  public var rows: [[String]]
  /// Optional CSS class per row (e.g. "fail" for a breached threshold); trusted, project-owned.
  public var rowClasses: [String?]

  public init(caption: String? = nil, header: [String], alignments: [Alignment]? = nil, rows: [[String]] = [], rowClasses: [String?] = []) {
    self.caption = caption
    self.header = header
    self.alignments = alignments ?? header.indices.map { $0 == 0 ? .left : .right }
    self.rows = rows
    self.rowClasses = rowClasses
  }

  public mutating func append(_ row: [String], class rowClass: String? = nil) {
    rows.append(row)
    rowClasses.append(rowClass)
  }

  /// The block, with blank lines around it so CommonMark treats it as one HTML block.
  public var html: String {
    var s = "\n<table>\n"
    if let caption { s += "<caption>\(XMLEscape.blockText(caption))</caption>\n" }
    s +=
      "<thead><tr>" + header.enumerated().map { "<th\(align($0.offset))>\(XMLEscape.blockText($0.element))</th>" }.joined()
      + "</tr></thead>\n<tbody>\n"
    for (i, row) in rows.enumerated() {
      let cls = i < rowClasses.count ? rowClasses[i].map { " class=\"\($0)\"" } ?? "" : ""
      s += "<tr\(cls)>" + row.enumerated().map { "<td\(align($0.offset))>\(XMLEscape.blockText($0.element))</td>" }.joined() + "</tr>\n"
    }
    return s + "</tbody>\n</table>\n\n"
  }

  private func align(_ j: Int) -> String {
    j < alignments.count && alignments[j] == .right ? " class=\"num\"" : ""
  }
}
