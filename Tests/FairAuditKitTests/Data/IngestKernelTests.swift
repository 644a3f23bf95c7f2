import Foundation
import Testing

@testable import FairAuditKit

/// The faster ingest and evaluation kernels against the simple formulas they replace.
@Suite struct IngestKernelTests {
  @Test("streaming SHA-256 in pieces of any size equals the one-shot digest and the FIPS 180-4 vectors")
  func sha256Streaming() {
    let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
    #expect(SHA256.hex(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    var rng = SplitMix64(seed: 7)
    let bytes = (0..<10_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    let whole = SHA256.hex(bytes)
    for piece in [1, 3, 63, 64, 65, 127, 1000, 4096] {
      var hasher = SHA256()
      var start = 0
      while start < bytes.count {
        let end = min(start + piece, bytes.count)
        bytes[start..<end].withUnsafeBufferPointer { hasher.update($0) }
        start = end
      }
      #expect(hasher.finishHex() == whole, "pieces of \(piece) bytes")
    }
  }

  @Test("the Mann-Whitney AUC over radix-sorted keys is the rank-sum AUC bit for bit, ties and signed zeros included")
  func aucEqualsRankSum() {
    var rng = SplitMix64(seed: 11)
    for trial in 0..<40 {
      let n = 1 + Int(rng.next() % 3_000)
      // Few distinct values in some trials (many ties), negative values, -0.0 and +0.0, infinities.
      let distinct = trial % 3 == 0 ? 5 : 1_000_000
      let pool: [Double] = [-0.0, 0.0, -.infinity, .infinity, -1e300, 1e-300]
      let score = (0..<n).map { i -> Double in
        if i % 17 == 0 { return pool[Int(rng.next() % UInt64(pool.count))] }
        return (Double(rng.next() % UInt64(distinct)) - Double(distinct) / 2) / 7
      }
      let y = (0..<n).map { _ in Double(rng.next() % 2) }
      let fast = PerformanceMetrics.auc(y: y, score: score)
      let ranks = PerformanceMetrics.aucByRanks(y: y, score: score)
      #expect(fast.bitPattern == ranks.bitPattern || (fast.isNaN && ranks.isNaN), "trial \(trial): \(fast) vs \(ranks)")
    }
    #expect(ScoreOrder.mannWhitney(y: [1, 0], score: [.nan, 1]) == nil)
    #expect(ScoreOrder.mannWhitney(y: [0.5, 0], score: [1, 2]) == nil)
    var keys: [UInt64] = (0..<5_000).map { UInt64($0 * 7_919 % 5_003) << 40 | UInt64($0 % 13) }
    let sorted = keys.sorted()
    ScoreOrder.sort(&keys)
    #expect(keys == sorted)
    // Past 65,536 keys the passes take 16 bits instead of 8.
    var large: [UInt64] = (0..<70_000).map { _ in rng.next() >> (rng.next() % 64) }
    let largeSorted = large.sorted()
    ScoreOrder.sort(&large)
    #expect(large == largeSorted)
  }

  @Test("categorical typing by bytes: first-appearance spelling of canonically equivalent levels, markers missing, byte order")
  func categoricalByBytes() {
    let nfc = "caf\u{E9}", nfd = "cafe\u{301}"
    let raw: TextColumn = [nfd, "b", "NA", nfc, "", "a", "b", "\u{212A}", "K"]
    let column = ColumnTyping.categorical(name: "c", raw: raw, missing: DataTable.defaultMissingMarkers)
    guard case .categorical(let codes, let levels) = column.values else {
      Issue.record("not categorical")
      return
    }
    // Swift strings: "café" in both spellings is one level (written as first seen), as are the
    // Kelvin sign and K; levels sorted byte-wise.
    #expect(levels == ["a", "b", nfd, "\u{212A}"].sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
    #expect(codes.map { $0 < 0 ? "-" : levels[Int($0)] } == [nfd, "b", "-", nfd, "-", "a", "b", "\u{212A}", "\u{212A}"])
    // The byte table grows past its first 64 slots without losing a level.
    var many = TextColumn()
    for i in 0..<1_000 { many.append("level\(i % 300)") }
    let typed = ColumnTyping.categorical(name: "m", raw: many, missing: [])
    guard case .categorical(let c2, let l2) = typed.values else { return }
    #expect(l2.count == 300 && (0..<1_000).allSatisfy { l2[Int(c2[$0])] == "level\($0 % 300)" })
  }

  @Test("numeric typing counts repeated markers by bytes as before: warning, cells and missing values")
  func markersByBytes() {
    var notes: [AuditWarning] = []
    let raw: TextColumn = ["1", "unknown", "2", "NA", "unknown", "3", "", "4", "-", "5", "unknown"]
    let column = ColumnTyping.numeric(name: "x", raw: raw, missing: DataTable.defaultMissingMarkers, decimal: .auto, notes: &notes)
    guard case .numeric(let x)? = column?.values else {
      Issue.record("not numeric")
      return
    }
    #expect(x.map { $0.isNaN ? -1 : $0 } == [1, -1, 2, -1, -1, 3, -1, 4, -1, 5, -1])
    #expect(notes == [.textAsMissing(column: "x", markers: ["-", "unknown"], cells: 4)])
    var more: [AuditWarning] = []
    let text: TextColumn = ["yes", "no", "1", "yes", "no", "yes"]
    #expect(ColumnTyping.numeric(name: "y", raw: text, missing: [], decimal: .auto, notes: &more) == nil)
  }

  @Test("mapText gives the per-row text mapping, missing as nil, for numeric and categorical columns")
  func mapText() {
    let numeric = DataColumn(name: "n", values: .numeric([1, .nan, 2.5, 1, -0.0, 0]), firstNonFinite: nil)
    let categorical = DataColumn(name: "c", values: .categorical(codes: [1, -1, 0, 1], levels: ["a", "b"]), firstNonFinite: nil)
    for column in [numeric, categorical] {
      let rows = Array(0..<(column.isNumeric ? 6 : 4)).reversed()
      let expected = rows.map { column.isMissing($0) ? "<missing>" : column.text($0) }
      #expect(column.mapText(rows: rows) { $0 ?? "<missing>" } == expected)
    }
  }

  @Test("complete rows and the first missing column per dropped row, as the row-wise rule")
  func completeRows() {
    let a = DataColumn(name: "a", values: .numeric([1, .nan, 3, .nan, 5]), firstNonFinite: nil)
    let b = DataColumn(name: "b", values: .categorical(codes: [0, 0, -1, -1, 1], levels: ["p", "q"]), firstNonFinite: nil)
    let (rows, dropped) = ModelFrame.completeRows([a, b], count: 5)
    #expect(rows == [0, 4])
    #expect(dropped == ["a": 2, "b": 1])
  }
}
