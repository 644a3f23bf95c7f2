/// Fused passes over the rows of a view: the linear predictor, a per-row term of it and X'r read each
/// row of X once (from memory for x_i'beta, from cache for X'r) instead of once per product. Like the
/// other products they cut the rows into the fixed blocks of `ParallelWork.blockRows` and add the
/// block sums in block order, so they are the same bits for any thread count.
extension MatrixRows {
  /// What four consecutive rows contribute to a fused pass, a lane each: a summand s_i (a loss),
  /// the residual r_i entering X'r, and a weight w_i kept per row (for X'WX afterwards). Lanes past
  /// the rows of the call are ignored.
  public struct RowTerms {
    public var sum: SIMD4<Double>
    public var residual: SIMD4<Double>
    public var weight: SIMD4<Double>

    @inlinable public init(sum: SIMD4<Double>, residual: SIMD4<Double>, weight: SIMD4<Double>) {
      self.sum = sum
      self.residual = residual
      self.weight = weight
    }
  }

  /// The result of `predictorPass`: sum_i s_i, X'r, and r and w per view row.
  public struct PredictorPass: Sendable {
    public let sum: Double
    public let transposeProduct: [Double]
    public let residuals: [Double]
    public let weights: [Double]
  }

  /// One pass: `terms(i, count, x'beta)` for view rows i..<i + count (count <= 4; lane l row i + l,
  /// lanes past count 0) and X'r accumulated from the same rows.
  public func predictorPass(_ beta: [Double], _ terms: (Int, Int, SIMD4<Double>) -> RowTerms) -> PredictorPass {
    let n = rows, p = columns
    precondition(beta.count == p)
    let blocks = ParallelWork.rowBlocks(n)
    let parts = withUnsafeRows { a, offset in
      storage.parallel.map(blocks.count) { b in RowKernels.predictorBlock(a, offset, rows: blocks[b], columns: p, beta, terms) }
    }
    var total = [Double](repeating: 0, count: p + 1)
    var residuals: [Double] = [], weights: [Double] = []
    residuals.reserveCapacity(n)
    weights.reserveCapacity(n)
    for part in parts {
      for j in 0...p { total[j] += part.sums[j] }
      residuals += part.residuals
      weights += part.weights
    }
    return PredictorPass(sum: total[p], transposeProduct: Array(total[0..<p]), residuals: residuals, weights: weights)
  }

  /// sum_i s_i over the lanes of `term(i, count, x'beta)` (rows as in `predictorPass`), added row
  /// by row, blocks in parallel and added in block order (a value without a gradient).
  public func predictorSum(_ beta: [Double], _ term: (Int, Int, SIMD4<Double>) -> SIMD4<Double>) -> Double {
    let p = columns
    precondition(beta.count == p)
    let total = withUnsafeRows { a, offset in
      storage.parallel.blockSum(rows: rows, length: 1) { range in
        beta.withUnsafeBufferPointer { x in
          var s = 0.0
          var i = range.lowerBound
          while i < range.upperBound {
            let count = min(4, range.upperBound - i)
            var xb = SIMD4<Double>()
            for l in 0..<count { xb[l] = RowKernels.dot(a, offset[i + l], x, p) }
            let t = term(i, count, xb)
            for l in 0..<count { s += t[l] }
            i += count
          }
          return [s]
        }
      }
    }
    return total[0]
  }

  /// Whether `clusterProducts` sums row blocks (each holding p x q partials) in block order, or,
  /// past 2^23 doubles (64 MB) of partials, makes one ordered pass: a choice of the sizes only,
  /// never of the threads.
  public func clusterProductsInBlocks(clusters q: Int) -> Bool {
    ParallelWork.rowBlocks(rows).count * (columns * q + q) <= 1 << 23
  }

  /// B = X'WZ (p x q) and the cluster sums of w, for cluster codes `clusters` (one per view row):
  /// column c of B is sum over the rows of cluster c of w_i x_i. Row blocks in parallel and added in
  /// block order when the block partials stay small (they hold p x q each), else one ordered pass.
  public func clusterProducts(weights w: [Double], clusters: [Int], count q: Int) -> (b: Matrix, sums: [Double]) {
    let n = rows, p = columns
    precondition(w.count == n && clusters.count == n)
    let length = p * q + q
    let blocked = clusterProductsInBlocks(clusters: q)
    let total = withUnsafeRows { a, offset in
      blocked
        ? storage.parallel.blockSum(rows: n, length: length) { RowKernels.clusterBlock(a, offset, rows: $0, columns: p, w, clusters, q) }
        : RowKernels.clusterBlock(a, offset, rows: 0..<n, columns: p, w, clusters, q)
    }
    // The blocks accumulate B' (q x p: a row's p products are adjacent); B is its transpose.
    var b = Matrix(rows: p, columns: q)
    for c in 0..<q { for j in 0..<p { b[j, c] = total[c * p + j] } }
    return (b, Array(total[(p * q)...]))
  }
}

extension RowKernels {
  /// x_i'beta for the row at `base`: four running sums over j mod 4 (the lanes of one SIMD4,
  /// independent chains the CPU overlaps), added as (s0 + s1) + (s2 + s3), then the last p mod 4
  /// terms; a fixed order.
  @inline(__always) static func dot(
    _ a: UnsafeBufferPointer<Double>, _ base: Int, _ x: UnsafeBufferPointer<Double>, _ p: Int
  )
    -> Double
  {
    let row = a.baseAddress! + base, b = x.baseAddress!
    var sums = SIMD4<Double>()
    var j = 0
    while j + 3 < p {
      sums += load(row + j) * load(b + j)
      j += 4
    }
    var s = (sums[0] + sums[1]) + (sums[2] + sums[3])
    while j < p {
      s += row[j] * b[j]
      j += 1
    }
    return s
  }

  struct PredictorBlock {
    var sums: [Double]
    var residuals: [Double]
    var weights: [Double]
  }

  /// One block of `MatrixRows.predictorPass`: sums[0..<p] = X'r over the block, sums[p] = sum s_i.
  /// Four rows at a time: their x_i'beta (each as `dot` alone), their terms (one call, summands
  /// added in row order), then X'r with each sum[j] loaded once and given the four rows' r_i x_ij
  /// one after another: the same additions in the same order as row by row, with a quarter of the
  /// accumulator traffic.
  @inline(__always) static func predictorBlock(
    _ a: UnsafeBufferPointer<Double>, _ offset: RowOffsets, rows range: Range<Int>, columns p: Int, _ beta: [Double],
    _ terms: (Int, Int, SIMD4<Double>) -> MatrixRows.RowTerms
  ) -> PredictorBlock {
    let m = range.count
    var sums = [Double](repeating: 0, count: p + 1)
    var residuals = [Double](repeating: 0, count: m), weights = [Double](repeating: 0, count: m)
    var s = 0.0
    beta.withUnsafeBufferPointer { x in
      sums.withUnsafeMutableBufferPointer { g in
        residuals.withUnsafeMutableBufferPointer { r in
          weights.withUnsafeMutableBufferPointer { w in
            let data = a.baseAddress!, sum = g.baseAddress!
            /// Rows i..<i + count's terms: summands added, residuals and weights recorded, residuals returned.
            func term(_ i: Int, _ count: Int, _ xb: SIMD4<Double>) -> SIMD4<Double> {
              let t = terms(i, count, xb)
              for l in 0..<count {
                s += t.sum[l]
                r[i - range.lowerBound + l] = t.residual[l]
                w[i - range.lowerBound + l] = t.weight[l]
              }
              return t.residual
            }
            var i = range.lowerBound
            while i + 3 < range.upperBound {
              let b0 = offset[i], b1 = offset[i + 1], b2 = offset[i + 2], b3 = offset[i + 3]
              let d0 = dot(a, b0, x, p), d1 = dot(a, b1, x, p), d2 = dot(a, b2, x, p), d3 = dot(a, b3, x, p)
              let residual = term(i, 4, SIMD4(d0, d1, d2, d3))
              let r0 = residual[0], r1 = residual[1], r2 = residual[2], r3 = residual[3]
              let x0 = data + b0, x1 = data + b1, x2 = data + b2, x3 = data + b3
              if r0 != 0 && r1 != 0 && r2 != 0 && r3 != 0 {
                var j = 0
                while j + 3 < p {
                  // Each lane ((((sum + x0 r0) + x1 r1) + x2 r2) + x3 r3), as the scalar loop.
                  let target = UnsafeMutableRawPointer(sum + j)
                  var updated = target.loadUnaligned(as: SIMD4<Double>.self) + load(x0 + j) * r0
                  updated += load(x1 + j) * r1
                  updated += load(x2 + j) * r2
                  updated += load(x3 + j) * r3
                  target.storeBytes(of: updated, as: SIMD4<Double>.self)
                  j += 4
                }
                while j < p {
                  sum[j] = sum[j] + x0[j] * r0 + x1[j] * r1 + x2[j] * r2 + x3[j] * r3
                  j += 1
                }
              } else {
                // A zero residual adds nothing and is skipped, as row by row.
                for (row, ri) in [(x0, r0), (x1, r1), (x2, r2), (x3, r3)] where ri != 0 { for j in 0..<p { sum[j] += row[j] * ri } }
              }
              i += 4
            }
            while i < range.upperBound {
              let base = offset[i]
              let ri = term(i, 1, SIMD4(dot(a, base, x, p), 0, 0, 0))[0], row = data + base
              if ri != 0 { for j in 0..<p { sum[j] += row[j] * ri } }
              i += 1
            }
          }
        }
      }
    }
    sums[p] = s
    return PredictorBlock(sums: sums, residuals: residuals, weights: weights)
  }

  /// One block of `MatrixRows.clusterProducts`: B' (q x p row-major) then the q cluster sums of w.
  static func clusterBlock(
    _ a: UnsafeBufferPointer<Double>, _ offset: RowOffsets, rows range: Range<Int>, columns p: Int, _ w: [Double], _ clusters: [Int],
    _ q: Int
  ) -> [Double] {
    var out = [Double](repeating: 0, count: p * q + q)
    out.withUnsafeMutableBufferPointer { o in
      for i in range {
        let c = clusters[i], wi = w[i], row = a.baseAddress! + offset[i], sum = o.baseAddress! + c * p
        o[p * q + c] += wi
        addScaled(wi, row, to: sum, count: p)
      }
    }
    return out
  }
}
