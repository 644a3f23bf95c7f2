import Foundation
import Testing

@testable import FairAuditKit

/// X is built once (`DesignMatrix.matrix`) and every consumer reads that buffer through a view:
/// the training problem, the cluster regrouping, the boosting state and the evaluation.
@Suite struct SharedDesignTests {
  /// The simulated sample with a 30% stratified split, so the training rows are a proper subset.
  static let setup: (frame: ModelFrame, split: TrainTestSplit, design: DesignMatrix) = {
    let path = TestSupport.fixtureURL("sim_unfair_strata.csv").path
    let table = DataTable(csv: try! CSVReader().read(path: path), path: path)
    let roles = ModelRoles(sensitive: [try! SensitiveFeatureSpec(parsing: "Sex")], cluster: "ClusterID")
    let frame = try! ModelFrame(table: table, roles: roles)
    let split = TrainTestSplit(frame: frame, fraction: 0.3, seed: 7)
    return (frame, split, try! DesignMatrix(frame: frame, trainingRows: split.training))
  }()

  @Test("a problem refers to the design matrix's storage and lists its training rows")
  func problemSharesDesign() {
    let (frame, split, design) = Self.setup
    let problem = ModelProblem(frame: frame, design: design, rows: split.training)
    #expect(problem.x.storage === design.matrix.storage)
    // X stores the training rows first: the problem's view is their contiguous run, without an index.
    #expect(problem.x.rowIndex == nil && problem.x.firstRow == 0)
    #expect(problem.x.rows == split.training.count && problem.x.columns == design.width)
    for (i, r) in split.training.enumerated() where i % 17 == 0 {
      for j in 0..<design.width { #expect(problem.x[i, j] == design.matrix[r, j]) }
    }
    // The test rows follow them, in frame order; the design's own view lists every frame row's place.
    let test = design.matrix.selecting(rows: split.test)
    #expect(test.rowIndex == nil && test.firstRow == split.training.count && test.rows == split.test.count)
    for (i, r) in split.test.enumerated() where i % 7 == 0 {
      for j in 0..<design.width { #expect(test[i, j] == design.matrix[r, j]) }
    }
    #expect(Set(design.matrix.rowIndex ?? []) == Set(0..<frame.rows.count))
    // A row set that is not a run keeps its index list.
    #expect(design.matrix.selecting(rows: Array(split.training.reversed())).rowIndex != nil)
    // All rows in order: the view is the design's own.
    let all = ModelProblem(frame: frame, design: design, rows: Array(frame.rows.indices))
    #expect(all.x.storage === design.matrix.storage)
    #expect(all.x.rowIndex == design.matrix.rowIndex)
  }

  @Test("cluster regrouping, the GLMM likelihood and the boosting state read the same storage")
  func consumersShareDesign() {
    let (frame, split, design) = Self.setup
    let problem = ModelProblem(frame: frame, design: design, rows: split.training)
    let clustered = ClusteredRows(problem)
    #expect(clustered.x.storage === design.matrix.storage)
    for c in 0..<clustered.clusterCount {
      for k in clustered.rows(of: c) {
        let i = split.training[clustered.order[k]]
        #expect(clustered.x[k, 1] == problem.x[clustered.order[k], 1])
        #expect(frame.clusterCodes[i] == c)
      }
    }
    #expect(RandomInterceptLikelihood(problem: problem, nAGQ: 1).rows.x.storage === design.matrix.storage)
    var state = BoostingState(
      problem: problem, rho: [0.5], delta: [Double](repeating: 0, count: problem.p + problem.q), q: 1,
      options: FairGLMMBoosting.Options())
    #expect(state.problem.x.storage === design.matrix.storage)
    state.loadColumn(2)
    #expect(state.columnWorkspace == (0..<problem.n).map { problem.x[$0, 2] })
  }

  @Test("products over a row view equal those over a copied matrix, bit for bit")
  func viewProductsMatchCopies() {
    let (_, split, design) = Self.setup
    let order = split.training.reversed().map { $0 }
    let view = design.matrix.selecting(rows: order)
    let copy = view.materialized()
    let n = order.count
    let w = (0..<n).map { 0.05 + Double(($0 * 37) % 11) / 13 }
    let beta = (0..<design.width).map { Double($0) / 7 - 0.3 }
    #expect(view.multiply(beta) == copy.multiply(beta))
    #expect(view.transposeMultiply(w) == copy.transposeMultiply(w))
    #expect(view.weightedCrossProduct(w) == copy.weightedCrossProduct(w))
    let vectors = (0..<(3 * n)).map { Double(($0 * 13) % 7) - 3 }
    #expect(view.transposeMultiply(rowMajor: vectors, count: 3) == copy.transposeMultiply(rowMajor: vectors, count: 3))
    let some = Array(stride(from: 0, to: n, by: 3))
    #expect(view.crossProduct(rows: some) == copy.crossProduct(rows: some))
  }

  @Test("keepColumns compacts in place to the selected columns")
  func keepColumnsInPlace() {
    let m = Matrix(rows: 3, columns: 4, storage: (0..<12).map(Double.init))
    var kept = m
    kept.keepColumns([0, 2, 3])
    #expect(kept.columns == 3)
    #expect(kept.storage == [0, 2, 3, 4, 6, 7, 8, 10, 11])
    var none = m
    none.keepColumns([0, 1, 2, 3])
    #expect(none == m)
  }
}
