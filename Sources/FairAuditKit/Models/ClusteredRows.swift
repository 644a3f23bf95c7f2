/// Training rows regrouped by cluster: a row-permuted copy of X and y with per-cluster offsets,
/// so every per-cluster sum walks contiguous memory.
public struct ClusteredRows: Sendable {
  public let x: Matrix
  public let y: [Double]
  /// Rows of cluster i are offsets[i]..<offsets[i+1] of `x` and `y`.
  public let offsets: [Int]

  public init(_ problem: ModelProblem) {
    let order = problem.clusters.indices.sorted { (problem.clusters[$0], $0) < (problem.clusters[$1], $1) }
    var x = Matrix(rows: problem.n, columns: problem.p)
    for (k, i) in order.enumerated() {
      for j in 0..<problem.p { x[k, j] = problem.x[i, j] }
    }
    var offsets = [Int](repeating: 0, count: problem.q + 1)
    for c in problem.clusters { offsets[c + 1] += 1 }
    for i in 0..<problem.q { offsets[i + 1] += offsets[i] }
    self.x = x
    y = order.map { problem.y[$0] }
    self.offsets = offsets
  }

  public var clusterCount: Int { offsets.count - 1 }
  public func rows(of cluster: Int) -> Range<Int> { offsets[cluster]..<offsets[cluster + 1] }
}
