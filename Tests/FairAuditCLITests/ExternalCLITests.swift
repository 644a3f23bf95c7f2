import Foundation
import Testing

/// The deployed-model flags end to end: `--score`, `--decision`, `--model-name`, `--threshold`,
/// `--selection-rate`, `--models`, `--export-models` and `fairaudit score`.
@Suite struct ExternalCLITests {
  static func json(_ dir: URL, _ name: String) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(name))) as! [String: Any]
  }

  static func model(_ json: [String: Any], kind: String) -> [String: Any]? {
    (json["models"] as! [[String: Any]]).first { $0["kind"] as? String == kind }
  }

  /// The same JSON values, numbers equal to 1e-12 relative: a fitted model's log loss is summed
  /// from eta (log(1 + e^eta) - y eta), an external model's from its scores p (log p, log(1 - p)),
  /// which agree to rounding, not to the bit. Counts and every other value must be equal.
  static func sameValues(_ a: Any?, _ b: Any?) -> Bool {
    switch (a, b) {
    case (let x as [String: Any], let y as [String: Any]):
      return Set(x.keys) == Set(y.keys) && x.keys.allSatisfy { sameValues(x[$0], y[$0]) }
    case (let x as [Any], let y as [Any]):
      return x.count == y.count && zip(x, y).allSatisfy { sameValues($0, $1) }
    case (let x as NSNumber, let y as NSNumber):
      return x == y || abs(x.doubleValue - y.doubleValue) <= 1e-12 * max(abs(x.doubleValue), abs(y.doubleValue))
    default:
      return (a as? NSObject) == (b as? NSObject)
    }
  }

  @Test("export, score, and audit the scored file: the external model's metrics are the exported model's")
  func exportScoreAudit() throws {
    let dir = try CLIRun.temporaryDirectory()
    let fit = try CLIRun.run(
      [
        CLIRun.bankSmall, "--sensitive", "housing,loan", "--test-fraction", "0", "--no-sweep", "--export-models", "models", "-o", "a.html",
        "--json", "a.json",
      ], in: dir)
    #expect(fit.status == 0, "\(fit.stderr)")
    let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("models").path).sorted()
    #expect(files == ["FairLR.json", "LR.json"])
    let export = try Self.json(dir, "models/FairLR.json")
    #expect(export["format"] as? String == "fairaudit-model" && export["format_version"] as? String == "1.0")
    #expect((export["decision_rule"] as! [String: Any])["rule"] as? String == "threshold")

    let scored = try CLIRun.run(["score", "models/FairLR.json", CLIRun.bankSmall, "-o", "scored.csv"], in: dir)
    #expect(scored.status == 0, "\(scored.stderr)")
    #expect(scored.stdout.contains("4521 of 4521 rows scored with Fair LR"))
    let header = try String(contentsOf: dir.appendingPathComponent("scored.csv"), encoding: .utf8).prefix { $0 != "\n" }
    #expect(header.hasSuffix(";score;decision"))

    let again = try CLIRun.run(
      [
        "scored.csv", "--target", "y", "--sensitive", "housing,loan", "--test-fraction", "0", "--score", "score", "--decision", "decision",
        "--model-name", "Deployed Fair LR", "--models", "none", "-o", "b.html", "--json", "b.json", "--junit", "b.xml",
      ], in: dir)
    #expect(again.status == 0, "\(again.stderr)")
    let repeated = try CLIRun.run(
      [
        "scored.csv", "--target", "y", "--sensitive", "housing,loan", "--test-fraction", "0", "--score", "score", "--decision", "decision",
        "--model-name", "Deployed Fair LR", "--models", "none", "--threads", "1", "-o", "c.html", "--json", "c.json",
      ], in: dir)
    #expect(repeated.status == 0)
    for (x, y) in [("b.json", "c.json")] {  // the HTML quotes the command line, which differs
      #expect(try Data(contentsOf: dir.appendingPathComponent(x)) == Data(contentsOf: dir.appendingPathComponent(y)), "\(x) differs")
    }
    let refit = try CLIRun.run(
      [
        CLIRun.bankSmall, "--sensitive", "housing,loan", "--test-fraction", "0", "--no-sweep", "--export-models", "models2", "-o",
        "a2.html",
      ],
      in: dir)
    #expect(refit.status == 0)
    for name in files {
      #expect(
        try Data(contentsOf: dir.appendingPathComponent("models/\(name)"))
          == Data(contentsOf: dir.appendingPathComponent("models2/\(name)")))
    }
    let first = try Self.json(dir, "a.json"), second = try Self.json(dir, "b.json")
    let external = Self.model(second, kind: "external")
    #expect(external?["label"] as? String == "Deployed Fair LR")
    #expect((second["models"] as! [Any]).count == 1)
    #expect(Self.sameValues(external?["evaluation"], Self.model(first, kind: "fairLogisticRegression")?["evaluation"]))
    #expect(external?["evaluation"] != nil)
    let configuration = second["configuration"] as! [String: Any]
    #expect((configuration["external"] as! [String: Any])["score_column"] as? String == "score")
    #expect(!(configuration["covariates"] as! [String]).contains { $0.hasPrefix("score") || $0.hasPrefix("decision") })
    #expect((second["gate"] as! [String: Any])["audited_model"] as? String == "Deployed Fair LR")
    let junit = try String(contentsOf: dir.appendingPathComponent("b.xml"), encoding: .utf8)
    #expect(junit.contains("tests=\"0\"") && !junit.contains("converged"))
  }

  @Test("--selection-rate applies to every model: an external copy of LR's scores gets LR's decisions and metrics")
  func selectionRateForAll() throws {
    let dir = try CLIRun.temporaryDirectory()
    _ = try CLIRun.run([CLIRun.bankSmall, "--test-fraction", "0", "--no-sweep", "--export-models", "m", "-o", "a.html"], in: dir)
    _ = try CLIRun.run(["score", "m/LR.json", CLIRun.bankSmall, "-o", "s.csv"], in: dir)
    let r = try CLIRun.run(
      [
        "s.csv", "--target", "y", "--sensitive", "housing", "--test-fraction", "0", "--score", "score", "--exclude", "decision",
        "--models", "LR", "--selection-rate", "0.1", "--no-sweep", "-o", "r.html", "--json", "r.json",
      ], in: dir)
    #expect(r.status == 0, "\(r.stderr)")
    let json = try Self.json(dir, "r.json")
    let external = Self.model(json, kind: "external"), lr = Self.model(json, kind: "logisticRegression")
    // The log-loss of LR comes from eta, the external model's from its probabilities: equal to
    // rounding, not always in the last bit. Every other metric is the same decisions' and equal.
    let logLoss = { (m: [String: Any]?) in ((m?["evaluation"] as? [String: Any])?["performance"] as? [String: Any])?["log_loss"] as? Double
    }
    let (a, b) = (try #require(logLoss(external)), try #require(logLoss(lr)))
    #expect(abs(a - b) <= 1e-12 * b)
    func withoutLogLoss(_ m: [String: Any]?) -> NSDictionary? {
      guard var e = m?["evaluation"] as? [String: Any], var performance = e["performance"] as? [String: Any] else { return nil }
      performance["log_loss"] = nil
      e["performance"] = performance
      return NSDictionary(dictionary: e)
    }
    #expect(withoutLogLoss(external) == withoutLogLoss(lr))
    let groups = ((external?["evaluation"] as! [String: Any])["features"] as! [[String: Any]])[0]["groups"] as! [[String: Any]]
    let selected = groups.reduce(0.0) { $0 + ($1["selection_rate"] as! Double) * Double($1["n"] as! Int) }
    #expect(abs(selected - 452) < 1e-6)  // round(0.1 x 4521); LR's probabilities have no tie at the cut
    #expect((json["configuration"] as! [String: Any])["decision_rule"] as? NSDictionary == ["rule": "selection_rate", "value": 0.1])
    let html = try String(contentsOf: dir.appendingPathComponent("r.html"), encoding: .utf8)
    #expect(html.contains("decision rule: selection rate"))
  }

  @Test("missing scores drop their rows and are counted; label decisions are read against the target")
  func missingAndLabels() throws {
    let dir = try CLIRun.temporaryDirectory()
    var csv = "x,s,p,d,y\n"
    for i in 0..<40 {
      let y = (i * 7) % 3 == 0 ? "yes" : "no"
      let p = i == 5 ? "" : String(Double((i * 13) % 40) / 40)
      csv += "\(i % 9),\(i % 2 == 0 ? "a" : "b"),\(p),\(i % 4 == 0 ? "yes" : "no"),\(y)\n"
    }
    try csv.write(to: dir.appendingPathComponent("in.csv"), atomically: true, encoding: .utf8)
    let r = try CLIRun.run(
      [
        "in.csv", "--sensitive", "s", "--score", "p", "--decision", "d", "--test-fraction", "0", "--models", "none", "-o", "r.html",
        "--json", "r.json",
      ], in: dir)
    #expect(r.status == 0, "\(r.stderr)")
    let json = try Self.json(dir, "r.json")
    let input = json["input"] as! [String: Any]
    #expect(input["rows_used"] as? Int == 39)
    #expect((input["rows_dropped_missing"] as? [String: Int]) == ["p": 1])
    let groups =
      ((Self.model(json, kind: "external")?["evaluation"] as! [String: Any])["features"] as! [[String: Any]])[0]["groups"]
      as! [[String: Any]]
    let selected = groups.reduce(0.0) { $0 + ($1["selection_rate"] as! Double) * Double($1["n"] as! Int) }
    #expect(abs(selected - 10) < 1e-9)  // "yes" in rows 0, 4, ..., 36
  }

  @Test("--baseline compares the external model with its previous run and --max-di-increase gates it")
  func baselineOfExternal() throws {
    let dir = try CLIRun.temporaryDirectory()
    _ = try CLIRun.run([CLIRun.bankSmall, "--test-fraction", "0", "--no-sweep", "--export-models", "m", "-o", "a.html"], in: dir)
    _ = try CLIRun.run(["score", "m/LR.json", CLIRun.bankSmall, "-o", "s.csv"], in: dir)
    let common = [
      "s.csv", "--target", "y", "--sensitive", "housing", "--test-fraction", "0", "--score", "score", "--exclude", "decision", "--models",
      "none",
    ]
    let first = try CLIRun.run(common + ["--threshold", "0.5", "-o", "r1.html", "--json", "r1.json"], in: dir)
    #expect(first.status == 0, "\(first.stderr)")
    let same = try CLIRun.run(common + ["--baseline", "r1.json", "--max-di-increase", "0", "-o", "r2.html", "--json", "r2.json"], in: dir)
    #expect(same.status == 0, "\(same.stderr)")
    let changes = ((try Self.json(dir, "r2.json"))["baseline"] as! [String: Any])["changes"] as! [[String: Any]]
    #expect(changes.contains { ($0["metric"] as! String).contains("External") })
    #expect(changes.allSatisfy { ($0["change"] as? Double) == 0 })
    let moved = try CLIRun.run(
      common + ["--threshold", "0.1", "--baseline", "r1.json", "--max-di-increase", "0", "-o", "r3.html", "--json", "r3.json"], in: dir)
    let gate = (try Self.json(dir, "r3.json"))["gate"] as! [String: Any]
    let checks = gate["checks"] as! [[String: Any]]
    #expect(checks.count == 1 && (checks[0]["subject"] as? String) == "housing")
    #expect(moved.status == ((checks[0]["passed"] as! Bool) ? 0 : 1))
    #expect((gate["audited_model"] as? String) == "External")
  }

  struct Bad: Sendable, CustomStringConvertible {
    let name: String
    let arguments: [String]
    let status: Int32
    let mentions: String
    var description: String { name }
  }

  static let csv = "x,s,p,q,d,y\n1,a,0.2,3,1,1\n2,b,0.7,3b,0,0\n3,a,0.4,5,2,0\n4,b,0.9,6,1,1\n5,a,0.1,7,0,0\n6,b,0.3,8,1,1\n"

  static let bad: [Bad] = [
    Bad(name: "non-numeric score", arguments: ["--score", "q"], status: 18, mentions: "row 2 (line 3): score \"3b\" is not a number"),
    Bad(name: "score outside [0,1] with a threshold", arguments: ["--score", "x"], status: 18, mentions: "outside [0, 1]"),
    Bad(name: "decision not 0/1", arguments: ["--decision", "d"], status: 18, mentions: "decision \"2\""),
    Bad(name: "score is the target", arguments: ["--score", "y"], status: 17, mentions: "is the target"),
    Bad(name: "score is a sensitive feature", arguments: ["--score", "s"], status: 17, mentions: "sensitive feature"),
    Bad(name: "unknown score column", arguments: ["--score", "pp"], status: 12, mentions: "\"pp\""),
    Bad(name: "threshold outside [0,1]", arguments: ["--score", "p", "--threshold", "2"], status: 64, mentions: "--threshold"),
    Bad(
      name: "both rules", arguments: ["--score", "p", "--threshold", "0.3", "--selection-rate", "0.2"], status: 64, mentions: "not both"),
    Bad(name: "selection rate 1", arguments: ["--selection-rate", "1"], status: 64, mentions: "--selection-rate"),
    Bad(name: "unknown model", arguments: ["--models", "LR,XGB"], status: 64, mentions: "XGB"),
    Bad(name: "model without its start", arguments: ["--models", "FairLR"], status: 64, mentions: "starts from LR"),
    Bad(name: "none without external", arguments: ["--models", "none"], status: 64, mentions: "--score or --decision"),
    Bad(name: "audited model excluded", arguments: ["--models", "LR", "--audited-model", "FairLR"], status: 64, mentions: "--models"),
    Bad(name: "audited model with score", arguments: ["--score", "p", "--audited-model", "LR"], status: 64, mentions: "--audited-model"),
    Bad(
      name: "export with none", arguments: ["--score", "p", "--models", "none", "--export-models", "m"], status: 64,
      mentions: "--export-models"),
  ]

  @Test("bad deployed-model input: one line, its exit status, no output", arguments: bad)
  func badInput(_ c: Bad) throws {
    let dir = try CLIRun.temporaryDirectory()
    try Self.csv.write(to: dir.appendingPathComponent("in.csv"), atomically: true, encoding: .utf8)
    let r = try CLIRun.run(
      ["in.csv", "--sensitive", "s", "--test-fraction", "0", "--no-sweep"] + c.arguments + ["-o", "o.html", "--json", "o.json"], in: dir)
    #expect(r.status == c.status, "\(r.stderr)")
    #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    #expect(r.stderr.contains(c.mentions), "\(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("o.html").path))
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("o.json").path))
  }

  @Test("score: a file that is not a model, a missing column, an existing output name, output on the input")
  func badScore() throws {
    let dir = try CLIRun.temporaryDirectory()
    try Self.csv.write(to: dir.appendingPathComponent("in.csv"), atomically: true, encoding: .utf8)
    try "{}".write(to: dir.appendingPathComponent("not.json"), atomically: true, encoding: .utf8)
    let notModel = try CLIRun.run(["score", "not.json", "in.csv", "-o", "o.csv"], in: dir)
    #expect(notModel.status == 10 && notModel.stderr.contains("not a fairaudit model export"), "\(notModel.stderr)")
    let fit = try CLIRun.run(["in.csv", "--test-fraction", "0", "--no-sweep", "--export-models", "m", "-o", "a.html"], in: dir)
    #expect(fit.status == 0, "\(fit.stderr)")
    try "x,y\n1,0\n".write(to: dir.appendingPathComponent("partial.csv"), atomically: true, encoding: .utf8)
    let missing = try CLIRun.run(["score", "m/LR.json", "partial.csv", "-o", "o.csv"], in: dir)
    #expect(missing.status == 12 && missing.stderr.contains("model column \"s\""), "\(missing.stderr)")
    let clash = try CLIRun.run(["score", "m/LR.json", "in.csv", "--score-name", "p", "-o", "o.csv"], in: dir)
    #expect(clash.status == 17 && clash.stderr.contains("\"p\""), "\(clash.stderr)")
    let onInput = try CLIRun.run(["score", "m/LR.json", "in.csv", "-o", "in.csv"], in: dir)
    #expect(onInput.status == 64, "\(onInput.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("o.csv").path))
  }
}
