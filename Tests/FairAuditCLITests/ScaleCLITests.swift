import Foundation
import Testing

@Suite struct ScaleCLITests {
  @Test("simulate --rows writes the same bytes every run, with the requested rows, strata and columns")
  func simulateRows() throws {
    let dir = try CLIRun.temporaryDirectory()
    let args = ["simulate", "--rows", "70000", "--strata", "12", "--columns", "8", "--seed", "3", "-o", "big.csv"]
    let first = try CLIRun.run(args, in: dir)
    #expect(first.status == 0, "\(first.stderr)")
    let again = try CLIRun.temporaryDirectory()
    #expect(try CLIRun.run(args, in: again).status == 0)
    let bytes = try Data(contentsOf: dir.appendingPathComponent("big.csv"))
    #expect(bytes == (try Data(contentsOf: again.appendingPathComponent("big.csv"))))
    let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
    #expect(lines.first == "stratum,housing,loan,x1,x2,c1,x3,x4,c2,y")
    #expect(lines.count == 70_001)  // two generator blocks
    let strata = Set(lines.dropFirst().map { $0.prefix(4) })
    #expect(strata.count == 12)
    let housing = lines.dropFirst().filter { $0.split(separator: ",")[1] == "yes" }.count
    #expect((10_000...60_000).contains(housing))
  }

  @Test("--scenario with --rows, or --rows 0, is a usage error")
  func simulateUsage() throws {
    let dir = try CLIRun.temporaryDirectory()
    #expect(try CLIRun.run(["simulate", "--scenario", "fair-strata", "--rows", "10"], in: dir).status == 64)
    #expect(try CLIRun.run(["simulate", "--rows", "0"], in: dir).status == 64)
    #expect(try CLIRun.run(["simulate", "--rows", "10", "--columns", "1"], in: dir).status == 64)
  }

  /// More rows than two row blocks, all six models and the default sweeps: every sum over rows is
  /// cut into blocks, so --threads must not change a byte of the JSON or the Markdown.
  @Test("the JSON and Markdown (but for the command line it records) are the same bytes for --threads 1, 2 and 3")
  func threadsGiveIdenticalBytes() throws {
    let dir = try CLIRun.temporaryDirectory()
    let made = try CLIRun.run(
      ["simulate", "--rows", "20000", "--strata", "20", "--columns", "6", "--seed", "7", "-o", "d.csv"], in: dir)
    #expect(made.status == 0, "\(made.stderr)")
    var outputs: [Data] = []
    for threads in ["1", "2", "3"] {
      let r = try CLIRun.run(
        [
          "d.csv", "--sensitive", "housing,loan", "--cluster", "stratum", "--threads", threads, "-o", "t\(threads).html",
          "--json", "t\(threads).json", "--markdown", "t\(threads).md",
        ], in: dir)
      #expect(r.status == 0 || r.status == 1, "\(r.stderr)")
      outputs.append(try Data(contentsOf: dir.appendingPathComponent("t\(threads).json")))
      // The report records the command line, which names the thread count and the files.
      let markdown = try String(contentsOf: dir.appendingPathComponent("t\(threads).md"), encoding: .utf8)
      let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
      #expect(lines.filter { $0.contains("<td>Command</td>") }.count == 1)
      outputs.append(Data(lines.filter { !$0.contains("<td>Command</td>") }.joined(separator: "\n").utf8))
    }
    #expect(outputs[0] == outputs[2] && outputs[0] == outputs[4])
    #expect(outputs[1] == outputs[3] && outputs[1] == outputs[5])
    let json = try JSONSerialization.jsonObject(with: outputs[0]) as! [String: Any]
    #expect((json["models"] as! [[String: Any]]).count >= 6)  // every model of the catalogue
    #expect(json["sweeps"] is [String: Any])
  }

  @Test("an audit larger than --max-memory stops before fitting: exit 19, one line, no output")
  func memoryLimit() throws {
    let dir = try CLIRun.temporaryDirectory()
    let r = try CLIRun.run([CLIRun.bankSmall, "--sensitive", "housing", "--max-memory", "1", "-o", "a.html", "--json", "a.json"], in: dir)
    #expect(r.status == 19)
    let lines = r.stderr.split(separator: "\n").filter { !$0.hasPrefix("progress:") && !$0.hasPrefix("warning:") }
    #expect(lines.count == 1)
    #expect(lines.first?.hasPrefix("error: the audit of 4,521 rows x ") == true)
    #expect(lines.first?.contains("MB are available") == true)
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("a.html").path))
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("a.json").path))
    let fits = try CLIRun.run([CLIRun.bankSmall, "--sensitive", "housing", "--no-sweep", "--max-memory", "64", "-o", "b.html"], in: dir)
    #expect(fits.status == 0, "\(fits.stderr)")
  }
}
