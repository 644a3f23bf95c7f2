import Foundation
import Testing

@testable import FairAuditKit

/// Golden files of the sensitivity charts, drawn from the small-bank sweep of `TradeoffSweepTests`
/// (two sensitive features, job clusters). A missing golden fails; `FAIRAUDIT_RECORD=1 swift test
/// --filter SweepFigureGolden` re-records them, and the diff shows what changed.
@Suite struct SweepFigureGoldenTests {
  static let directory = TestSupport.repositoryRoot.appendingPathComponent("Tests/FairAuditKitTests/Golden/svg")

  static var figures: SweepFigures {
    let run = TradeoffSweepTests.bank
    return SweepFigures(
      sweep: run.sweep!, analysis: run.tradeoff!, features: run.frame.sensitive.map(\.name),
      groups: run.frame.sensitive.map { ($0.protectedLabel, $0.otherLabel) }, rows: run.split.training.count)
  }

  static var charts: [(name: String, svg: String)] {
    let f = figures
    return [
      ("tradeoff", f.tradeoff().svg()), ("shadow-price-check", f.checks()!.svg()), ("shadow-price-along-c", f.shadowPrices().svg()),
      ("covariance-along-c", f.covariance().svg()), ("selection-rates-along-c", f.selectionRates()!.chart.svg()),
    ]
  }

  @Test("every sensitivity chart matches its golden file and parses as XML")
  func golden() throws {
    for (name, svg) in Self.charts {
      let url = Self.directory.appendingPathComponent(name + ".svg")
      if ProcessInfo.processInfo.environment["FAIRAUDIT_RECORD"] != nil {
        try svg.write(to: url, atomically: true, encoding: .utf8)
      }
      let expected = try String(contentsOf: url, encoding: .utf8)
      #expect(svg == expected, "\(name).svg changed; re-record with FAIRAUDIT_RECORD=1 and review the diff")
      #expect(SVGProbe.parse(svg).wellFormed, "\(name).svg is not well-formed XML")
    }
  }
}
