import Foundation

@testable import FairAuditKit

/// Paths and fixture loading shared by the tests.
enum TestSupport {
  /// The repository root, found from this file's location (tests never use machine paths).
  static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static var bankFull: String { repositoryRoot.appendingPathComponent("Examples/bank/bank-full.csv").path }
  static var bankSmall: String { repositoryRoot.appendingPathComponent("Examples/bank/bank.csv").path }

  static func fixtureURL(_ name: String) -> URL {
    Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(name)
  }

  static func fixture(_ name: String) throws -> [String: Any] {
    let data = try Data(contentsOf: fixtureURL(name))
    return try JSONSerialization.jsonObject(with: data) as! [String: Any]
  }

  /// |a - b| <= absolute + relative * |b|
  static func close(_ a: Double, _ b: Double, relative: Double = 0, absolute: Double = 0) -> Bool {
    abs(a - b) <= absolute + relative * abs(b)
  }

  /// Parses CSV text given inline.
  static func table(_ text: String, delimiter: UInt8? = nil) throws -> DataTable {
    let csv = try CSVReader(delimiter: delimiter).parse(Array(text.utf8), path: "inline.csv")
    return DataTable(csv: csv, path: "inline.csv")
  }

  /// bank-full LR problem on all rows, computed once per test run.
  static let bankFullAllRows: AuditResult = {
    var c = AuditConfiguration(inputPath: bankFull)
    c.roles.sensitive = [try! SensitiveFeatureSpec(parsing: "housing"), try! SensitiveFeatureSpec(parsing: "loan")]
    c.testFraction = 0
    c.sweep = false  // the sweep is covered on small data; here it would only slow the suite
    return try! AuditPipeline.run(c)
  }()
}
