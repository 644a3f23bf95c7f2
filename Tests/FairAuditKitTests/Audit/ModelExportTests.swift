import Foundation
import Testing

@testable import FairAuditKit

@Suite struct ModelExportTests {
  /// bank-full with (1 | job): all seven models on a 70/30 split, so the test rows include the
  /// rows the models did not see.
  static let clustered: AuditResult = {
    var c = AuditConfiguration(inputPath: TestSupport.bankFull)
    c.sensitiveArguments = ["housing", "loan"]
    c.roles.cluster = "job"
    c.sweep = false
    return try! AuditPipeline.run(c)
  }()

  @Test("score reproduces every exported model's fitted probabilities on the training CSV to 1e-12")
  func reproducesProbabilities() throws {
    let r = Self.clustered
    let table = r.table
    #expect(r.evaluations.count == 7)  // the paper's six and the constrained GLMM
    for e in r.evaluations {
      let export = ModelExport(model: e.model, result: r)
      let text = export.jsonText()
      let path = FileManager.default.temporaryDirectory.appendingPathComponent("fairaudit-export-\(e.model.kind.optionName).json").path
      try text.write(toFile: path, atomically: true, encoding: .utf8)
      let read = try ModelExport.read(path: path)
      #expect(read == export)
      let scoring = try ModelScoring(export: read, table: table)
      let fitted = try #require(e.scores?.probability)
      var worst = 0.0
      for (i, row) in r.frame.rows.enumerated() {
        let p = try #require(scoring.probabilities[row])
        worst = max(worst, abs(p - fitted[i]))
      }
      #expect(worst <= 1e-12, "\(e.model.kind.label): max |p - fitted| = \(worst)")
      #expect(scoring.unseenClusterRows == 0 && scoring.unseenLevels.isEmpty)
    }
  }

  @Test("unseen levels are coded as the reference and counted, unseen clusters get b = 0, missing values no score")
  func unseenAndMissing() throws {
    let r = Self.clustered
    let glmm = try #require(r.evaluations.first { $0.model.kind == .logisticGLMM })
    let export = ModelExport(model: glmm.model, result: r)
    let header = "age;job;marital;education;default;balance;housing;loan;contact;day;month;duration;campaign;pdays;previous;poutcome;y\n"
    let csv =
      header + "58;astronaut;married;tertiary;no;2143;yes;no;unknown;5;may;261;1;-1;0;unknown;no\n"
      + "58;management;married;tertiary;no;2143;yes;no;unknown;5;jun;261;1;-1;0;martian;no\n"
      + "58;management;married;tertiary;no;;yes;no;unknown;5;may;261;1;-1;0;unknown;no\n"
    let table = try TestSupport.table(csv)
    let scoring = try ModelScoring(export: export, table: table)
    #expect(scoring.unseenClusterRows == 1)
    #expect(scoring.unseenLevels == ["poutcome": 1])
    #expect(scoring.missingRows == ["balance": 1])
    #expect(scoring.probabilities[0] != nil && scoring.probabilities[1] != nil && scoring.probabilities[2] == nil)
    // b = 0 for the unseen cluster: the probability is that of the same recipe without intercepts.
    var fixedOnly = export
    fixedOnly.cluster = nil
    let withoutB = try ModelScoring(export: fixedOnly, table: table)
    #expect(scoring.probabilities[0] == withoutB.probabilities[0])
    #expect(scoring.probabilities[1] != withoutB.probabilities[1])
  }

  @Test("a file that is not an export, or of a newer major version, is refused with one line")
  func refusesOtherFiles() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("fairaudit-not-export.json").path
    try "{\"schema_version\": \"1.3\"}".write(toFile: path, atomically: true, encoding: .utf8)
    #expect(throws: FairAuditError.self) { try ModelExport.read(path: path) }
    var export = ModelExport(model: Self.clustered.evaluations[0].model, result: Self.clustered)
    export.formatVersion = "2.0"
    try export.jsonText().write(toFile: path, atomically: true, encoding: .utf8)
    do {
      _ = try ModelExport.read(path: path)
      Issue.record("a 2.0 export was read")
    } catch {
      #expect(error.message.contains("not readable by this build"))
    }
  }
}
