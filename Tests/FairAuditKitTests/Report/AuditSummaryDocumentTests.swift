import Foundation
import Testing

@testable import FairAuditKit

/// The typed JSON summary: writing, reading back, the schema version policy and `--baseline`.
@Suite struct AuditSummaryDocumentTests {
  /// Fixtures/summary_1_0.json: schema 1.0 as written before the typed document (see Fixtures/README.md).
  static let fixtureName = "summary_1_0.json"

  /// The audit the fixture was made from (`fairaudit aliased.csv --target y --sensitive female
  /// --cluster region`): all six models, the sweeps, warnings, null variances.
  static let audited: AuditResult = {
    var c = AuditConfiguration(inputPath: TestSupport.fixtureURL("aliased.csv").path)
    c.roles.target = "y"
    c.roles.cluster = "region"
    c.sensitiveArguments = ["female"]
    return try! AuditPipeline.run(c)
  }()

  static func decode(_ text: String) throws -> AuditSummaryDocument {
    try AuditSummaryDocument.decode(Data(text.utf8))
  }

  @Test("the JSON of an audit decodes into the document, equals the built one and re-encodes to the same bytes")
  func roundTrip() throws {
    let result = Self.audited
    let text = AuditSummary.json(result)
    let document = try Self.decode(text)
    #expect(document == AuditSummaryDocument(result))
    #expect(document.jsonText() == text)
    #expect(document.models.map(\.kind) == result.evaluations.map(\.model.kind))
    #expect(document.models.count == 7)
    #expect(document.sweeps != nil)
    #expect(document.models.contains { $0.randomIntercepts != nil })
    #expect(document.models.contains { $0.constraints != nil })
    #expect(document.warnings?.isEmpty == false)
  }

  @Test("a schema 1.0 summary written by the previous code decodes and re-encodes to its own bytes")
  func previousFormat() throws {
    let data = try Data(contentsOf: TestSupport.fixtureURL(Self.fixtureName))
    let document = try AuditSummaryDocument.decode(data)
    #expect(document.schemaVersion == "1.0")
    #expect(document.jsonText() == String(decoding: data, as: UTF8.self))
    let glmm = try #require(document.models.first { $0.kind == .logisticGLMM })
    #expect(glmm.settings.nAGQ != nil)
    let fair = try #require(document.models.first { $0.kind == .fairLogisticRegression })
    #expect(fair.settings.bounds["female"] != nil)
    let fairGLMM = try #require(document.models.first { $0.kind == .fairGLMM })
    #expect(fairGLMM.settings.rho["female"] != nil && fairGLMM.settings.steps != nil)
  }

  @Test("--baseline reads a summary written by the previous code")
  func baselineFromPreviousFormat() throws {
    let result = Self.audited
    let path = TestSupport.fixtureURL(Self.fixtureName).path
    let b = try BaselineComparison(path: path, current: result.evaluations, audited: result.auditedModel)
    #expect(b.baselineFile == Self.fixtureName)
    #expect(b.baselineSHA256 == result.inputSHA256)
    let metrics = b.rows.map(\.metric)
    #expect(
      metrics == [
        .accuracy(model: .logisticRegression), .auc(model: .logisticRegression),
        .disparateImpact(feature: "female"), .impactRatio(feature: "female"),
        .shadowPrice(feature: "female", model: .fairLogisticRegression),
      ])
    #expect(metrics.map(\.label) == ["LR accuracy", "LR AUC", "DI female", "impact ratio female", "shadow price female (Fair LR)"])
    let fixture = try AuditSummaryDocument.decode(Data(contentsOf: TestSupport.fixtureURL(Self.fixtureName)))
    let lr = try #require(fixture.models.first { $0.kind == .logisticRegression })
    #expect(b.rows[0].baseline == lr.evaluation.performance.accuracy)
    #expect(b.rows[2].baseline == lr.evaluation.features[0].disparateImpact)
  }

  @Test("the DI gate and the largest DI increase use the metric, not its label")
  func diGate() throws {
    let result = Self.audited
    let data = try Data(contentsOf: TestSupport.fixtureURL(Self.fixtureName))
    var document = try AuditSummaryDocument.decode(data)
    // Pretend the baseline was fairer: its DI 0.1 below today's.
    let di = try #require(result.auditedModel.test.features.first).disparateImpact
    let lr = try #require(document.models.firstIndex { $0.kind == .logisticRegression })
    document.models[lr].evaluation.features[0].disparateImpact = di - 0.1
    let b = BaselineComparison(file: "b.json", document: document, current: result.evaluations, audited: result.auditedModel)
    let increase = try #require(b.largestDIIncrease)
    #expect(increase.feature == "female" && abs(increase.change - 0.1) < 1e-12)
    var t = Thresholds()
    t.maxDIIncrease = 0.05
    let checks = ThresholdGate.check(t, evaluation: result.auditedModel, baseline: b)
    #expect(checks.count == 1)
    #expect(checks.first?.subject == "female" && checks.first?.passed == false)
  }

  @Test(
    "a malformed or foreign baseline is a one-line error naming the file, exit status 10",
    arguments: [
      ("not json", "not valid JSON"),
      ("{\"models\": []}", "\"schema_version\""),
      ("{\"schema_version\": \"2.0\"}", "schema 2.0"),
      ("{\"schema_version\": \"one\"}", "schema \"one\""),
      ("{\"schema_version\": \"1.0\", \"models\": []}", "\"tool\" is missing"),
    ])
  func malformedBaseline(_ contents: String, _ expected: String) throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fa-baseline-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("old-summary.json")
    try contents.write(to: file, atomically: true, encoding: .utf8)
    let result = Self.audited
    do {
      _ = try BaselineComparison(path: file.path, current: result.evaluations, audited: result.auditedModel)
      Issue.record("accepted \(contents)")
    } catch {
      guard case .fileUnreadable = error else { Issue.record("\(error)"); return }
      #expect(error.exitCode == 10)
      #expect(error.description.hasPrefix("error: cannot read "))
      #expect(error.description.contains("old-summary.json"))
      #expect(error.description.contains(expected), "\(error.description)")
      #expect(!error.description.contains("\n"))
    }
  }

  @Test("a key missing deep inside names its JSON path")
  func missingKeyPath() throws {
    let text = AuditSummary.json(Self.audited).replacingOccurrences(of: "\"role\"", with: "\"side\"")
    #expect(throws: AuditSummaryDocument.ReadError.notASummary("models[0].training.features[0].groups[0]: \"role\" is missing")) {
      try Self.decode(text)
    }
  }

  @Test("schema versions: every minor of the current major is readable, other majors are not")
  func schemaVersions() {
    typealias V = AuditSummaryDocument.SchemaVersion
    #expect(V("1.0") == V(major: 1, minor: 0))
    #expect(V("1.12")?.isReadable == true)
    #expect(V("2.0")?.isReadable == false)
    #expect(V("0.9")?.isReadable == false)
    #expect(V("1") == nil && V("1.x") == nil && V("-1.0") == nil && V("1.0.0") == nil)
    #expect(V.current.description == FairAuditVersion.jsonSchema)
  }

  @Test("a newer minor version's extra fields are ignored; warnings may be absent")
  func newerMinor() throws {
    var json = AuditSummary.json(Self.audited)
    json = json.replacingOccurrences(
      of: "\"schema_version\": \"\(FairAuditVersion.jsonSchema)\"",
      with: "\"future_field\": {\"x\": [1, null]},\n  \"schema_version\": \"1.99\"")
    #expect(try Self.decode(json).schemaVersion == "1.99")
    let decoded = try Self.decode(AuditSummary.json(Self.audited))
    var old = decoded
    old.warnings = nil
    var withoutWarnings = old.jsonValue()
    if case .object(var members) = withoutWarnings {
      members["warnings"] = nil
      withoutWarnings = .object(members)
    }
    #expect(try Self.decode(withoutWarnings.serialized()).warnings == nil)
  }

  @Test("model settings: typed fields under the former keys")
  func settings() throws {
    let s = ModelSettings(
      lambda: 1, nAGQ: 7, nu: 0.1, steps: 12, kappa: 1e-4, rho: ["housing": 0.8], bounds: ["loan": 0.05],
      custom: ["depth": 3])
    let value = try JSONValueEncoder().encode(s)
    #expect(
      value
        == .object([
          "lambda": .number(1), "nAGQ": .integer(7), "nu": .number(0.1), "steps": .integer(12), "kappa": .number(1e-4),
          "rho[housing]": .number(0.8), "c[loan]": .number(0.05), "depth": .number(3),
        ]))
    let back = try JSONDecoder().decode(ModelSettings.self, from: Data(value.serialized().utf8))
    #expect(back == s)
    let other = try JSONDecoder().decode(ModelSettings.self, from: Data("{\"gamma\": 2, \"c[a[1]]\": 3, \"rho[]\": 1}".utf8))
    #expect(other == ModelSettings(bounds: ["a[1]": 3], custom: ["gamma": 2, "rho[]": 1]))
    #expect(try JSONValueEncoder().encode(ModelSettings()) == .object([:]))
  }

  @Test("JSONValueEncoder: nil and NaN become null, integers stay integers, nested containers")
  func encoder() throws {
    struct Inner: Encodable, Equatable { var x: Double?; var n: Int }
    struct Outer: Encodable { var a: [Inner]; var b: String?; var c: [Double?]; var d: [String: Int] }
    let v = try JSONValueEncoder().encode(Outer(a: [Inner(x: .nan, n: 2), Inner(x: nil, n: 3)], b: nil, c: [1.5, nil], d: ["k": 1]))
    #expect(
      v.serialized() == """
        {
          "a": [
            {
              "n": 2,
              "x": null
            },
            {
              "n": 3,
              "x": null
            }
          ],
          "b": null,
          "c": [
            1.5,
            null
          ],
          "d": {
            "k": 1
          }
        }
        """)
  }
}

@Suite struct SourceContractTests {
  @Test("no untyped JSON ([String: Any]) in Sources")
  func noUntypedJSON() throws {
    let sources = TestSupport.repositoryRoot.appendingPathComponent("Sources")
    let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
    var offenders: [String] = []
    for case let url as URL in files where url.pathExtension == "swift" {
      let text = try String(contentsOf: url, encoding: .utf8)
      if text.contains("[String: Any]") || text.contains("JSONSerialization") { offenders.append(url.lastPathComponent) }
    }
    #expect(offenders.isEmpty, "untyped JSON in \(offenders)")
  }
}
