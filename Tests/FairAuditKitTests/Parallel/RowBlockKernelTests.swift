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

  @Test("skipping zeros keeps the bits: X'WX of one-hot columns, and the one-hot group sums against the dense four-row kernel")
  func zeroSkippingKeepsBits() {
    var rng = SplitMix64(seed: 5)
    let (n, p, width) = (4 * 61 + 3, 7, 6)
    // Columns 0-2 dense, 3-6 mostly zero (0/1 and a few other values), negative coefficients included.
    let x = (0..<(n * p)).map { k -> Double in
      k % p < 3 ? rng.normal() : rng.integer(below: 5) == 0 ? (rng.integer(below: 3) == 0 ? -2.5 : 1) : 0
    }
    let c = (0..<(n * width)).map { _ in rng.normal() * pow(10, Double(rng.integer(below: 5)) - 2) }
    // Dense: four rows at a time through `addFourRows`, as the boosting's probe products did.
    var dense = [Double](repeating: 0, count: width * p)
    var sparse = [Double](repeating: 0, count: width * 4)
    let group = SparseColumnGroup(columns: [3, 4, 5, 6], width: width)
    x.withUnsafeBufferPointer { x in
      c.withUnsafeBufferPointer { c in
        var first = 0
        while first < n {
          let count = min(4, n - first)
          var coefficients = (0..<width).map { v in
            SIMD4<Double>((0..<4).map { r in r < count ? c[(first + r) * width + v] : 0 })
          }
          let rows = (0..<4).map { x.baseAddress! + (first + min($0, count - 1)) * p }
          coefficients.withUnsafeMutableBufferPointer { coefficients in
            BoostingState.addFourRows(into: &dense, rows[0], rows[1], rows[2], rows[3], coefficients: coefficients, columns: p)
          }
          for r in 0..<count { group.add(row: x.baseAddress! + (first + r) * p, coefficients: c.baseAddress! + (first + r) * width) }
          group.flush(into: &sparse)
          first += count
        }
      }
    }
    for v in 0..<width {
      for (s, j) in [3, 4, 5, 6].enumerated() { #expect(sparse[s * width + v].bitPattern == dense[v * p + j].bitPattern) }
    }
    // X'WX skips the rows of the triangle whose eight weighted values are 0: against a plain loop
    // of the same eight-row grouping without the skip.
    let w = (0..<n).map { _ in rng.uniform() }
    let skipped = Matrix(rows: n, columns: p, storage: x).weightedCrossProduct(w)
    var plain = [Double](repeating: 0, count: p * p)
    var i = 0
    while i + 7 < n {
      for j in 0..<p {
        for k in j..<p {
          var first = x[i * p + j] * w[i] * x[i * p + k]
          for r in 1..<4 { first += x[(i + r) * p + j] * w[i + r] * x[(i + r) * p + k] }
          var second = x[(i + 4) * p + j] * w[i + 4] * x[(i + 4) * p + k]
          for r in 5..<8 { second += x[(i + r) * p + j] * w[i + r] * x[(i + r) * p + k] }
          plain[j * p + k] += first + second
        }
      }
      i += 8
    }
    while i < n {
      for j in 0..<p { for k in j..<p { plain[j * p + k] += x[i * p + j] * w[i] * x[i * p + k] } }
      i += 1
    }
    for j in 0..<p { for k in j..<p { #expect(skipped[j, k].bitPattern == plain[j * p + k].bitPattern) } }
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
