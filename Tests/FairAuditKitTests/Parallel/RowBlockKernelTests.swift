import Foundation
import Testing

@testable import FairAuditKit

@Suite struct RowBlockKernelTests {
  /// A view over three and a half row blocks, in a shuffled row order, with weights whose sums
  /// depend on the order of addition.
  static func fixture() -> (view: (ParallelWork) -> MatrixRows, w: [Double], n: Int, p: Int) {
    var rng = SplitMix64(seed: 11)
    let n = 3 * ParallelWork.blockRows + ParallelWork.blockRows / 2 + 3, p = 5
    let values = (0..<(n * p)).map { _ in rng.normal() * pow(10, Double(rng.integer(below: 7)) - 3) }
    var order = Array(0..<n)
    rng.shuffle(&order)
    let w = (0..<n).map { _ in rng.uniform() }
    return ({ MatrixRows(SharedMatrix(rows: n, columns: p, values: values, parallel: $0), rows: order) }, w, n, p)
  }

  @Test("every row-block product is the same bits for 1, 2 and 3 threads")
  func bitIdenticalAcrossThreads() {
    let (view, w, n, _) = Self.fixture()
    let beta = [0.5, -1.25, 2, 0.125, -3]
    let vectors = (0..<(n * 2)).map { Double($0 % 7) - 3.1 }
    let selected = Array(stride(from: 0, to: n, by: 2))
    func bits(_ m: Matrix) -> [UInt64] { m.storage.map(\.bitPattern) }
    let runs = [1, 2, 3].map { threads -> [[UInt64]] in
      let x = view(ParallelWork(threads: threads))
      return [
        x.multiply(beta).map(\.bitPattern), x.transposeMultiply(w).map(\.bitPattern), bits(x.weightedCrossProduct(w)),
        x.transposeMultiply(rowMajor: vectors, count: 2).flatMap { $0.map(\.bitPattern) }, bits(x.crossProduct(rows: selected)),
      ]
    }
    #expect(runs[0] == runs[1])
    #expect(runs[0] == runs[2])
  }

  @Test("the block sums equal the dense products of a copied matrix to rounding")
  func agreesWithDenseProducts() {
    let (view, w, _, p) = Self.fixture()
    let x = view(ParallelWork(threads: 2))
    let dense = x.materialized()
    let a = x.weightedCrossProduct(w), b = dense.weightedCrossProduct(w)
    for j in 0..<p {
      for k in 0..<p {
        #expect(abs(a[j, k] - b[j, k]) <= 1e-12 * max(1, abs(b[j, k])))
        #expect(a[j, k] == a[k, j])
      }
    }
    let g = x.transposeMultiply(w), h = dense.transposeMultiply(w)
    for j in 0..<p { #expect(abs(g[j] - h[j]) <= 1e-12 * max(1, abs(h[j]))) }
    #expect(x.multiply([1, 0, 0, 0, 0]) == (0..<x.rows).map { x[$0, 0] })
  }
}
