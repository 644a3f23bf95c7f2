import Foundation
import Testing

@testable import FairAuditKit

/// A bank-like synthetic problem: intercept, `covariates` standard-normal columns (the first five
/// shifted with the sensitive feature), the binary sensitive feature itself as a covariate, and
/// `strata` random-intercept levels whose share of the protected group differs.
enum BankLikeProblem {
  static func make(rows n: Int, strata: Int = 100, covariates: Int = 20, seed: UInt64 = 7) -> ModelProblem {
    var rng = SplitMix64(seed: seed)
    let effects = (0..<strata).map { _ in 0.6 * rng.normal() }
    let beta = (0..<covariates).map { _ in 0.5 * rng.normal() }
    let p = covariates + 2
    var x = Matrix(rows: n, columns: p)
    var y = [Double](repeating: 0, count: n), z = y
    var clusters = [Int](repeating: 0, count: n)
    for i in 0..<n {
      let s = i < strata ? i : rng.integer(below: strata)
      let zi: Double = rng.uniform() < (s % 2 == 0 ? 0.3 : 0.7) ? 1 : 0
      x[i, 0] = 1
      var eta = -2 + effects[s] + 0.8 * zi
      for j in 0..<covariates {
        let v = rng.normal() + (j < 5 ? 0.8 * zi : 0)
        x[i, 1 + j] = v
        eta += beta[j] * v
      }
      x[i, p - 1] = zi
      y[i] = rng.uniform() < StableMath.logistic(eta) ? 1 : 0
      z[i] = zi
      clusters[i] = s
    }
    let columns: [DesignColumn] =
      [.intercept] + (0..<covariates).map { .standardized(column: "x\($0)", mean: 0, sd: 1) }
      + [.dummy(column: "housing", level: "yes", reference: "no")]
    return ModelProblem(
      columns: columns, x: x, y: y, clusters: clusters, clusterName: "stratum",
      clusterLevels: (0..<strata).map { "s\($0)" }, sensitiveNames: ["housing"], z: [z])
  }
}

@Suite struct FairGLMMSafeguardTests {
  /// 3,000 rows, 100 strata, 20 covariates, started from the unconstrained CRLR fit (covariance far
  /// from 0) with the old absolute default rho = 0.8: the penalty (0.4 (N g)^2, about 1e5) dwarfs the
  /// log-likelihood (about 1e3), the regime in which unguarded full Newton steps ran away.
  static let bank: (ModelProblem, [Double]) = {
    let problem = BankLikeProblem.make(rows: 3000)
    let crlr = try! PenalizedLogisticFit.fit(problem, kind: .clusterRegularizedLR)
    return (problem, crlr.parameters)
  }()

  @Test("no accepted boosting step increases f, no variance update increases Phi, and the fit stays sane")
  func objectiveNeverIncreases() throws {
    let (problem, start) = Self.bank
    var options = FairGLMMBoosting.Options()
    options.tolerance = 0
    options.traceProbes = 4
    var state = BoostingState(problem: problem, rho: [0.8], delta: start, q: options.initialVariance, options: options)
    try state.initialise(probes: options.probes(for: problem))
    let startObjective = state.objective
    for step in 0..<12 {
      let outcome = try state.step()
      if !outcome.accepted { break }
      #expect(outcome.objectiveAfter <= outcome.objectiveBefore, "step \(step): f \(outcome.objectiveBefore) -> \(outcome.objectiveAfter)")
      #expect(
        outcome.varianceObjectiveAfter <= outcome.varianceObjectiveBefore,
        "step \(step): Phi \(outcome.varianceObjectiveBefore) -> \(outcome.varianceObjectiveAfter)")
      #expect(state.q.isFinite && state.q < 10, "step \(step): Q = \(state.q)")
    }
    #expect(state.objective < startObjective)
    // The fit stays a sensible classifier: its log-likelihood is far above that of eta = +-20.
    let loglik = -state.currentLoss
    #expect(loglik > -Double(problem.n) * Foundation.log(2) * 1.5, "log-likelihood \(loglik)")
  }

  @Test("the whole fit with the old absolute rho finishes with finite estimates and a bounded variance")
  func wholeFit() throws {
    let (problem, start) = Self.bank
    var options = FairGLMMBoosting.Options()
    options.traceProbes = 4
    options.maxSteps = 30
    let model = try FairGLMMBoosting.fit(problem, rho: [0.8], start: start, options: options)
    #expect(model.beta.allSatisfy { $0.isFinite })
    let variance = try #require(model.randomIntercepts?.variance)
    #expect(variance > 0 && variance < 10)
    #expect(model.summary.stopReason != nil)
    #expect(model.summary.gradientNorm.isFinite)
  }

  @Test("a run ended by the step limit reports maxIterations and the step-limit reason, never converged")
  func stepLimit() throws {
    var options = FairGLMMBoosting.Options()
    options.maxSteps = 2
    options.tolerance = 0
    let model = try FairGLMMTests.fit(rho: 0.8, options: options)
    #expect(model.summary.termination == .maxIterations)
    #expect(model.summary.stopReason == .stepLimit)
    #expect(!model.summary.didConverge)
    #expect(model.summary.notes[0].contains("step limit (2)"))
  }

  @Test("with a fixed-effect ridge the score is minus the gradient of f (central differences)")
  func ridgeGradient() throws {
    var problem = FairGLMMTests.sim.0
    problem.fixedEffectRidge = 2.5
    var state = BoostingState(problem: problem, rho: [0.8], delta: FairGLMMTests.sim.1, q: 1.7, options: FairGLMMBoosting.Options())
    state.refresh()
    let score = state.penalisedScore()
    func f(_ delta: [Double]) -> Double {
      var s = state
      s.delta = delta
      s.refresh()
      return s.penalisedObjective(loss: s.currentLoss, delta: delta)
    }
    for j in [0, 1, 3, problem.p, problem.p + 5] {
      var plus = state.delta, minus = state.delta
      let h = 1e-5
      plus[j] += h
      minus[j] -= h
      let numeric = (f(plus) - f(minus)) / (2 * h)
      #expect(abs(numeric + score[j]) <= 1e-5 * max(1, abs(score[j])), "entry \(j): \(numeric) vs \(-score[j])")
    }
    // The ridge enters the hat-matrix trace: tr(M_r) still equals the dense trace.
    let r = 2
    let system = try state.candidateSystem(column: r, sums: state.stepSums())
    state.loadColumn(r)
    var dense = 0.0
    for i in 0..<problem.n {
      var e = [Double](repeating: 0, count: problem.n)
      e[i] = 1
      dense += state.applyHat(system, column: r, to: e)[i]
    }
    #expect(abs(try state.traceOfHat(system) - dense) < 1e-8 * dense)
  }
}

@Suite struct BlockArrowInverseTests {
  /// A random arrow matrix with p = 4, q = 40 and two low-rank penalty terms.
  static func random(seed: UInt64, lowRank: Int) throws -> (BlockArrowSolver, Matrix) {
    var rng = SplitMix64(seed: seed)
    let p = 4, q = 40
    var g = Matrix(rows: p, columns: p)
    for i in 0..<p { for j in 0..<p { g[i, j] = rng.normal() } }
    var a = Matrix(rows: p, columns: p)
    for i in 0..<p { for j in 0..<p { for k in 0..<p { a[i, j] += g[i, k] * g[j, k] } } }
    var b = Matrix(rows: p, columns: q)
    for i in 0..<p { for k in 0..<q { b[i, k] = 0.3 * rng.normal() } }
    let d = (0..<q).map { _ in 1 + 3 * rng.uniform() }
    for i in 0..<p { a[i, i] += Double(q) }  // keep S = A - B D^-1 B' well away from singular
    let u = (0..<lowRank).map { _ in (0..<(p + q)).map { _ in rng.normal() } }
    let weights = (0..<lowRank).map { _ in 0.5 + rng.uniform() }
    // The dense matrix, for the reference computations only.
    var h = Matrix(rows: p + q, columns: p + q)
    for i in 0..<p { for j in 0..<p { h[i, j] = a[i, j] } }
    for i in 0..<p { for k in 0..<q { h[i, p + k] = b[i, k]; h[p + k, i] = b[i, k] } }
    for k in 0..<q { h[p + k, p + k] = d[k] }
    for (t, v) in u.enumerated() {
      for i in 0..<(p + q) { for j in 0..<(p + q) { h[i, j] += weights[t] * v[i] * v[j] } }
    }
    return (try BlockArrowSolver(a: a, b: b, d: d, lowRank: u, weights: weights), h)
  }

  @Test("the closed-form diagonal of H^-1 matches explicit solves and the dense inverse", arguments: [0, 2])
  func inverseDiagonal(lowRank: Int) throws {
    let (solver, dense) = try Self.random(seed: 11 + UInt64(lowRank), lowRank: lowRank)
    let n = dense.rows
    let closed = solver.inverseDiagonal()
    let inverse = try Cholesky(dense).inverse()
    for j in 0..<n {
      var e = [Double](repeating: 0, count: n)
      e[j] = 1
      let solved = solver.solve(e)[j]
      // Tolerance from the values: a few hundred ulps of the entry (condition of H is below 1e3).
      let tolerance = 1e-10 * abs(solved)
      #expect(abs(closed[j] - solved) <= tolerance, "entry \(j): \(closed[j]) vs \(solved)")
      #expect(abs(closed[j] - inverse[j, j]) <= tolerance, "entry \(j): \(closed[j]) vs dense \(inverse[j, j])")
    }
    let part = solver.inverseDiagonal(4..<9)
    #expect(part == Array(closed[4..<9]))
  }

  @Test("logDeterminant matches the dense Cholesky factor", arguments: [0, 2])
  func logDeterminant(lowRank: Int) throws {
    let (solver, dense) = try Self.random(seed: 5 + UInt64(lowRank), lowRank: lowRank)
    let l = try Cholesky(dense).factor
    let reference = (0..<dense.rows).reduce(0.0) { $0 + 2 * Foundation.log(l[$1, $1]) }
    #expect(abs(solver.logDeterminant - reference) <= 1e-10 * abs(reference))
  }
}
