import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Counts `testcase` and `failure` elements of a JUnit file with a real XML parser.
final class JUnitCounter: NSObject, XMLParserDelegate {
  var cases: [String] = []
  var failures: [String] = []

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]
  ) {
    if name == "testcase" { cases.append(attributes["name"] ?? "") }
    if name == "failure" { failures.append(attributes["message"] ?? "") }
  }

  static func parse(_ data: Data) -> JUnitCounter? {
    let counter = JUnitCounter()
    let parser = XMLParser(data: data)
    parser.delegate = counter
    return parser.parse() ? counter : nil
  }
}

@Suite struct GovernanceCLITests {
  static let outputs = ["r.html", "r.json", "r.md", "r.xml", "card.json"]

  static func audit(threads: Int, in dir: URL) throws -> CLIRun {
    try CLIRun.run(
      [
        CLIRun.bankSmall, "--sensitive", "housing,loan", "--min-p-rule", "80", "--max-dp-difference", "0.5", "--bootstrap", "200",
        "--threads", String(threads), "--intended-use", "Ranking <clients> for calls", "-o", "r.html", "--json", "r.json", "--markdown",
        "r.md", "--junit", "r.xml", "--model-card", "card.json",
      ], in: dir)
  }

  static func json(_ url: URL) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
  }

  @Test("HTML, JSON, Markdown, JUnit and model card are the same bytes with 1 and 2 threads (--bootstrap 200 included)")
  func deterministic() throws {
    let one = try CLIRun.temporaryDirectory(), two = try CLIRun.temporaryDirectory()
    let a = try Self.audit(threads: 1, in: one), b = try Self.audit(threads: 2, in: two)
    #expect(a.status == 1 && b.status == 1, "\(a.stderr)")
    for name in Self.outputs {
      // The report echoes the command line, the one place where --threads may show.
      let x = try String(contentsOf: one.appendingPathComponent(name), encoding: .utf8)
      let y = try String(contentsOf: two.appendingPathComponent(name), encoding: .utf8)
      #expect(x.replacingOccurrences(of: "--threads 1 ", with: "--threads 2 ") == y, "\(name) differs between --threads 1 and 2")
    }
    let summary = try Self.json(one.appendingPathComponent("r.json"))
    let boot = try #require(summary["bootstrap"] as? [String: Any])
    #expect(boot["replicates"] as? Int == 200 && boot["model"] as? String == "LR")
    #expect((boot["features"] as? [[String: Any]])?.count == 2)
  }

  @Test("JUnit parses as XML with one test case per threshold check and per model; the model card parses and names the model")
  func junitAndModelCard() throws {
    let dir = try CLIRun.temporaryDirectory()
    #expect(try Self.audit(threads: 2, in: dir).status == 1)
    let junit = try #require(JUnitCounter.parse(try Data(contentsOf: dir.appendingPathComponent("r.xml"))))
    let checks = try #require((try Self.json(dir.appendingPathComponent("r.json"))["gate"] as? [String: Any])?["checks"] as? [Any])
    #expect(checks.count == 4)
    #expect(junit.cases.count == checks.count + 2)  // + LR and Fair LR convergence
    #expect(junit.cases.contains("p%-rule >= 80 [housing]") && junit.cases.contains("Fair LR converged"))
    #expect(junit.failures.count == 2 && junit.failures.allSatisfy { $0.hasPrefix("value ") && $0.hasSuffix("breaches the limit 80") })

    let card = try Self.json(dir.appendingPathComponent("card.json"))
    let details = try #require(card["model_details"] as? [String: Any])
    #expect((details["name"] as? String)?.hasPrefix("LR scoring model for y = yes") == true)
    let metrics = try #require((card["quantitative_analysis"] as? [String: Any])?["performance_metrics"] as? [[String: Any]])
    let slices = Set(metrics.compactMap { $0["slice"] as? String })
    #expect(slices.isSuperset(of: ["", "housing=yes", "housing=no", "loan", "housing"]))
    let ir = try #require(metrics.first { $0["type"] as? String == "impact_ratio" && $0["slice"] as? String == "housing" })
    let ci = try #require(ir["confidence_interval"] as? [String: String])
    #expect(Double(ci["lower_bound"] ?? "") != nil && Double(ci["upper_bound"] ?? "") != nil)
    let uses = (card["considerations"] as? [String: Any])?["use_cases"] as? [[String: String]]
    #expect(uses?.first?["description"] == "Ranking <clients> for calls")
  }

  @Test("an external model (--decision) gets bootstrap intervals from its own decisions and a model card")
  func externalModel() throws {
    let dir = try CLIRun.temporaryDirectory()
    let r = try CLIRun.run(
      [
        CLIRun.bankSmall, "--sensitive", "housing", "--decision", "default", "--bootstrap", "20", "-o", "e.html", "--json", "e.json",
        "--model-card", "e.card.json",
      ], in: dir)
    #expect(r.status == 0, "\(r.stderr)")
    let boot = try #require(try Self.json(dir.appendingPathComponent("e.json"))["bootstrap"] as? [String: Any])
    #expect(boot["model"] as? String == "External")
    let card = try Self.json(dir.appendingPathComponent("e.card.json"))
    #expect(((card["model_details"] as? [String: Any])?["name"] as? String)?.hasPrefix("External") == true)
  }

  @Test("the report has a table of contents with anchors, folded long tables, print CSS and the bootstrap table")
  func reportStructure() throws {
    let dir = try CLIRun.temporaryDirectory()
    #expect(try Self.audit(threads: 2, in: dir).status == 1)
    let html = try String(contentsOf: dir.appendingPathComponent("r.html"), encoding: .utf8)
    #expect(html.contains("<nav class=\"toc\"") && html.contains("<a href=\"#executive-summary\">"))
    #expect(html.contains("<h2><a id=\"executive-summary\"></a>1. Executive summary</h2>"))
    for anchor in html.components(separatedBy: "<a href=\"#").dropFirst().map({ $0.prefix { $0 != "\"" } }) {
      #expect(html.contains("<a id=\"\(anchor)\"></a>"), "no anchor \(anchor)")
    }
    #expect(html.contains("<details>\n<summary>") && html.contains("@media print"))
    #expect(html.contains("Bootstrap 95% percentile intervals (200 replicates"))
    #expect(html.contains("Ranking &lt;clients&gt; for calls") && !html.contains("<clients>"))
    #expect(html.contains("<strong>How sure:</strong>") && html.contains("<strong>Cost of fixing:</strong>"))
  }

  @Test("--config (YAML, TOML, JSON): file settings apply, command-line flags override them, the report lists both")
  func configFile() throws {
    let dir = try CLIRun.temporaryDirectory()
    let files = [
      "ci.yml": "sensitive: [housing, loan]\nmin-p-rule: 30\nno-sweep: true\nintended-use: From the file\n",
      "ci.toml": "sensitive = [\"housing\", \"loan\"]\nmin-p-rule = 30\nno-sweep = true\nintended-use = \"From the file\"\n",
      "ci.json": "{\"sensitive\": [\"housing\", \"loan\"], \"min-p-rule\": 30, \"no-sweep\": true, \"intended-use\": \"From the file\"}\n",
    ]
    for (name, text) in files.sorted(by: { $0.key < $1.key }) {
      try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
      let r = try CLIRun.run([CLIRun.bankSmall, "--config", name, "--min-p-rule", "90", "-o", "c.html", "--json", "c.json"], in: dir)
      #expect(r.status == 1, "\(name): \(r.stderr)")
      let summary = try Self.json(dir.appendingPathComponent("c.json"))
      let checks = try #require((summary["gate"] as? [String: Any])?["checks"] as? [[String: Any]])
      #expect(checks.map { $0["criterion"] as? String } == ["p%-rule >= 90", "p%-rule >= 90"], "\(name)")
      #expect(summary["sweeps"] is NSNull, "\(name): no-sweep from the file")
      let html = try String(contentsOf: dir.appendingPathComponent("c.html"), encoding: .utf8)
      #expect(html.contains("Settings from the configuration file \(name)"))
      #expect(html.contains("<td>--min-p-rule</td><td>30</td><td>no: the command line overrides it</td>"))
      #expect(html.contains("<td>--sensitive</td><td>housing, loan</td><td>yes</td>") && html.contains("From the file"))
    }
  }

  @Test("a bad config file is a one-line error naming the file with exit status 65 and no output")
  func badConfig() throws {
    let dir = try CLIRun.temporaryDirectory()
    try "sensitiv: housing\n".write(to: dir.appendingPathComponent("bad.yml"), atomically: true, encoding: .utf8)
    try "no-sweep: maybe\n".write(to: dir.appendingPathComponent("flag.yml"), atomically: true, encoding: .utf8)
    for (name, mentions) in [
      ("bad.yml", "unknown key \"sensitiv\""), ("flag.yml", "\"no-sweep\" is a flag"), ("none.yml", "does not exist"),
    ] {
      let r = try CLIRun.run([CLIRun.bankSmall, "--config", name, "-o", "x.html"], in: dir)
      #expect(r.status == 65, "\(name): \(r.stderr)")
      #expect(r.stderr.hasPrefix("error: config file \"\(name)\": ") && r.stderr.contains(mentions))
      #expect(r.stderr.split(separator: "\n").count == 1)
      #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.html").path))
    }
  }

  @Test("progress goes to a non-terminal stderr only with --progress; --quiet silences it and excludes --progress")
  func progress() throws {
    let dir = try CLIRun.temporaryDirectory()
    let base = [CLIRun.bankSmall, "--sensitive", "housing", "--no-sweep", "--bootstrap", "20", "-o", "p.html"]
    let plain = try CLIRun.run(base, in: dir), loud = try CLIRun.run(base + ["--progress"], in: dir)
    let quiet = try CLIRun.run(base + ["--quiet"], in: dir), both = try CLIRun.run(base + ["--quiet", "--progress"], in: dir)
    #expect(plain.status == 0 && quiet.status == 0 && loud.status == 0)
    #expect(plain.stderr.isEmpty && quiet.stderr.isEmpty)
    #expect(loud.stderr.contains("progress: ") && loud.stderr.contains("bootstrap: 20 replicates"))
    #expect(both.status == 64 && both.stderr.contains("--progress and --quiet"))
  }
}
