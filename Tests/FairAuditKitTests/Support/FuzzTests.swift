import Foundation
import Testing

@testable import FairAuditKit

/// Seeded byte and structure mutations of the first 60 rows of Examples/bank/bank.csv, each run
/// through the whole audit (read, type, screen, design, LR and Fair LR, evaluation, report and
/// JSON). A crash or trap fails the suite by ending the process; an error must be one line,
/// free of control characters and of Swift type names or debug text.
@Suite struct FuzzTests {
  static let cases = 1_000
  static let rows = 60

  /// Patterns that only debug descriptions of Swift values produce.
  static let debugText = [
    "FairAuditKit.", "FairAuditError", "Swift.", "Optional(", "(detail:", "(pivot:", "NotPositiveDefinite", "Error(", "Foundation.",
  ]

  static func seedLines() throws -> [String] {
    let text = try String(contentsOfFile: TestSupport.bankSmall, encoding: .utf8)
    return Array(text.split(separator: "\n", omittingEmptySubsequences: false).prefix(rows + 1).map(String.init))
  }

  /// One mutation of the seed file, chosen and placed by `rng`.
  static func mutate(_ lines: [String], rng: inout SplitMix64) -> [UInt8] {
    var lines = lines
    var fields = lines.map { $0.split(separator: ";", omittingEmptySubsequences: false).map(String.init) }
    let specials = [
      "", "NA", "?", "NaN", "inf", "-", "\"", "\"\"", ";", "\n", "\r", "1e308", "-0", "0x1p3", "ü", "\u{0}", "yes", "no",
      "unknown", "1,5", "2023-01-31", String(repeating: "x", count: 300),
    ]
    func pick(_ n: Int) -> Int { rng.integer(below: max(n, 1)) }
    let kinds = 1 + pick(3)
    for _ in 0..<kinds {
      guard fields.count >= 2 else { break }
      let r = pick(fields.count), c = pick(fields[r].count)
      let hasCell = c < fields[r].count
      switch pick(12) {
      case 0 where hasCell: fields[r][c] = specials[pick(specials.count)]
      case 1 where hasCell: fields[r].remove(at: c)
      case 2: fields[r].insert(specials[pick(specials.count)], at: min(c, fields[r].count))
      case 3: fields.swapAt(r, pick(fields.count))
      case 4: fields.insert(fields[r], at: pick(fields.count))
      case 5: fields.remove(at: r == 0 ? 1 : r)
      case 6:
        let donor = fields[1 + pick(fields.count - 1)]
        for i in fields.indices where c < fields[i].count { fields[i][c] = c < donor.count ? donor[c] : "" }
      case 7: for i in fields.indices where c < fields[i].count { fields[i].remove(at: c) }
      case 8 where c < fields[0].count: fields[0][c] = [fields[0][pick(fields[0].count)], "", "y", "a<b", "x,y"][pick(5)]
      case 9: for i in 1..<fields.count where c < fields[i].count && pick(4) == 0 { fields[i][c] = specials[pick(6)] }
      case 10: fields = Array(fields.prefix(1 + pick(6)))
      default: break
      }
    }
    lines = fields.map { $0.joined(separator: ";") }
    var bytes = Array(lines.joined(separator: "\n").utf8)
    if pick(3) == 0, !bytes.isEmpty {
      for _ in 0..<(1 + pick(8)) {
        let at = pick(bytes.count)
        switch pick(4) {
        case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
        case 1: bytes.insert([0x22, 0x3B, 0x0A, 0x0D, 0x00, 0xFF, 0xC3][pick(7)], at: at)
        case 2: bytes.removeSubrange(at..<min(bytes.count, at + 1 + pick(40)))
        default: bytes = Array(bytes.prefix(at))
        }
      }
    }
    return bytes
  }

  @Test("1,000 mutated bank files: no crash, every error one clean line")
  func mutatedInputs() throws {
    let seed = try Self.seedLines()
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fairaudit-fuzz-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    var rng = SplitMix64(seed: 20_261_202)
    var outcomes: [Int32: Int] = [:]
    for i in 0..<Self.cases {
      let path = dir.appendingPathComponent("case\(i).csv").path
      let bytes = Self.mutate(seed, rng: &rng)
      #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
      var c = AuditConfiguration(inputPath: path)
      c.sensitiveArguments = ["housing", "loan"]
      c.sweep = false
      c.maxIterations = 50
      do {
        let result = try AuditPipeline.run(c)
        let json = AuditSummary.json(result)
        #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil, "case \(i): the JSON does not parse")
        _ = try ReportBuilder(result: result, commandLine: nil).markdown(templates: nil)
        outcomes[0, default: 0] += 1
      } catch {
        let message = error.description
        outcomes[error.exitCode, default: 0] += 1
        #expect(message.hasPrefix("error: "), "case \(i): \(message)")
        #expect(!message.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "case \(i): \(message)")
        #expect(!Self.debugText.contains { message.contains($0) }, "case \(i): \(message)")
        #expect(message.count < 600, "case \(i): \(message.prefix(200))")
      }
      try? FileManager.default.removeItem(atPath: path)
    }
    // The corpus must exercise both paths: most mutations still audit, many are rejected.
    #expect((outcomes[0] ?? 0) > Self.cases / 10, "\(outcomes)")
    #expect(outcomes.count >= 4, "\(outcomes)")
  }
}
