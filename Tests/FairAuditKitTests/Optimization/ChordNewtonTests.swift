import Foundation
import Testing

@testable import FairAuditKit

/// Chord steps, the fused row pass and the subsample warm start change how the optimum is reached,
/// never where it is: each is compared with the plain exact-Newton fit.
@Suite struct ChordNewtonTests {
  /// n rows: intercept, four normal covariates, a binary z (also a covariate), five clusters with
  /// intercepts, y from a logistic model; x row-major on `threads` threads.
  static func problem(rows n: Int, threads: Int = 2, seed: UInt64 = 5) -> ModelProblem {
    var rng = SplitMix64(seed: seed)
    let p = 6
    var values: [Double] = [], y: [Double] = [], z: [Double] = [], clusters: [Int] = []
    values.reserveCapacity(n * p)
    for _ in 0..<n {
      let row = [1, rng.normal(), rng.normal(), rng.normal(), rng.normal()]
      let zi: Double = rng.uniform() < 0.3 + 0.2 * (row[1] > 0 ? 1 : 0) ? 1 : 0
      let c = rng.integer(below: 5)
      let eta = -0.5 + 0.8 * row[1] - 0.6 * row[2] + 0.3 * row[3] + 0.7 * zi + 0.2 * Double(c - 2)
      values += row + [zi]
      y.append(rng.uniform() < StableMath.logistic(eta) ? 1 : 0)
      z.append(zi)
      clusters.append(c)
    }
    let columns: [DesignColumn] =
      [.intercept] + (1...4).map { .standardized(column: "x\($0)", mean: 0, sd: 1) } + [.dummy(column: "z", level: "1", reference: "0")]
    return ModelProblem(
      columns: columns, x: MatrixRows(SharedMatrix(rows: n, columns: p, values: values, parallel: ParallelWork(threads: threads))), y: y,
      clusters: clusters, clusterName: "c", clusterLevels: (0..<5).map { "c\($0)" }, sensitiveNames: ["z"], z: [z])
  }

  static func exactOnly(_ problem: ModelProblem, clusters: Bool, start: [Double]) throws -> NewtonRaphson.Result {
    var options = NewtonRaphson.Options()
    options.chord.tolerance = 0
    let objective = PenalizedLogisticObjective(problem: problem, randomIntercepts: clusters)
    return try NewtonRaphson(options: options).minimize(objective, from: start)
  }

  @Test("chord steps reach the exact-Newton optimum; the returned model is the exact Hessian there", arguments: [false, true])
  func chordMatchesExact(clusters: Bool) throws {
    let problem = Self.problem(rows: 20_000)
    let objective = PenalizedLogisticObjective(problem: problem, randomIntercepts: clusters)
    let zero = [Double](repeating: 0, count: objective.dimension)
    let chord = try NewtonRaphson().minimize(objective, from: zero)
    let exact = try Self.exactOnly(problem, clusters: clusters, start: zero)
    #expect(chord.summary.termination == .converged && chord.model.isExact)
    // Both stop by the same rule (exact decrement <= 1e-16 (1 + |f|)), which bounds how far each
    // is from the optimum: the values agree to rounding, the coefficients to the rule's 1e-8 scale.
    let model = try objective.quadraticModel(at: chord.theta)
    #expect(Vector.dot(model.gradient, model.solve(model.gradient)) / 2 <= 1e-16 * (1 + abs(model.value)))
    #expect(abs(chord.model.value - exact.model.value) <= 1e-13 * abs(exact.model.value))
    for (a, b) in zip(chord.theta, exact.theta) { #expect(abs(a - b) <= 1e-6 * max(1, abs(b))) }
    let reference = try objective.quadraticModel(at: chord.theta)
    #expect(chord.model.inverseDiagonal() == reference.inverseDiagonal())
  }

  @Test("Fair LR with chord steps satisfies the KKT conditions like the exact run and returns an exact model")
  func constrainedChord() throws {
    let problem = Self.problem(rows: 20_000)
    let lr = try PenalizedLogisticFit.fit(problem, kind: .logisticRegression)
    let g = abs(Vector.dot(problem.covarianceDirection(0, includeClusters: false), lr.parameters)) / Double(problem.n)
    let (fair, residuals) = try ConstrainedLogisticFit.fit(problem, kind: .fairLogisticRegression, bounds: [g / 4], unconstrained: lr)
    #expect(residuals.maximum < 1e-8)
    #expect(abs(abs(fair.constraints[0].covariance) - g / 4) <= 1e-12)
    #expect(fair.constraints[0].shadowPrice > 0)
  }

  @Test("the fused pass equals the separate products and is the same bits for 1, 2 and 3 threads")
  func fusedPass() {
    let runs = [1, 2, 3].map { threads -> (MatrixRows.PredictorPass, Double, Matrix, [Double]) in
      let x = Self.problem(rows: 3 * ParallelWork.blockRows + 17, threads: threads).x
      let beta = [0.1, -0.4, 0.25, 0.5, -0.125, 0.3]
      let pass = x.predictorPass(beta) { i, count, xb in
        let offsets = SIMD4<Double>((0..<4).map { Double((i + $0) % 3) })
        return MatrixRows.RowTerms(sum: xb * xb, residual: xb - offsets, weight: 1 + xb * xb)
      }
      let sum = x.predictorSum(beta) { _, _, xb in xb * xb }
      let clusters = (0..<x.rows).map { $0 % 5 }
      let (b, d) = x.clusterProducts(weights: pass.weights, clusters: clusters, count: 5)
      return (pass, sum, b, d)
    }
    for run in runs.dropFirst() {
      #expect(run.0.transposeProduct.map(\.bitPattern) == runs[0].0.transposeProduct.map(\.bitPattern))
      #expect(run.0.sum.bitPattern == runs[0].0.sum.bitPattern && run.1.bitPattern == runs[0].1.bitPattern)
      #expect(run.2.storage.map(\.bitPattern) == runs[0].2.storage.map(\.bitPattern) && run.3 == runs[0].3)
    }
    let x = Self.problem(rows: 3 * ParallelWork.blockRows + 17).x
    let beta = [0.1, -0.4, 0.25, 0.5, -0.125, 0.3]
    let eta = x.multiply(beta)
    let r = eta.indices.map { eta[$0] - Double($0 % 3) }
    let dense = x.transposeMultiply(r)
    for (a, b) in zip(runs[1].0.transposeProduct, dense) { #expect(abs(a - b) <= 1e-10 * max(1, abs(b))) }
    #expect(abs(runs[1].1 - eta.reduce(0) { $0 + $1 * $1 }) <= 1e-10 * runs[1].1)
  }

  @Test("on 200,000 rows the subsample warm start leads to the optimum from 0, for LR, CRLR and Fair CRLR")
  func subsampleStart() throws {
    let problem = Self.problem(rows: SubsampleStart.minimumRows)
    #expect(SubsampleStart.subproblem(problem) != nil)
    #expect(SubsampleStart.subproblem(Self.problem(rows: SubsampleStart.minimumRows - 1)) == nil)
    for kind in [ModelKind.logisticRegression, .clusterRegularizedLR] {
      let warm = try PenalizedLogisticFit.fit(problem, kind: kind)
      let cold = try PenalizedLogisticFit.fit(problem, kind: kind, start: [Double](repeating: 0, count: warm.parameters.count))
      for (a, b) in zip(warm.parameters, cold.parameters) { #expect(abs(a - b) <= 1e-9 * max(1, abs(b))) }
      #expect(abs(warm.logLikelihood - cold.logLikelihood) <= 1e-9 * abs(cold.logLikelihood))
    }
    let crlr = try PenalizedLogisticFit.fit(problem, kind: .clusterRegularizedLR)
    let g = abs(Vector.dot(problem.covarianceDirection(0, includeClusters: true), crlr.parameters)) / Double(problem.n)
    let warm = try ConstrainedLogisticFit.fit(problem, kind: .fairClusterRegularizedLR, bounds: [g / 3], unconstrained: crlr).0
    let cold = try ConstrainedLogisticFit.fit(
      problem, kind: .fairClusterRegularizedLR, bounds: [g / 3], unconstrained: crlr, start: crlr.parameters
    ).0
    for (a, b) in zip(warm.parameters, cold.parameters) { #expect(abs(a - b) <= 1e-9 * max(1, abs(b))) }
    #expect(TestSupport.close(warm.constraints[0].shadowPrice, cold.constraints[0].shadowPrice, relative: 1e-7))
  }
}
