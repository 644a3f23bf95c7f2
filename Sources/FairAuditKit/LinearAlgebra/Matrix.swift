/// Dense row-major matrix of `Double`. The only matrix type in fairaudit; it is only ever
/// p x p or N x p, never N x N.
public struct Matrix: Equatable, Sendable {
  public let rows: Int
  public let columns: Int
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
    precondition(x.count == columns)
    var y = [Double](repeating: 0, count: rows)
    storage.withUnsafeBufferPointer { a in
      for i in 0..<rows {
        var s = 0.0
        let base = i * columns
        for j in 0..<columns { s += a[base + j] * x[j] }
        y[i] = s
      }
    }
    return y
  }

  /// y = M' x
  public func transposeMultiply(_ x: [Double]) -> [Double] {
    precondition(x.count == rows)
    var y = [Double](repeating: 0, count: columns)
    storage.withUnsafeBufferPointer { a in
      y.withUnsafeMutableBufferPointer { out in
        for i in 0..<rows where x[i] != 0 {
          let xi = x[i], base = i * columns
          for j in 0..<columns { out[j] += a[base + j] * xi }
        }
      }
    }
    return y
  }

  /// M' diag(w) M, the weighted cross-product (upper triangle computed, then mirrored).
  /// Four rows per pass keeps the accumulator row in cache (measured 1.4x over one row per pass).
  public func weightedCrossProduct(_ w: [Double]) -> Matrix {
    precondition(w.count == rows)
    let p = columns
    var out = [Double](repeating: 0, count: p * p)
    storage.withUnsafeBufferPointer { a in
      out.withUnsafeMutableBufferPointer { g in
        var i = 0
        while i + 3 < rows {
          let b0 = i * p, b1 = b0 + p, b2 = b1 + p, b3 = b2 + p
          let w0 = w[i], w1 = w[i + 1], w2 = w[i + 2], w3 = w[i + 3]
          for j in 0..<p {
            let c0 = a[b0 + j] * w0, c1 = a[b1 + j] * w1, c2 = a[b2 + j] * w2, c3 = a[b3 + j] * w3
            let rowBase = j * p
            for k in j..<p {
              g[rowBase + k] += c0 * a[b0 + k] + c1 * a[b1 + k] + c2 * a[b2 + k] + c3 * a[b3 + k]
            }
          }
          i += 4
        }
        while i < rows {
          let b0 = i * p, w0 = w[i]
          for j in 0..<p {
            let c0 = a[b0 + j] * w0
            for k in j..<p { g[j * p + k] += c0 * a[b0 + k] }
          }
          i += 1
        }
      }
    }
    var m = Matrix(rows: p, columns: p, storage: out)
    for j in 0..<p { for k in 0..<j { m[j, k] = m[k, j] } }
    return m
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
    let p = columns
    var out = [Double](repeating: 0, count: m * p)
    storage.withUnsafeBufferPointer { a in
      vectors.withUnsafeBufferPointer { v in
        out.withUnsafeMutableBufferPointer { acc in
          // Four rows per pass: four multiply-adds per load and store of the accumulator.
          var i = 0
          while i + 3 < rows {
            let b0 = i * p, b1 = b0 + p, b2 = b1 + p, b3 = b2 + p
            let v0 = i * m, v1 = v0 + m, v2 = v1 + m, v3 = v2 + m
            for k in 0..<m {
              let c0 = v[v0 + k], c1 = v[v1 + k], c2 = v[v2 + k], c3 = v[v3 + k], o = k * p
              for j in 0..<p { acc[o + j] += a[b0 + j] * c0 + a[b1 + j] * c1 + a[b2 + j] * c2 + a[b3 + j] * c3 }
            }
            i += 4
          }
          while i < rows {
            let base = i * p, vBase = i * m
            for k in 0..<m {
              let coefficient = v[vBase + k], o = k * p
              for j in 0..<p { acc[o + j] += a[base + j] * coefficient }
            }
            i += 1
          }
        }
      }
    }
    return (0..<m).map { Array(out[($0 * p)..<(($0 + 1) * p)]) }
  }

  /// X'X over the given rows (p x p, symmetric).
  public func crossProduct(rows selected: [Int]) -> Matrix {
    let p = columns
    var out = Matrix(rows: p, columns: p)
    storage.withUnsafeBufferPointer { a in
      out.storage.withUnsafeMutableBufferPointer { g in
        for i in selected {
          let base = i * p
          for j in 0..<p where a[base + j] != 0 {
            let xj = a[base + j]
            for k in j..<p { g[j * p + k] += xj * a[base + k] }
          }
        }
      }
    }
    for j in 0..<p { for k in 0..<j { out[j, k] = out[k, j] } }
    return out
  }

  /// The matrix with only the given columns, in that order.
  public func selecting(columns selected: [Int]) -> Matrix {
    var out = Matrix(rows: rows, columns: selected.count)
    for i in 0..<rows {
      for (k, j) in selected.enumerated() { out[i, k] = self[i, j] }
    }
    return out
  }
}
