import Foundation
import Testing

@testable import FairAuditKit

/// docs/summary.schema.json against real summaries: every optional part present (six models with
/// random intercepts, constraints and fit logs, sweeps, warnings, null numbers, --cluster auto,
/// --baseline, --bootstrap), the committed example reports, and documents broken on purpose.
@Suite struct SummarySchemaTests {
  static let schemaURL = TestSupport.repositoryRoot.appendingPathComponent("docs/summary.schema.json")

  static func validator() throws -> JSONSchemaSubset {
    JSONSchemaSubset(root: try SchemaJSON.parse(try Data(contentsOf: schemaURL)))
  }

  /// aliased.csv with every optional part of the summary filled.
  static func fullSummary() throws -> String {
    let baseline = FileManager.default.temporaryDirectory.appendingPathComponent("fairaudit-schema-baseline-\(getpid()).json")
    defer { try? FileManager.default.removeItem(at: baseline) }
    try AuditSummary.json(AuditSummaryDocumentTests.audited).write(to: baseline, atomically: true, encoding: .utf8)
    var c = AuditConfiguration(inputPath: TestSupport.fixtureURL("aliased.csv").path)
    c.roles.target = "y"
    c.roles.cluster = "auto"
    c.sensitiveArguments = ["female"]
    c.baselinePath = baseline.path
    c.bootstrap = 50
    c.thresholds = Thresholds(minPRule: 80, maxDI: 0.2, maxDPDifference: 0.1, minAccuracy: 0.5, maxDIIncrease: 0.05)
    return AuditSummary.json(try AuditPipeline.run(c))
  }

  @Test("real summaries validate against docs/summary.schema.json")
  func realSummaries() throws {
    let schema = try Self.validator()
    let full = try SchemaJSON.parse(Data(try Self.fullSummary().utf8))
    guard case .object(let members) = full else { Issue.record("not an object"); return }
    for key in ["bootstrap", "baseline", "cluster_selection", "sweeps"] { #expect(members[key] != nil && members[key] != .null, "\(key)") }
    #expect(schema.errors(full) == [])
    let plain = try SchemaJSON.parse(Data(AuditSummary.json(AuditSummaryDocumentTests.audited).utf8))
    #expect(schema.errors(plain) == [])
  }

  @Test("the example reports in Reports/ validate")
  func examples() throws {
    let schema = try Self.validator()
    for name in ["bank-full.json", "bank-full-job.json"] {
      let url = TestSupport.repositoryRoot.appendingPathComponent("Reports").appendingPathComponent(name)
      #expect(schema.errors(try SchemaJSON.parse(try Data(contentsOf: url))) == [], "\(name)")
    }
  }

  @Test("a missing key, a wrong type, an unknown key and a bad enum value are each reported")
  func violations() throws {
    let schema = try Self.validator()
    let text = AuditSummary.json(AuditSummaryDocumentTests.audited)
    let broken = [
      text.replacingOccurrences(of: "\"schema_version\"", with: "\"schema_versio\""),
      text.replacingOccurrences(of: "\"training_rows\": ", with: "\"training_rows\": \"many\", \"x\": "),
      text.replacingOccurrences(of: "\"evaluation_set\": \"", with: "\"evaluation_set\": \"x"),
      text.replacingOccurrences(of: "\"sha256\": \"", with: "\"sha256\": \"Z"),
    ]
    for b in broken {
      #expect(b != text)
      #expect(!schema.errors(try SchemaJSON.parse(Data(b.utf8))).isEmpty)
    }
  }
}
