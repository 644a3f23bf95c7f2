/// The training data of one fit (lme4's setup step): design rows, target, cluster index and
/// the sensitive features, all restricted to the training rows. X is a view of the training rows
/// of the design matrix, not a copy.
public struct ModelProblem: Sendable {
  public let columns: [DesignColumn]
  public let x: MatrixRows
  public let y: [Double]
  /// Cluster code per training row (empty when the run has no cluster column).
  public let clusters: [Int]
  public let clusterName: String?
  public let clusterLevels: [String]
  public let sensitiveNames: [String]
  /// z_k per training row.
  public let z: [[Double]]
  /// Fallback ridge weight kappa on the non-intercept fixed effects, adding (kappa / 2) sum_{j>0} beta_j^2
  /// to every model's objective; 0 unless separation or a rare level made the unpenalised fit
  /// ill-posed (docs/method.md, "Separation fallback"). Every fit states it when it is not 0.
  public var fixedEffectRidge: Double = 0
  /// a_k of `covarianceDirection` with the cluster part, computed once: every fair fit, penalised
  /// objective and sweep point needs them, and each costs a pass over X.
  private let directions: [[Double]]

  public var n: Int { y.count }
  public var p: Int { columns.count }
  public var q: Int { clusterLevels.count }
  public var names: [String] { columns.map(\.name) }

  public init(frame: ModelFrame, design: DesignMatrix, rows: [Int]) {
    self.init(
      columns: design.columns,
      x: rows.elementsEqual(0..<design.matrix.rows) ? design.matrix : design.matrix.selecting(rows: rows),
      y: rows.map { frame.y[$0] }, clusters: frame.clusterCodes.isEmpty ? [] : rows.map { frame.clusterCodes[$0] },
      clusterName: frame.clusterName, clusterLevels: frame.clusterLevels, sensitiveNames: frame.sensitive.map(\.name),
      z: frame.sensitive.indices.map { k in rows.map { frame.sensitive[k].z[frame.rows[$0]] } })
  }

  /// A problem on all rows of `x` (its buffer is shared, not copied).
  public init(
    columns: [DesignColumn], x: Matrix, y: [Double], clusters: [Int] = [], clusterName: String? = nil,
    clusterLevels: [String] = [], sensitiveNames: [String] = [], z: [[Double]] = []
  ) {
    self.init(
      columns: columns, x: MatrixRows(x), y: y, clusters: clusters, clusterName: clusterName, clusterLevels: clusterLevels,
      sensitiveNames: sensitiveNames, z: z)
  }

  public init(
    columns: [DesignColumn], x: MatrixRows, y: [Double], clusters: [Int] = [], clusterName: String? = nil,
    clusterLevels: [String] = [], sensitiveNames: [String] = [], z: [[Double]] = []
  ) {
    self.columns = columns
    self.x = x
    self.y = y
    self.clusters = clusters
    self.clusterName = clusterName
    self.clusterLevels = clusterLevels
    self.sensitiveNames = sensitiveNames
    self.z = z
    directions = z.map { Self.direction($0, x: x, clusters: clusters, q: clusterLevels.count) }
  }

  /// Training rows per cluster level.
  public var clusterSizes: [Int] {
    var sizes = [Int](repeating: 0, count: q)
    for c in clusters { sizes[c] += 1 }
    return sizes
  }

  /// The cluster blocks of a random-intercept Hessian with observation weights w (times the loss
  /// weight s): B = s X'WZ (p x q) and D = s diag(Z'WZ) + ridge (the prior or ridge precision of each b_i).
  public func clusterBlocks(weights w: [Double], ridge: Double, lossWeight s: Double = 1) -> (b: Matrix, d: [Double]) {
    var (b, sums) = x.clusterProducts(weights: w, clusters: clusters, count: q)
    if s != 1 { b.storage = b.storage.map { s * $0 } }
    return (b, sums.map { s * $0 + ridge })
  }

  /// a_k with g_k(theta) = a_k' theta / N: a_k = (X'(z_k - zbar_k), [sum_{j in i}(z_jk - zbar_k)]_i)
  /// (paper section 2.2, the row `A_Newton` of the authors' code). Without clusters, only the X part.
  public func covarianceDirection(_ k: Int, includeClusters: Bool) -> [Double] {
    includeClusters ? directions[k] : Array(directions[k].prefix(p))
  }

  static func direction(_ zk: [Double], x: MatrixRows, clusters: [Int], q: Int) -> [Double] {
    let mean = zk.reduce(0, +) / Double(zk.count)
    let centred = zk.map { $0 - mean }
    var perCluster = [Double](repeating: 0, count: q)
    for (i, c) in clusters.enumerated() { perCluster[c] += centred[i] }
    return x.transposeMultiply(centred) + perCluster
  }
}
