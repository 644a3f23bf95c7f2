import Testing

@testable import FairAuditKit

@Suite struct TraceProbesTests {
  @Test("probes computed on demand equal the +-1 draws of SplitMix64 in probe-major order")
  func sameAsSequentialDraws() {
    let (count, rows, seed): (Int, Int, UInt64) = (3, 1_001, 42)
    var rng = SplitMix64(seed: seed)
    let drawn = (0..<count).map { _ in (0..<rows).map { _ in rng.next() & 1 == 0 ? -1.0 : 1.0 } }
    let probes = TraceProbes(count: count, rows: rows, seed: seed)
    for k in 0..<count {
      #expect(probes.vector(k) == drawn[k])
      #expect(probes.value(k, rows - 1) == drawn[k][rows - 1])
    }
    // Drawn over row blocks on two threads, and for more probes than one word holds: the same signs.
    let many = TraceProbes(count: 70, rows: 20_000, seed: seed)
    let parallel = TraceProbes(count: 70, rows: 20_000, seed: seed, parallel: ParallelWork(threads: 2))
    #expect(many.words == 2 && parallel.signs == many.signs)
    for k in [0, 63, 64, 69] {
      #expect(many.value(k, 19_999) == (SplitMix64.output(seed: seed, index: UInt64(k * 20_000 + 19_999)) & 1 == 0 ? -1 : 1))
    }
    #expect(many.rowMajor()[19_999 * 70 + 64] == many.value(64, 19_999))
    // Both signs occur in about equal numbers (a constant probe would pass the comparison above
    // only if the generator were broken too).
    let positives = drawn.joined().filter { $0 > 0 }.count
    #expect(positives > 1_300 && positives < 1_700)
  }
}
