/// Assembles the Markdown report from `Templates/report.md` and the audit result, and renders
/// it to one self-contained HTML page with libcmark. Each section builds `[ReportBlock]`, whose
/// data-derived text is escaped by `MarkdownDocumentRenderer`, never at the call site.
public struct ReportBuilder: Sendable {
  public let result: AuditResult
  /// The command line as the user typed it, echoed in the cover block (nil: left out).
  public let commandLine: String?

  public init(result: AuditResult, commandLine: String? = nil) {
    self.result = result
    self.commandLine = commandLine
  }

  /// - Throws: `.templateMissing`, `.templateSlot`.
  public func markdown(templates: String?) throws(FairAuditError) -> String {
    let (template, headings) = try Template(named: "report.md", directory: templates).anchored()
    var values = slots().mapValues(MarkdownDocumentRenderer.render)
    values["toc"] = MarkdownDocumentRenderer.render(.contents(headings))
    return try template.fill(values)
  }

  /// - Throws: `.templateMissing`, `.templateSlot`.
  public func html(templates: String?) throws(FairAuditError) -> String {
    let css = try Template(named: "report.css", directory: templates).text
    let body = MarkdownRenderer.html(try markdown(templates: templates))
    return HTMLReport.page(title: "Fairness audit: \(fileName)", body: body, css: css)
  }

  /// The blocks of every template slot.
  public func slots() -> [String: [ReportBlock]] {
    [
      "cover": cover(), "summary": summary(), "data": dataSection(), "methodology": methodology(),
      "models": modelsSection(), "performance": performance(), "fairness": fairness(),
      "sensitivity": sensitivity(), "comparison": comparison(), "diagnostics": diagnostics(), "gate": gate(),
      "intended_use": intendedUse(),
    ]
  }

  var fileName: String { result.table.path.split(separator: "/").last.map(String.init) ?? result.table.path }
  var audited: ModelEvaluation { result.auditedModel }

  /// The rows the metrics are computed on, as prose (the wording of `AuditResult.evaluationLabel`).
  var evaluationSet: InlineText { result.split.isFullData ? "all rows (no hold-out)" : "test rows" }

  /// "n/a" for undefined rates, else fixed decimals.
  func num(_ x: Double, _ digits: Int = 3) -> String { x.isNaN ? "n/a" : NumberFormat.fixed(x, digits) }
}
