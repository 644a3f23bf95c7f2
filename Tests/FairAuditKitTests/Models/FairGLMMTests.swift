import Foundation
import Testing

@testable import FairAuditKit

@Suite struct FairGLMMTests {
  /// The simulated unfair-with-strata sample (Fixtures/sim_unfair_strata.csv) and its Fair CRLR start.
  static let sim: (ModelProblem, [Double]) = {
    let problem = FairModelPropertyTests.sim
    let (fair, _) = try! FairModelPropertyTests.fair(problem, kind: .fairClusterRegularizedLR, c: 0.1)
    return (problem, fair.beta + fair.randomIntercepts!.modes)
  }()

  static func fit(rho: Double, options: FairGLMMBoosting.Options = FairGLMMBoosting.Options()) throws -> FittedModel {
    try FairGLMMBoosting.fit(sim.0, rho: [rho], start: sim.1, options: options)
  }

  @Test("boosting stops by its tolerance with finite estimates, a positive variance and an honest status")
  func converges() throws {
    let model = try Self.fit(rho: 0.8)
    let reason = try #require(model.summary.stopReason)
    #expect([.varianceTolerance, .coefficientTolerance].contains(reason))
    // The minimal-BIC iterate is reported; it counts as converged only when it is stationary.
    #expect(model.summary.termination == .converged || model.summary.termination == .earlyStopped)
    #expect(model.summary.notes[0].contains(model.summary.didConverge ? "is stationary" : "not a stationary point"))
    #expect(model.beta.allSatisfy { $0.isFinite })
    let variance = try #require(model.randomIntercepts?.variance)
    #expect(variance > 0.1)  // the population has sigma_b = 3
    #expect(model.summary.notes.contains { $0.contains("Hutchinson") })
    #expect(model.logLikelihood.isFinite)
  }

  @Test(
    "a stronger penalty gives a smaller boundary covariance (within the boosting's 5% stopping slack), and a large one removes most of it")
  func penaltyReducesCovariance() throws {
    let covariances = try [0.0, 0.01, 0.1, 0.8, 5].map { abs(try Self.fit(rho: $0).constraints[0].covariance) }
    for k in 1..<covariances.count {
      #expect(covariances[k] <= covariances[k - 1] * 1.05, "\(covariances)")
    }
    #expect(covariances[covariances.count - 1] < 0.5 * covariances[0], "\(covariances)")
  }

  @Test("same seed, same fit: boosting is deterministic")
  func deterministic() throws {
    let a = try Self.fit(rho: 0.8), b = try Self.fit(rho: 0.8)
    #expect(a.beta == b.beta)
    #expect(a.randomIntercepts?.modes == b.randomIntercepts?.modes)
  }

  @Test("a sweep point is the same fit without standard errors and Laplace pass, with probes shared along a path")
  func sweepPointSameFit() throws {
    var options = FairGLMMBoosting.Options()
    options.sweepPoint = true
    let full = try Self.fit(rho: 0.8)
    let shared = options.probes(for: Self.sim.0)
    for probes in [nil, shared] {
      let point = try FairGLMMBoosting.fit(Self.sim.0, rho: [0.8], start: Self.sim.1, options: options, probes: probes)
      #expect(point.parameters == full.parameters)
      #expect(point.randomIntercepts?.variance == full.randomIntercepts?.variance)
      #expect(point.summary.termination == full.summary.termination)
      #expect(point.summary.gradientNorm == full.summary.gradientNorm)
      #expect(point.constraints.map(\.covariance) == full.constraints.map(\.covariance))
      #expect(point.coefficients.allSatisfy { $0.standardError.isNaN } && point.logLikelihood.isNaN)
    }
    #expect(full.coefficients.allSatisfy { $0.standardError > 0 } && full.logLikelihood.isFinite)
  }

  @Test("the one-pass information (X'WX, X'WZ, the step sums) has the bits of the separate products")
  func informationPass() throws {
    let (problem, start) = Self.sim
    var state = BoostingState(problem: problem, rho: [0.8], delta: start, q: 3, options: FairGLMMBoosting.Options())
    state.refresh()
    let information = BoostingState.Information(state: state)
    #expect(problem.x.clusterProductsInBlocks(clusters: problem.q))
    var a = problem.x.weightedCrossProduct(state.w)
    for j in 1..<problem.p { a[j, j] += problem.fixedEffectRidge }
    let (b, d) = problem.clusterBlocks(weights: state.w, ridge: 0)
    #expect(information.a.storage == a.storage && information.b.storage == b.storage && information.clusterWeight == d)
    // The step sums against a plain loop over the rows.
    let s = information.sums
    let close = { (x: Double, y: Double) in abs(x - y) <= 1e-12 * max(1, abs(y)) }
    var weightX = [Double](repeating: 0, count: problem.p), residualX = weightX, weightXX = weightX
    var clusterResidual = [Double](repeating: 0, count: problem.q)
    for i in 0..<problem.n {
      for j in 0..<problem.p {
        weightX[j] += state.w[i] * problem.x[i, j]
        weightXX[j] += state.w[i] * problem.x[i, j] * problem.x[i, j]
        residualX[j] += state.residual[i] * problem.x[i, j]
      }
      clusterResidual[problem.clusters[i]] += state.residual[i]
    }
    #expect(zip(s.weightX, weightX).allSatisfy(close) && zip(s.weightXX, weightXX).allSatisfy(close))
    #expect(zip(s.residualX, residualX).allSatisfy(close) && zip(s.clusterResidual, clusterResidual).allSatisfy(close))
    #expect(s.clusterWeight == d && close(s.weight, d.reduce(0, +)) && close(s.residual, clusterResidual.reduce(0, +)))
    for c in 0..<problem.q { for j in 0..<problem.p { #expect(s.clusterWeightX[c * problem.p + j] == b[j, c]) } }
  }

  @Test("the Hutchinson degrees of freedom agree with the exact trace (unit-vector probes)")
  func traceEstimator() throws {
    var exact = FairGLMMBoosting.Options()
    exact.maxSteps = 5
    exact.tolerance = 0
    // sqrt(N) e_i: then the mean of v'Av over the N probes is exactly tr(A).
    let n = Self.sim.0.n, scale = Double(n).squareRoot()
    exact.probeVectors = (0..<n).map { i in (0..<n).map { $0 == i ? scale : 0.0 } }
    var estimated = exact
    estimated.probeVectors = nil
    estimated.traceProbes = 400
    var a = BoostingState(problem: Self.sim.0, rho: [0.8], delta: Self.sim.1, q: 3, options: exact)
    var b = BoostingState(problem: Self.sim.0, rho: [0.8], delta: Self.sim.1, q: 3, options: estimated)
    try a.initialise(probes: exact.probes(for: Self.sim.0))
    try b.initialise(probes: estimated.probes(for: Self.sim.0))
    #expect(abs(a.df - b.df) < 1e-9)  // df_0 = tr(M_0) is exact in both
    for _ in 0..<5 {
      _ = try a.step()
      _ = try b.step()
    }
    // 400 Rademacher probes: relative standard error of a few percent on traces of this size.
    #expect(abs(a.df - b.df) / a.df < 0.05, "exact \(a.df), estimated \(b.df)")
  }

  @Test("tr(M) from the small system equals the trace of the dense hat matrix")
  func smallSystemTrace() throws {
    var state = BoostingState(problem: Self.sim.0, rho: [0.8], delta: Self.sim.1, q: 2, options: FairGLMMBoosting.Options())
    state.refresh()
    let r = 2
    let system = try state.candidateSystem(column: r, sums: state.stepSums())
    state.loadColumn(r)
    // Dense check (test only, N ~ 400): tr(M) = sum_i e_i' M e_i.
    var dense = 0.0
    for i in 0..<state.problem.n {
      var e = [Double](repeating: 0, count: state.problem.n)
      e[i] = 1
      dense += state.applyHat(system, column: r, to: e)[i]
    }
    #expect(abs(try state.traceOfHat(system) - dense) < 1e-8 * dense)
  }
}
