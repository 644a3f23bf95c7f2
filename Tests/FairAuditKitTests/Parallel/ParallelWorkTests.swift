import Foundation
import Testing

@testable import FairAuditKit

@Suite struct ParallelWorkTests {
  struct Failure: Error, Equatable { let index: Int }

  @Test func mapKeepsIndexOrderForAnyThreadCount() {
    for threads in [1, 2, 3, 8] {
      let out = ParallelWork(threads: threads).map(100) { $0 * $0 }
      #expect(out == (0..<100).map { $0 * $0 })
    }
    #expect(ParallelWork(threads: 4).map(0) { $0 }.isEmpty)
  }

  @Test func mapThrowsTheLowestFailingIndex() {
    for threads in [1, 2, 5] {
      #expect(throws: Failure(index: 7)) {
        _ = try ParallelWork(threads: threads).map(40) { (i: Int) throws(Failure) -> Int in
          if i == 7 || i == 31 { throw Failure(index: i) }
          return i
        }
      }
    }
  }

  /// Values whose sum depends on the order of addition: the block sum must not.
  @Test func blockSumIsBitIdenticalAcrossThreadCounts() {
    var rng = SplitMix64(seed: 3)
    let n = 3 * ParallelWork.blockRows + 17
    let x = (0..<n).map { _ in (rng.uniform() - 0.5) * pow(10, Double(Int(rng.uniform() * 30) - 15)) }
    let sums = [1, 2, 3].map { threads in
      ParallelWork(threads: threads).blockSum(rows: n, length: 2) { rows in
        var s = [0.0, 0.0]
        for i in rows { s[0] += x[i]; s[1] += x[i] * x[i] }
        return s
      }
    }
    #expect(sums[0].map(\.bitPattern) == sums[1].map(\.bitPattern))
    #expect(sums[0].map(\.bitPattern) == sums[2].map(\.bitPattern))
    #expect(abs(sums[0][0] - x.reduce(0, +)) <= 1e-9 * x.map(abs).reduce(0, +))
    #expect(ParallelWork.rowBlocks(n).map(\.count).reduce(0, +) == n)
  }

  /// Maps inside maps (row blocks inside sweep paths) share the pool: every level completes with
  /// its results in index order, failures stay with their own level, and nothing waits forever.
  @Test func nestedMapsShareThePoolAndKeepTheirOrder() throws {
    for threads in [2, 3] {
      let work = ParallelWork(threads: threads)
      let out = work.map(12) { outer -> [Int] in
        work.map(7 + outer) { inner in work.map(3) { outer * 1000 + inner * 10 + $0 }.reduce(0, +) }
      }
      let expected: [[Int]] = (0..<12).map { (outer: Int) -> [Int] in
        (0..<(7 + outer)).map { (inner: Int) -> Int in 3 * (outer * 1000 + inner * 10) + 3 }
      }
      #expect(out == expected)
      #expect(throws: Failure(index: 2)) {
        _ = try work.map(6) { (outer: Int) throws(Failure) -> Int in
          let inner = try work.map(5) { (i: Int) throws(Failure) -> Int in
            if outer >= 2 && i == 4 { throw Failure(index: outer) }
            return i
          }
          return inner.reduce(0, +)
        }
      }
    }
  }
}
