import Testing

@testable import FairAuditKit

@Suite struct ExecutiveSummaryTests {
  static let result: AuditResult = {
    var c = AuditConfiguration(inputPath: TestSupport.bankSmall)
    c.sensitiveArguments = ["housing,loan"]
    c.thresholds = Thresholds(minPRule: 10, maxDI: 0.01)
    c.bootstrap = 100
    c.intendedUse = "Orders <the> call list"
    return try! AuditPipeline.run(c)
  }()

  static func lines() -> [String] {
    guard case .list(let items) = ReportBuilder(result: result).atAGlance() else { return [] }
    return items.map { PlainTextDocumentRenderer.render($0.inlines) }
  }

  @Test("each answer states its numbers: met and breached criteria, the groups, both intervals, the driver, the cost, the point")
  func answers() throws {
    let lines = Self.lines()
    let f = Self.result.auditedModel.test.features
    #expect(lines.count == 7)
    #expect(lines[0].hasPrefix("Thresholds: p%-rule >= 10: met (2 of 2); DI <= 0.01: breached on housing"))
    #expect(lines[1].hasPrefix("Groups below the thresholds: housing = \"yes\", selected at"))
    let worst = try #require(f.min { $0.impactRatio < $1.impactRatio })
    #expect(lines[2].contains("the lowest impact ratio, \(worst.feature) \(NumberFormat.fixed(worst.impactRatio, 3))"))
    #expect(lines[2].contains("(Katz) and [") && lines[2].contains("(bootstrap, 100 replicates)"))
    #expect(lines[3].hasPrefix("What drives it: "))
    #expect(lines[4].hasPrefix("Cost of fixing: ") && lines[4].contains("Fair LR"))
    #expect(lines[5].hasPrefix("Recommended point: "))
    #expect(lines[6].hasPrefix("Since the baseline: no baseline given"))
  }

  @Test("the intended use is shown escaped in the scope section")
  func intendedUse() throws {
    let markdown = MarkdownDocumentRenderer.render(ReportBuilder(result: Self.result).intendedUse())
    #expect(markdown.contains("Orders \\<the\\> call list"))
  }
}
