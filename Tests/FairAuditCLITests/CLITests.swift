import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs the built `fairaudit` binary as a real process.
struct CLIRun {
  /// The exit status; a death by signal n is reported as 128 + n, as shells do.
  let status: Int32
  let stdout: String
  let stderr: String
  /// The run exceeded its timeout and was terminated (a hang).
  var timedOut = false

  static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static var binary: URL {
    let candidates = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
      .map { $0.appendingPathComponent("fairaudit") }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
  }

  static func run(_ arguments: [String], in directory: URL) throws -> CLIRun {
    try run(arguments, in: directory, stdin: nil, timeout: nil)
  }

  /// Runs the binary with `stdin` as its standard input (an empty, closed pipe when nil). With
  /// `keepStdinOpen` the pipe stays open, so a child reading it blocks; `signal` is then sent
  /// `signalDelay` seconds after the start. A run longer than `timeout` seconds is terminated
  /// (SIGTERM, then SIGKILL) and returned with `timedOut` set.
  static func run(
    _ arguments: [String], in directory: URL, stdin: Data?, keepStdinOpen: Bool = false,
    signal: Int32? = nil, signalDelay: TimeInterval = 1.5, timeout: TimeInterval?
  ) throws -> CLIRun {
    _ = ignoreBrokenPipes
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    let exited = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in exited.signal() }
    try process.run()
    // Drain both pipes while waiting so a full pipe buffer cannot block the child.
    let outDrain = PipeDrain(out.fileHandleForReading), errDrain = PipeDrain(err.fileHandleForReading)
    let feed = PipeFeed(input.fileHandleForWriting, stdin, close: !keepStdinOpen)
    if let signal {
      if exited.wait(timeout: .now() + signalDelay) == .timedOut {
        kill(process.processIdentifier, signal)
      } else {
        exited.signal()  // it ended before the signal; keep the semaphore's count for the wait below
      }
    }
    var timedOut = false
    if let timeout {
      if exited.wait(timeout: .now() + timeout) == .timedOut {
        timedOut = true
        process.terminate()
        if exited.wait(timeout: .now() + 2) == .timedOut { kill(process.processIdentifier, SIGKILL) }
      }
    }
    if keepStdinOpen { feed.close() }
    process.waitUntilExit()
    let outData = outDrain.wait(), errData = errDrain.wait()
    let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    return CLIRun(
      status: status, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self), timedOut: timedOut)
  }

  /// Writing to a child that has exited must fail with EPIPE, not kill the test process.
  private static let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

  static func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fairaudit-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  static var bankSmall: String { repositoryRoot.appendingPathComponent("Examples/bank/bank.csv").path }
}

/// Writes `data` into a child's standard input on a background thread (so a child that never
/// reads cannot block the test past its timeout), then closes the pipe unless told not to.
/// A child that exits without reading makes the write fail with EPIPE, which is ignored.
final class PipeFeed: @unchecked Sendable {
  private let handle: FileHandle
  private let written = DispatchSemaphore(value: 0)

  init(_ handle: FileHandle, _ data: Data?, close: Bool) {
    self.handle = handle
    DispatchQueue.global().async {
      if let data, !data.isEmpty { try? self.handle.write(contentsOf: data) }
      if close { try? self.handle.close() }
      self.written.signal()
    }
  }

  /// Closes a pipe that was left open, once the data are written.
  func close() {
    written.wait()
    try? handle.close()
  }
}

/// Reads a pipe to its end on a background thread; `wait()` returns everything read.
final class PipeDrain: @unchecked Sendable {
  private let handle: FileHandle
  private let finished = DispatchSemaphore(value: 0)
  private var data = Data()

  init(_ handle: FileHandle) {
    self.handle = handle
    DispatchQueue.global().async {
      self.data = self.handle.readDataToEndOfFile()
      self.finished.signal()
    }
  }

  func wait() -> Data {
    finished.wait()
    return data
  }
}

@Suite struct CLITests {
  @Test("an audit of the bundled bank data writes HTML, JSON and Markdown, deterministically")
  func successfulRun() throws {
    let dir = try CLIRun.temporaryDirectory()
    let args = [CLIRun.bankSmall, "--sensitive", "housing,loan", "-o", "a.html", "--json", "a.json", "--markdown", "a.md"]
    let first = try CLIRun.run(args, in: dir)
    #expect(first.status == 0, "\(first.stderr)")
    let html = try String(contentsOf: dir.appendingPathComponent("a.html"), encoding: .utf8)
    #expect(html.contains("<table>") && html.contains("<figure>") && html.contains("<svg"))
    #expect(!html.contains("raw HTML omitted") && !html.contains("{{"))
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("a.json"))) as! [String: Any]
    let models = json["models"] as! [[String: Any]]
    let features = ((models[0]["evaluation"] as! [String: Any])["features"] as! [[String: Any]]).map { $0["feature"] as! String }
    #expect(features == ["housing", "loan"])
    #expect((json["gate"] as! [String: Any])["exit_code"] as? Int == 0)
    let again = try CLIRun.temporaryDirectory()
    #expect(try CLIRun.run(args, in: again).status == 0)
    for name in ["a.html", "a.json", "a.md"] {
      let a = try Data(contentsOf: dir.appendingPathComponent(name)), b = try Data(contentsOf: again.appendingPathComponent(name))
      #expect(a == b, "\(name) differs between identical runs")
    }
  }

  @Test("a breached threshold exits 1 and still writes the report")
  func thresholdBreach() throws {
    let dir = try CLIRun.temporaryDirectory()
    let r = try CLIRun.run([CLIRun.bankSmall, "--sensitive", "housing", "--min-p-rule", "99", "-o", "r.html", "--json", "r.json"], in: dir)
    #expect(r.status == 1)
    #expect(r.stderr.contains("threshold breached: housing"))
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("r.html").path))
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("r.json"))) as! [String: Any]
    #expect((json["gate"] as! [String: Any])["passed"] as? Bool == false)
  }

  struct BadInput: Sendable, CustomStringConvertible {
    let name: String
    let csv: String?
    let arguments: [String]
    let status: Int32
    let mentions: String
    var description: String { name }
  }

  static let badInputs: [BadInput] = [
    BadInput(name: "missing file", csv: nil, arguments: ["absent.csv"], status: 10, mentions: "absent.csv"),
    BadInput(name: "ragged row", csv: "x,s,y\n1,a,1\n2,b\n", arguments: [], status: 11, mentions: "line 3"),
    BadInput(
      name: "wrong delimiter", csv: "x;s;y\n1;a;1\n2;b;0\n", arguments: ["--delimiter", ","], status: 11,
      mentions: "does not split the header"),
    BadInput(
      name: "role conflict", csv: "x,s,y\n1,a,1\n2,b,0\n", arguments: ["--sensitive", "y"], status: 17, mentions: "\"y\" is the target"),
    BadInput(
      name: "output is the input", csv: "x,s,y\n1,a,1\n2,b,0\n", arguments: ["--markdown", "in.csv"], status: 64,
      mentions: "never overwrites"),
    BadInput(name: "unknown column", csv: "x,s,y\n1,a,1\n2,b,0\n", arguments: ["--sensitive", "sx"], status: 12, mentions: "\"sx\""),
    BadInput(name: "non-binary target", csv: "x,s,y\n1,a,1\n2,b,0\n3,a,2\n", arguments: [], status: 13, mentions: "\"y\""),
    BadInput(name: "NaN value", csv: "x,s,y\n1,a,1\nNaN,b,0\n3,a,0\n", arguments: [], status: 15, mentions: "line 3"),
    BadInput(
      name: "empty group", csv: "x,s,y\n1,a,1\n2,a,0\n3,a,0\n4,a,1\n", arguments: ["--sensitive", "s=b"], status: 16, mentions: "\"s=b\""),
    BadInput(
      name: "non-convergence", csv: "x,s,y\n1,a,1\n2,b,0\n3,a,0\n4,b,1\n5,a,1\n6,b,1\n",
      arguments: ["--test-fraction", "0", "--max-iterations", "1"], status: 21, mentions: "did not converge"),
    BadInput(
      name: "missing templates", csv: "x,s,y\n1,a,1\n2,b,0\n3,a,0\n4,b,1\n", arguments: ["--test-fraction", "0", "--templates", "nowhere"],
      status: 30, mentions: "report"),
    BadInput(name: "bad option value", csv: "x,s,y\n1,a,1\n", arguments: ["--test-fraction", "2"], status: 64, mentions: "test-fraction"),
  ]

  @Test("bad input gives one stderr line, its own exit status and no report", arguments: badInputs)
  func badInput(_ case_: BadInput) throws {
    let dir = try CLIRun.temporaryDirectory()
    var args = case_.arguments
    if let csv = case_.csv {
      try csv.write(to: dir.appendingPathComponent("in.csv"), atomically: true, encoding: .utf8)
      args.insert("in.csv", at: 0)
    }
    let r = try CLIRun.run(args + ["-o", "out.html", "--json", "out.json"], in: dir)
    #expect(r.status == case_.status, "\(r.stderr)")
    let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: true)
    if case_.status != 64 { #expect(lines.count == 1, "\(r.stderr)") }
    #expect(r.stderr.contains(case_.mentions), "\(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.html").path))
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.json").path))
  }

  @Test("an unwritable output path exits 31")
  func cannotWrite() throws {
    let dir = try CLIRun.temporaryDirectory()
    try "x".write(to: dir.appendingPathComponent("file"), atomically: true, encoding: .utf8)
    let r = try CLIRun.run([CLIRun.bankSmall, "--sensitive", "loan", "-o", "file/report.html"], in: dir)
    #expect(r.status == 31)
    #expect(r.stderr.split(separator: "\n").count == 1)
  }

  @Test("hostile column names and levels appear escaped in HTML and JSON")
  func hostileNames() throws {
    let dir = try CLIRun.temporaryDirectory()
    var csv = "\"<script>alert(1)</script>\",\"*grp*\",y\n"
    var rng: UInt64 = 1
    for i in 0..<200 {
      rng = rng &* 6364136223846793005 &+ 1442695040888963407
      let x = Double(rng >> 40) / Double(1 << 24)
      let g = i % 3 == 0 ? "<b>bold</b>" : "plain"
      csv += "\(x),\(g),\(x + (g == "plain" ? 0.2 : 0) > 0.6 ? 1 : 0)\n"
    }
    try csv.write(to: dir.appendingPathComponent("h.csv"), atomically: true, encoding: .utf8)
    let r = try CLIRun.run(["h.csv", "--sensitive", "*grp*", "--test-fraction", "0", "-o", "h.html", "--json", "h.json"], in: dir)
    #expect(r.status == 0, "\(r.stderr)")
    let html = try String(contentsOf: dir.appendingPathComponent("h.html"), encoding: .utf8)
    #expect(!html.contains("<script>alert"))
    #expect(!html.contains("<b>bold</b>"))
    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(html.contains("&lt;b&gt;bold&lt;/b&gt;"))
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("h.json"))) as! [String: Any]
    let covariates = (json["configuration"] as! [String: Any])["covariates"] as! [String]
    #expect(covariates.contains("<script>alert(1)</script>"))
  }
}

@Suite struct SimulateCLITests {
  @Test("simulate writes a deterministic stratified sample that audits with all seven models")
  func simulateThenAudit() throws {
    let dir = try CLIRun.temporaryDirectory()
    let args = ["simulate", "--scenario", "unfair-strata", "--seed", "5", "-o", "s.csv", "--population", "rest.csv"]
    #expect(try CLIRun.run(args, in: dir).status == 0)
    let again = try CLIRun.temporaryDirectory()
    #expect(try CLIRun.run(args, in: again).status == 0)
    let sample = try String(contentsOf: dir.appendingPathComponent("s.csv"), encoding: .utf8)
    #expect(sample == (try String(contentsOf: again.appendingPathComponent("s.csv"), encoding: .utf8)))
    let lines = sample.split(separator: "\n")
    #expect(lines.first == "ClusterID,F1,F2,F3,Sex,target")
    #expect((300...500).contains(lines.count - 1))  // 100 strata x 3-5 units
    let rest = try String(contentsOf: dir.appendingPathComponent("rest.csv"), encoding: .utf8)
    #expect(rest.split(separator: "\n").count - 1 + lines.count - 1 == 100_000)
    let audit = try CLIRun.run(
      [
        "s.csv", "--sensitive", "Sex", "--cluster", "ClusterID", "--test-fraction", "0",
        "--no-sweep", "-o", "a.html", "--json", "a.json",
      ], in: dir)
    #expect(audit.status == 0, "\(audit.stderr)")
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("a.json"))) as! [String: Any]
    let labels = (json["models"] as! [[String: Any]]).map { $0["label"] as! String }
    #expect(labels == ["LR", "Fair LR", "CRLR", "Fair CRLR", "GLMM", "Fair GLMM", "Fair GLMM (constrained)"])
  }

  @Test("an unknown scenario is a usage error")
  func unknownScenario() throws {
    let r = try CLIRun.run(["simulate", "--scenario", "nope"], in: try CLIRun.temporaryDirectory())
    #expect(r.status == 64)
  }

  @Test("--cluster auto names its choice and candidates in the JSON")
  func clusterAuto() throws {
    let dir = try CLIRun.temporaryDirectory()
    let r = try CLIRun.run(
      [CLIRun.bankSmall, "--sensitive", "housing", "--cluster", "auto", "--no-sweep", "-o", "a.html", "--json", "a.json"], in: dir)
    #expect(r.status == 0, "\(r.stderr)")
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("a.json"))) as! [String: Any]
    let selection = try #require(json["cluster_selection"] as? [String: Any])
    let candidates = selection["candidates"] as! [[String: Any]]
    #expect(!candidates.isEmpty)
    #expect(!candidates.contains { $0["column"] as? String == "housing" })  // sensitive features are not candidates
    let html = try String(contentsOf: dir.appendingPathComponent("a.html"), encoding: .utf8)
    #expect(html.contains("Cluster candidates"))
  }
}

@Suite struct BaselineCLITests {
  @Test("--baseline reports the changes and --max-di-increase gates them")
  func baseline() throws {
    let dir = try CLIRun.temporaryDirectory()
    #expect(
      try CLIRun.run([CLIRun.bankSmall, "--sensitive", "housing", "--no-sweep", "-o", "b.html", "--json", "b.json"], in: dir).status == 0)
    // A retrain that drops the loan column: DI changes a little; an impossible gate (-1) must fail.
    let r = try CLIRun.run(
      [
        CLIRun.bankSmall, "--sensitive", "housing", "--exclude", "loan", "--no-sweep", "--baseline", "b.json",
        "--max-di-increase=-1", "-o", "n.html", "--json", "n.json",
      ], in: dir)
    #expect(r.status == 1, "\(r.stderr)")
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("n.json"))) as! [String: Any]
    let changes = (json["baseline"] as! [String: Any])["changes"] as! [[String: Any]]
    #expect(changes.contains { $0["metric"] as? String == "DI housing" })
    let html = try String(contentsOf: dir.appendingPathComponent("n.html"), encoding: .utf8)
    #expect(html.contains("Changes since the baseline"))
    let same = try CLIRun.run(
      [
        CLIRun.bankSmall, "--sensitive", "housing", "--no-sweep", "--baseline", "b.json", "--max-di-increase", "0",
        "-o", "s.html",
      ], in: dir)
    #expect(same.status == 0, "an unchanged retrain passes: \(same.stderr)")
    let missing = try CLIRun.run([CLIRun.bankSmall, "--sensitive", "housing", "--baseline", "none.json", "-o", "m.html"], in: dir)
    #expect(missing.status == 10)
  }

  @Test("a malformed baseline stops the run with one line naming the file, exit status 10, and no output")
  func malformedBaseline() throws {
    let dir = try CLIRun.temporaryDirectory()
    for (name, contents) in [
      ("truncated.json", "{\"schema_version\": \"1.0\", \"models\": ["), ("future.json", "{\"schema_version\": \"9.0\"}"),
    ] {
      try contents.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
      let r = try CLIRun.run(
        [CLIRun.bankSmall, "--sensitive", "housing", "--no-sweep", "--baseline", name, "-o", "m.html", "--json", "m.json"],
        in: dir)
      #expect(r.status == 10, "\(r.stderr)")
      let lines = r.stderr.split(separator: "\n")
      #expect(lines.count == 1, "\(r.stderr)")
      #expect(lines.first?.hasPrefix("error: cannot read \"\(name)\": ") == true, "\(r.stderr)")
      #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("m.html").path))
    }
  }
}

@Suite struct HelpGoldenTests {
  static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

  /// The help text is part of the interface; `FAIRAUDIT_RECORD=1 swift test` re-records it and the
  /// diff is reviewed like code.
  @Test(
    "--help output matches the recorded golden files",
    arguments: [["audit", "--help"], ["simulate", "--help"], ["reproduce", "--help"], ["score", "--help"]])
  func help(_ arguments: [String]) throws {
    let r = try CLIRun.run(arguments, in: try CLIRun.temporaryDirectory())
    #expect(r.status == 0)
    let file = Self.golden.appendingPathComponent("\(arguments[0])-help.txt")
    if ProcessInfo.processInfo.environment["FAIRAUDIT_RECORD"] != nil {
      try r.stdout.write(to: file, atomically: true, encoding: .utf8)
    }
    let expected = try String(contentsOf: file, encoding: .utf8)
    #expect(r.stdout == expected, "help of \(arguments[0]) changed; re-record with FAIRAUDIT_RECORD=1 and review the diff")
  }
}

@Suite struct AuditedModelCLITests {
  @Test("--audited-model moves the gate to another fitted model, and must name a fitted one")
  func auditedModel() throws {
    let dir = try CLIRun.temporaryDirectory()
    let ok = try CLIRun.run(
      [
        CLIRun.bankSmall, "--sensitive", "housing", "--cluster", "job", "--audited-model", "GLMM", "--no-sweep",
        "-o", "a.html", "--json", "a.json",
      ], in: dir)
    #expect(ok.status == 0, "\(ok.stderr)")
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("a.json"))) as! [String: Any]
    #expect((json["gate"] as! [String: Any])["audited_model"] as? String == "GLMM")
    let missing = try CLIRun.run([CLIRun.bankSmall, "--sensitive", "housing", "--audited-model", "GLMM", "-o", "b.html"], in: dir)
    #expect(missing.status == 64)
    #expect(missing.stderr.contains("--cluster"))
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("b.html").path))
  }
}

@Suite struct JUnitCLITests {
  @Test("--junit writes one test case per threshold check and per model, failures with value and limit")
  func junit() throws {
    let dir = try CLIRun.temporaryDirectory()
    let r = try CLIRun.run(
      [
        CLIRun.bankSmall, "--sensitive", "housing,loan", "--min-p-rule", "80", "--max-dp-difference", "0.5", "--no-sweep", "-o", "r.html",
        "--junit", "gate.xml",
      ],
      in: dir)
    #expect(r.status == 1, "\(r.stderr)")
    let text = try String(contentsOf: dir.appendingPathComponent("gate.xml"), encoding: .utf8)
    let cases = text.components(separatedBy: "<testcase ").dropFirst()
    #expect(cases.count == 4 + 2)  // 2 features x 2 thresholds, LR and Fair LR
    let failures = text.components(separatedBy: "<failure message=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
    #expect(failures.count == 2)  // both p%-rules fail; both DP differences are below 0.5
    #expect(failures.allSatisfy { $0.hasPrefix("value ") && $0.hasSuffix("breaches the limit 80") })
    #expect(text.contains("<testsuites name=\"fairaudit\" tests=\"6\" failures=\"2\">"))
    #expect(text.contains("name=\"p%-rule &gt;= 80 [housing]\""))
  }
}
