/// Dense row-major matrix of `Double`, only ever p x p or N x p, never N x N. The design matrix
/// is built as one and then shared read-only as a `SharedMatrix`, seen through `MatrixRows` views.
public struct Matrix: Equatable, Sendable {
  public let rows: Int
  public private(set) var columns: Int
  public var storage: [Double]

  public init(rows: Int, columns: Int, repeating value: Double = 0) {
    self.rows = rows
    self.columns = columns
    storage = Array(repeating: value, count: rows * columns)
  }

  public init(rows: Int, columns: Int, storage: [Double]) {
    precondition(storage.count == rows * columns)
    self.rows = rows
    self.columns = columns
    self.storage = storage
  }

  @inlinable public subscript(i: Int, j: Int) -> Double {
    get { storage[i * columns + j] }
    set { storage[i * columns + j] = newValue }
  }

  public var diagonal: [Double] { (0..<min(rows, columns)).map { self[$0, $0] } }

  /// y = M x
  public func multiply(_ x: [Double]) -> [Double] {
    storage.withUnsafeBufferPointer { RowKernels.multiply($0, allRows, rows: 0..<rows, columns: columns, x) }
  }

  /// y = M' x
  public func transposeMultiply(_ x: [Double]) -> [Double] {
    precondition(x.count == rows)
    return storage.withUnsafeBufferPointer { RowKernels.transposeMultiply($0, allRows, rows: 0..<rows, columns: columns, x) }
  }

  /// M' diag(w) M, the weighted cross-product (upper triangle computed, then mirrored).
  public func weightedCrossProduct(_ w: [Double]) -> Matrix {
    precondition(w.count == rows)
    let upper = storage.withUnsafeBufferPointer { RowKernels.weightedCrossProduct($0, allRows, rows: 0..<rows, columns: columns, w) }
    return RowKernels.mirrored(upper, columns)
  }

  /// Row offsets of every row in order, for the shared kernels.
  var allRows: RowOffsets { RowOffsets(index: nil, columns: columns) }

  /// Keeps only the given columns (ascending), compacting the buffer in place: no second copy of
  /// an N x p matrix is made.
  public mutating func keepColumns(_ keep: [Int]) {
    precondition(zip(keep, keep.dropFirst()).allSatisfy { $0 < $1 } && (keep.last ?? -1) < columns)
    let old = columns, kept = keep.count, n = rows
    storage.withUnsafeMutableBufferPointer { a in
      // The destination i * kept + t is at or before its source i * old + j and before every
      // source still to be read, so the forward copy never overwrites an unread value.
      for i in 0..<n { for (t, j) in keep.enumerated() { a[i * kept + t] = a[i * old + j] } }
    }
    storage.removeLast(n * (old - kept))
    columns = kept
  }
}

/// Vector helpers used by the optimisers.
public enum Vector {
  public static func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in a.indices { s += a[i] * b[i] }
    return s
  }

  public static func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }

  public static func maxAbs(_ a: [Double]) -> Double { a.reduce(0) { max($0, abs($1)) } }

  /// a + t * b
  public static func axpy(_ a: [Double], _ t: Double, _ b: [Double]) -> [Double] {
    var out = a
    for i in out.indices { out[i] += t * b[i] }
    return out
  }
}

extension Matrix {
  /// [M'v_1, ..., M'v_m] in one pass over the rows of M: `vectors` is N x m row-major (row i holds
  /// the i-th entry of every vector), so each row of M and of `vectors` is read once.
  public func transposeMultiply(rowMajor vectors: [Double], count m: Int) -> [[Double]] {
    precondition(vectors.count == rows * m)
    let out = storage.withUnsafeBufferPointer {
      RowKernels.transposeMultiply($0, allRows, rows: 0..<rows, columns: columns, rowMajor: vectors, count: m)
    }
    return (0..<m).map { Array(out[($0 * columns)..<(($0 + 1) * columns)]) }
  }

  /// X'X over the given rows (p x p, symmetric).
  public func crossProduct(rows selected: [Int]) -> Matrix {
    MatrixRows(self).crossProduct(rows: selected)
  }
}
