import Foundation
import Testing

@testable import FairAuditKit

@Suite struct ReportTests {
  @Test("literal Markdown neutralises HTML, emphasis and links")
  func literalEscaping() {
    let html = MarkdownRenderer.html("Column " + MarkdownText.literal("<script>alert(1)</script> *x* [a](b) & `c`"))
    #expect(!html.contains("<script>"))
    #expect(html.contains("&lt;script&gt;"))
    #expect(!html.contains("<em>") && !html.contains("<a ") && !html.contains("<code>"))
  }

  @Test("tables escape every cell and caption")
  func tableEscaping() {
    var t = HTMLTable(caption: "<b>cap</b>", header: ["<h>"])
    t.append(["a&b<i>"])
    #expect(t.html.contains("&lt;b&gt;cap&lt;/b&gt;"))
    #expect(t.html.contains("a&amp;b&lt;i&gt;"))
    #expect(MarkdownRenderer.html(t.html).contains("<table>"))
  }

  @Test("an unknown template slot is an error, a complete one leaves no braces")
  func templateSlots() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fa-templates-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try "Hello {{ name }}".write(to: dir.appendingPathComponent("t.md"), atomically: true, encoding: .utf8)
    let t = try Template(named: "t.md", directory: dir.path)
    #expect(try t.fill(["name": "x"]) == "Hello x")
    #expect(throws: FairAuditError.templateSlot(template: "t.md", slot: "name")) { try t.fill([:]) }
    #expect(throws: FairAuditError.self) { try Template(named: "missing.md", directory: dir.path) }
  }

  @Test("the bundled templates load and the bank report is complete and deterministic")
  func bankReport() throws {
    let builder = ReportBuilder(result: TestSupport.bankFullAllRows)
    let html = try builder.html(templates: nil)
    #expect(!html.contains("raw HTML omitted"))
    #expect(!html.contains("{{"))
    #expect(html.contains("<svg"))
    #expect(!html.contains("http://") || html.contains("xmlns=\"http://www.w3.org/2000/svg\""))
    #expect(try builder.html(templates: nil) == html)
    #expect(AuditSummary.json(TestSupport.bankFullAllRows) == AuditSummary.json(TestSupport.bankFullAllRows))
  }

  @Test("the JSON summary parses and carries the schema version and metrics")
  func jsonSummary() throws {
    let text = AuditSummary.json(TestSupport.bankFullAllRows)
    let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    #expect(json["schema_version"] as? String == FairAuditVersion.jsonSchema)
    let models = json["models"] as! [[String: Any]]
    #expect(models.first?["label"] as? String == "LR")
    #expect((json["input"] as! [String: Any])["sha256"] as? String == "d1513ec63b385506f7cfce9f2c5caa9fe99e7ba4e8c3fa264b3aaf0f849ed32d")
  }

  @Test("NaN becomes null; keys are sorted")
  func jsonValue() {
    let v = JSONValue.object(["b": .number(.nan), "a": .number(0.25), "c": .string("q\"\n")])
    #expect(v.serialized() == "{\n  \"a\": 0.25,\n  \"b\": null,\n  \"c\": \"q\\\"\\n\"\n}")
  }

  @Test("SHA-256 of known vectors")
  func sha256() {
    #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(
      SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
  }

  @Test("exit codes are distinct per error family and never 0 or 1")
  func exitCodes() {
    let samples: [FairAuditError] = [
      .fileNotFound(path: ""), .malformedCSV(path: "", line: 1, reason: ""), .unknownColumn(name: "", role: "", suggestions: []),
      .notBinary(column: "", role: "", levels: []), .constantColumn(name: ""), .nonFiniteValue(column: "", row: 1, line: 1, value: ""),
      .emptyGroup(feature: "", group: ""), .singularDesign(model: "", detail: ""),
      .didNotConverge(model: "", iterations: 1, gradientNorm: 1),
      .templateMissing(path: ""), .cannotWrite(path: "", reason: ""), .invalidOption(option: "", reason: ""),
      .configFile(path: "", reason: ""),
    ]
    let codes = samples.map(\.exitCode)
    #expect(Set(codes).count == codes.count)
    #expect(!codes.contains(0) && !codes.contains(1))
    #expect(samples.allSatisfy { !$0.description.contains("\n") })
  }
}
