/// The row-major values of an N x p matrix, held once and shared by reference. The design matrix
/// is built into one of these; every problem, cluster regrouping and boosting pass reads it through
/// a `MatrixRows` view, so X exists once however many fits use it.
public final class SharedMatrix: Sendable {
  public let rows: Int
  public let columns: Int
  public let values: [Double]
  /// Threads of the products over its rows. Never changes a result: the products sum fixed row
  /// blocks in block order (`ParallelWork.blockSum`).
  public let parallel: ParallelWork

  public init(rows: Int, columns: Int, values: [Double], parallel: ParallelWork = .serial) {
    precondition(values.count == rows * columns)
    self.rows = rows
    self.columns = columns
    self.values = values
    self.parallel = parallel
  }

  /// Takes over the matrix's buffer (arrays are copy-on-write and this one is never written again).
  public convenience init(_ matrix: Matrix, parallel: ParallelWork = .serial) {
    self.init(rows: matrix.rows, columns: matrix.columns, values: matrix.storage, parallel: parallel)
  }
}

/// Storage offset of each row of a view: row i starts at `self[i]` (all rows in order, or an index list).
public struct RowOffsets {
  let index: UnsafeBufferPointer<Int>?
  let columns: Int

  @inline(__always) public subscript(i: Int) -> Int { (index?[i] ?? i) * columns }
}

/// Rows of a `SharedMatrix`: all of them in order, or those of an index list (training rows, rows
/// regrouped by cluster), without copying a value. The products cut the view rows into fixed blocks
/// of `ParallelWork.blockRows`, visit each block in view order and add the blocks' sums in block
/// order, on the storage's threads: the same bits for any thread count, and those of a copied
/// matrix with the same rows.
public struct MatrixRows: Sendable {
  public let storage: SharedMatrix
  /// Storage row of each view row; nil when the view is the storage rows `firstRow..<firstRow + rows`
  /// in order (the training rows, which the design matrix stores first, or all rows).
  public let rowIndex: [Int]?
  /// The first storage row of a contiguous view (0 for an index view).
  public let firstRow: Int
  private let contiguousRows: Int

  /// All storage rows (`rows` nil) or those listed; a list that is a run of consecutive storage
  /// rows becomes a contiguous view, read front to back without the index (the same values in the
  /// same order).
  public init(_ storage: SharedMatrix, rows rowIndex: [Int]? = nil) {
    self.storage = storage
    guard let index = rowIndex else {
      (self.rowIndex, firstRow, contiguousRows) = (nil, 0, storage.rows)
      return
    }
    if let first = index.first, first >= 0, first + index.count <= storage.rows, index.indices.allSatisfy({ index[$0] == first + $0 }) {
      (self.rowIndex, firstRow, contiguousRows) = (nil, first, index.count)
    } else {
      (self.rowIndex, firstRow, contiguousRows) = (index, 0, 0)
    }
  }

  /// A view of all rows of `matrix`, sharing its buffer.
  public init(_ matrix: Matrix) { self.init(SharedMatrix(matrix)) }

  public var rows: Int { rowIndex?.count ?? contiguousRows }
  public var columns: Int { storage.columns }

  @inlinable public subscript(i: Int, j: Int) -> Double {
    storage.values[(rowIndex?[i] ?? (firstRow + i)) * storage.columns + j]
  }

  /// The view of the given rows of this view (positions in it), in that order; the storage is shared.
  public func selecting(rows selected: [Int]) -> MatrixRows {
    MatrixRows(storage, rows: rowIndex.map { index in selected.map { index[$0] } } ?? selected.map { firstRow + $0 })
  }

  /// The values and the offset of each view row, for loops that read the rows directly (a
  /// contiguous view's values start at its first row).
  public func withUnsafeRows<R>(_ body: (UnsafeBufferPointer<Double>, RowOffsets) throws -> R) rethrows -> R {
    try storage.values.withUnsafeBufferPointer { a in
      if let rowIndex {
        return try rowIndex.withUnsafeBufferPointer { try body(a, RowOffsets(index: $0, columns: columns)) }
      }
      let values = UnsafeBufferPointer(rebasing: a[(firstRow * columns)..<((firstRow + contiguousRows) * columns)])
      return try body(values, RowOffsets(index: nil, columns: columns))
    }
  }

  /// Column j of the view written into `buffer` (resized to the row count): a reusable workspace
  /// for the per-column passes.
  public func copyColumn(_ j: Int, into buffer: inout [Double]) {
    let n = rows
    if buffer.count != n { buffer = [Double](repeating: 0, count: n) }
    withUnsafeRows { a, offset in
      buffer.withUnsafeMutableBufferPointer { out in
        for i in 0..<n { out[i] = a[offset[i] + j] }
      }
    }
  }

  /// A copy as a dense matrix (tests and small problems).
  public func materialized() -> Matrix {
    var m = Matrix(rows: rows, columns: columns)
    for i in 0..<rows { for j in 0..<columns { m[i, j] = self[i, j] } }
    return m
  }

  /// y = X x (row by row; blocks in parallel).
  public func multiply(_ x: [Double]) -> [Double] {
    let n = rows, p = columns
    let blocks = ParallelWork.rowBlocks(n)
    if blocks.count <= 1 || storage.parallel.threads == 1 {
      return withUnsafeRows { RowKernels.multiply($0, $1, rows: 0..<n, columns: p, x) }
    }
    let parts = withUnsafeRows { a, offset in
      storage.parallel.map(blocks.count) { RowKernels.multiply(a, offset, rows: blocks[$0], columns: p, x) }
    }
    var y: [Double] = []
    y.reserveCapacity(n)
    for part in parts { y += part }
    return y
  }

  /// y = X' x, summed over row blocks in block order.
  public func transposeMultiply(_ x: [Double]) -> [Double] {
    let p = columns
    return withUnsafeRows { a, offset in
      storage.parallel.blockSum(rows: rows, length: p) { RowKernels.transposeMultiply(a, offset, rows: $0, columns: p, x) }
    }
  }

  /// X' diag(w) X, the upper triangle summed over row blocks in block order, then mirrored.
  public func weightedCrossProduct(_ w: [Double]) -> Matrix {
    let p = columns
    let upper = withUnsafeRows { a, offset in
      storage.parallel.blockSum(rows: rows, length: p * p) { RowKernels.weightedCrossProduct(a, offset, rows: $0, columns: p, w) }
    }
    return RowKernels.mirrored(upper, p)
  }

  /// [X'v_1, ..., X'v_m] in one pass, `vectors` N x m row-major (see `Matrix.transposeMultiply(rowMajor:count:)`).
  public func transposeMultiply(rowMajor vectors: [Double], count m: Int) -> [[Double]] {
    let p = columns
    precondition(vectors.count == rows * m)
    let out = withUnsafeRows { a, offset in
      storage.parallel.blockSum(rows: rows, length: m * p) {
        RowKernels.transposeMultiply(a, offset, rows: $0, columns: p, rowMajor: vectors, count: m)
      }
    }
    return (0..<m).map { Array(out[($0 * p)..<(($0 + 1) * p)]) }
  }

  /// X'X over the given view rows, summed over blocks of the list in block order.
  public func crossProduct(rows selected: [Int]) -> Matrix {
    let p = columns
    let upper = withUnsafeRows { a, offset in
      storage.parallel.blockSum(rows: selected.count, length: p * p) {
        RowKernels.crossProduct(a, offset, columns: p, rows: selected[$0])
      }
    }
    return RowKernels.mirrored(upper, p)
  }
}

/// The N x p products over a range of view rows, written once for dense matrices and row views alike.
/// The sums return the upper triangle (or the columns) for that range; callers add ranges in order.
enum RowKernels {
  static func multiply(
    _ a: UnsafeBufferPointer<Double>, _ offset: RowOffsets, rows range: Range<Int>, columns: Int, _ x: [Double]
  ) -> [Double] {
    precondition(x.count == columns)
    var y = [Double](repeating: 0, count: range.count)
    guard columns > 0, let data = a.baseAddress else { return y }
    x.withUnsafeBufferPointer { x in
      y.withUnsafeMutableBufferPointer { y in
        // Eight rows at a time, each summed over j in order as one row alone would be: the same
        // bits, but eight independent chains of additions for the CPU to overlap.
        var i = range.lowerBound
        while i + 7 < range.upperBound {
          let r0 = data + offset[i], r1 = data + offset[i + 1], r2 = data + offset[i + 2], r3 = data + offset[i + 3]
          let r4 = data + offset[i + 4], r5 = data + offset[i + 5], r6 = data + offset[i + 6], r7 = data + offset[i + 7]
          var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0, s5 = 0.0, s6 = 0.0, s7 = 0.0
          for j in 0..<columns {
            let xj = x[j]
            s0 += r0[j] * xj
            s1 += r1[j] * xj
            s2 += r2[j] * xj
            s3 += r3[j] * xj
            s4 += r4[j] * xj
            s5 += r5[j] * xj
            s6 += r6[j] * xj
            s7 += r7[j] * xj
          }
          let k = i - range.lowerBound
          (y[k], y[k + 1], y[k + 2], y[k + 3]) = (s0, s1, s2, s3)
          (y[k + 4], y[k + 5], y[k + 6], y[k + 7]) = (s4, s5, s6, s7)
          i += 8
        }
        while i < range.upperBound {
          var s = 0.0
          let row = data + offset[i]
          for j in 0..<columns { s += row[j] * x[j] }
          y[i - range.lowerBound] = s
          i += 1
        }
      }
    }
    return y
  }

  static func transposeMultiply(
    _ a: UnsafeBufferPointer<Double>, _ offset: RowOffsets, rows range: Range<Int>, columns: Int, _ x: [Double]
  ) -> [Double] {
    precondition(x.count >= range.upperBound)
    var y = [Double](repeating: 0, count: columns)
    y.withUnsafeMutableBufferPointer { out in
      for i in range where x[i] != 0 {
        let xi = x[i], base = offset[i]
        for j in 0..<columns { out[j] += a[base + j] * xi }
      }
    }
    return y
  }

  /// Four doubles from any address.
  @inline(__always) static func load(_ address: UnsafePointer<Double>) -> SIMD4<Double> {
    UnsafeRawPointer(address).loadUnaligned(as: SIMD4<Double>.self)
  }

  /// target[0..<4] += v, lane by lane (each lane the scalar `+=`).
  @inline(__always) static func add(_ v: SIMD4<Double>, to target: UnsafeMutablePointer<Double>) {
    let raw = UnsafeMutableRawPointer(target)
    raw.storeBytes(of: raw.loadUnaligned(as: SIMD4<Double>.self) + v, as: SIMD4<Double>.self)
  }

  /// target[j] += a x[j] for j < count: four entries per SIMD4 step, each lane the scalar `+=`.
  @inline(__always) static func addScaled(
    _ a: Double, _ x: UnsafePointer<Double>, to target: UnsafeMutablePointer<Double>, count: Int
  ) {
    var j = 0
    while j + 4 <= count {
      add(a * load(x + j), to: target + j)
      j += 4
    }
    while j < count {
      target[j] += a * x[j]
      j += 1
    }
  }

  /// The symmetric matrix whose upper triangle is `upper` (p x p row-major).
  static func mirrored(_ upper: [Double], _ p: Int) -> Matrix {
    var m = Matrix(rows: p, columns: p, storage: upper)
    for j in 0..<p { for k in 0..<j { m[j, k] = m[k, j] } }
    return m
  }

  /// Upper triangle of X' diag(w) X over the range (p x p row-major; below the diagonal, entries
  /// the caller must ignore). Eight rows per pass, each read through its own pointer: eight
  /// multiply-adds per load and store of the accumulator. The inner loop runs over k in SIMD4 steps
  /// from the multiple of 4 at or below j (so its few entries below the diagonal are computed
  /// too), each lane the same expression as one k alone. The rows left over are added one at a
  /// time; the order depends on the range only. A row j of the triangle whose weighted values
  /// w_i x_ij are all 0 in the pass (a dummy column outside its level, the common case) would add
  /// only zeros (X is finite), which leave every sum as it is (a sum from +0 is never -0), so it
  /// is skipped: the same bits, a fraction of the work on one-hot designs.
  static func weightedCrossProduct(
    _ a: UnsafeBufferPointer<Double>, _ offset: RowOffsets, rows range: Range<Int>, columns p: Int, _ w: [Double]
  ) -> [Double] {
    precondition(w.count >= range.upperBound)
    var out = [Double](repeating: 0, count: p * p)
    guard p > 0 else { return out }
    w.withUnsafeBufferPointer { w in
      out.withUnsafeMutableBufferPointer { addWeightedCrossProduct(into: $0.baseAddress!, a, offset, rows: range, columns: p, w) }
    }
    return out
  }

  /// `weightedCrossProduct` added to the p x p accumulator `g`. Calls on consecutive ranges of
  /// eight rows, then on the rows left over, give the bits of one call on their union.
  @inline(__always) static func addWeightedCrossProduct(
    into g: UnsafeMutablePointer<Double>, _ a: UnsafeBufferPointer<Double>, _ offset: RowOffsets, rows range: Range<Int>,
    columns p: Int, _ w: UnsafeBufferPointer<Double>
  ) {
    guard let x = a.baseAddress else { return }
    let vectorEnd = p & ~3
    var i = range.lowerBound
    while i + 7 < range.upperBound {
      let t0 = x + offset[i], t1 = x + offset[i + 1], t2 = x + offset[i + 2], t3 = x + offset[i + 3]
      let t4 = x + offset[i + 4], t5 = x + offset[i + 5], t6 = x + offset[i + 6], t7 = x + offset[i + 7]
      let w0 = w[i], w1 = w[i + 1], w2 = w[i + 2], w3 = w[i + 3]
      let w4 = w[i + 4], w5 = w[i + 5], w6 = w[i + 6], w7 = w[i + 7]
      for j in 0..<p {
        let c0 = t0[j] * w0, c1 = t1[j] * w1, c2 = t2[j] * w2, c3 = t3[j] * w3
        let c4 = t4[j] * w4, c5 = t5[j] * w5, c6 = t6[j] * w6, c7 = t7[j] * w7
        if c0 == 0 && c1 == 0 && c2 == 0 && c3 == 0 && c4 == 0 && c5 == 0 && c6 == 0 && c7 == 0 { continue }
        let row = g + j * p
        var k = j & ~3
        while k < vectorEnd {
          let first = c0 * load(t0 + k) + c1 * load(t1 + k) + c2 * load(t2 + k) + c3 * load(t3 + k)
          let second = c4 * load(t4 + k) + c5 * load(t5 + k) + c6 * load(t6 + k) + c7 * load(t7 + k)
          add(first + second, to: row + k)
          k += 4
        }
        while k < p {
          let first = c0 * t0[k] + c1 * t1[k] + c2 * t2[k] + c3 * t3[k]
          let second = c4 * t4[k] + c5 * t5[k] + c6 * t6[k] + c7 * t7[k]
          row[k] += first + second
          k += 1
        }
      }
      i += 8
    }
    while i < range.upperBound {
      let t0 = x + offset[i], w0 = w[i]
      for j in 0..<p {
        let c0 = t0[j] * w0
        let row = g + j * p
        for k in j..<p { row[k] += c0 * t0[k] }
      }
      i += 1
    }
  }

  /// [X'v_1, ..., X'v_m] over the range, m x p row-major.
  static func transposeMultiply(
    _ a: UnsafeBufferPointer<Double>, _ offset: RowOffsets, rows range: Range<Int>, columns p: Int, rowMajor vectors: [Double],
    count m: Int
  ) -> [Double] {
    var out = [Double](repeating: 0, count: m * p)
    vectors.withUnsafeBufferPointer { v in
      out.withUnsafeMutableBufferPointer { acc in
        // Four rows per pass: four multiply-adds per load and store of the accumulator.
        var i = range.lowerBound
        while i + 3 < range.upperBound {
          let b0 = offset[i], b1 = offset[i + 1], b2 = offset[i + 2], b3 = offset[i + 3]
          let v0 = i * m, v1 = v0 + m, v2 = v1 + m, v3 = v2 + m
          for k in 0..<m {
            let c0 = v[v0 + k], c1 = v[v1 + k], c2 = v[v2 + k], c3 = v[v3 + k], o = k * p
            for j in 0..<p { acc[o + j] += a[b0 + j] * c0 + a[b1 + j] * c1 + a[b2 + j] * c2 + a[b3 + j] * c3 }
          }
          i += 4
        }
        while i < range.upperBound {
          let base = offset[i], vBase = i * m
          for k in 0..<m {
            let coefficient = v[vBase + k], o = k * p
            for j in 0..<p { acc[o + j] += a[base + j] * coefficient }
          }
          i += 1
        }
      }
    }
    return out
  }

  /// Upper triangle of X'X over the listed view rows (p x p row-major, lower part zero).
  static func crossProduct(
    _ a: UnsafeBufferPointer<Double>, _ offset: RowOffsets, columns p: Int, rows selected: ArraySlice<Int>
  )
    -> [Double]
  {
    var out = [Double](repeating: 0, count: p * p)
    out.withUnsafeMutableBufferPointer { g in
      for i in selected {
        let base = offset[i]
        for j in 0..<p where a[base + j] != 0 {
          let xj = a[base + j]
          for k in j..<p { g[j * p + k] += xj * a[base + k] }
        }
      }
    }
    return out
  }
}
