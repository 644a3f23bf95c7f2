/// Training rows regrouped by cluster: y in cluster order with per-cluster offsets, the map
/// from cluster-order positions to training rows, and views of X in both orders. X itself is
/// not copied. Per-cluster sums over X walk `trainingX` in storage order (per-cluster partial sums
/// per fixed row block, added in block order), never X in cluster order.
public struct ClusteredRows: Sendable {
  /// X with its rows in cluster order (a view of the design matrix).
  public let x: MatrixRows
  /// X in training-row order (the problem's view), which reads the design matrix front to back.
  public let trainingX: MatrixRows
  public let y: [Double]
  /// y in training-row order (the problem's).
  public let trainingY: [Double]
  /// Rows of cluster i are offsets[i]..<offsets[i+1] of `x` and `y`.
  public let offsets: [Int]
  /// Training row of each cluster-order position.
  public let order: [Int]
  /// Cluster code of each training row.
  public let clusterCodes: [Int]

  public init(_ problem: ModelProblem) {
    var offsets = [Int](repeating: 0, count: problem.q + 1)
    for c in problem.clusters { offsets[c + 1] += 1 }
    for i in 0..<problem.q { offsets[i + 1] += offsets[i] }
    // Counting sort, stable: by cluster, training order within a cluster (O(N)).
    var order = [Int](repeating: 0, count: problem.clusters.count)
    var next = offsets
    for (i, c) in problem.clusters.enumerated() {
      order[next[c]] = i
      next[c] += 1
    }
    x = problem.x.selecting(rows: order)
    trainingX = problem.x
    y = order.map { problem.y[$0] }
    trainingY = problem.y
    self.offsets = offsets
    self.order = order
    clusterCodes = problem.clusters
  }

  public var clusterCount: Int { offsets.count - 1 }
  public func rows(of cluster: Int) -> Range<Int> { offsets[cluster]..<offsets[cluster + 1] }

  /// A per-training-row vector rearranged into cluster order.
  public func inClusterOrder(_ values: [Double]) -> [Double] { order.map { values[$0] } }
}
