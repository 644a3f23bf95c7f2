import Foundation
import Testing

@testable import FairAuditKit

@Suite struct LogisticGLMMTests {
  static func generatedProblem() throws -> (ModelProblem, FittedModel) {
    let table = DataTable(csv: try CSVReader().read(path: TestSupport.fixtureURL("glmm_generated.csv").path), path: "glmm_generated.csv")
    let frame = try ModelFrame(table: table, roles: ModelRoles(cluster: "cluster"))
    let rows = Array(frame.rows.indices)
    let problem = ModelProblem(frame: frame, design: try DesignMatrix(frame: frame, trainingRows: rows), rows: rows)
    return (problem, try PenalizedLogisticFit.fit(problem, kind: .logisticRegression))
  }

  static func bankProblem() throws -> (ModelProblem, FittedModel) {
    let table = TestSupport.bankFullAllRows.table
    var roles = TestSupport.bankFullAllRows.configuration.roles
    roles.cluster = "job"
    let frame = try ModelFrame(table: table, roles: roles)
    let rows = Array(frame.rows.indices)
    let problem = ModelProblem(frame: frame, design: try DesignMatrix(frame: frame, trainingRows: rows), rows: rows)
    return (problem, try PenalizedLogisticFit.fit(problem, kind: .logisticRegression))
  }

  /// lme4 glmer (bobyqa, tight tolerances) on Fixtures/glmm_generated.csv and on bank-full with (1 | job)
  /// (Benchmarks/reference/glmm_lme4.R).
  @Test(
    "Laplace and nAGQ = 7 agree with lme4 glmer",
    arguments: [
      (1, "generated_glmer_laplace.json"), (7, "generated_glmer_agq7.json"),
      (1, "bank_full_glmer_laplace.json"), (7, "bank_full_glmer_agq7.json"),
    ])
  func matchesLme4(nAGQ: Int, fixture: String) throws {
    let reference = try TestSupport.fixture(fixture)
    let (problem, lr) = try fixture.hasPrefix("bank") ? Self.bankProblem() : Self.generatedProblem()
    var options = LogisticGLMMFit.Options()
    options.nAGQ = nAGQ
    let model = try LogisticGLMMFit.fit(problem, start: lr.beta, options: options)
    // Acceptance bounds: log-likelihood 1e-4 absolute, fixed effects and sigma 1e-3 relative.
    #expect(TestSupport.close(model.logLikelihood, reference["loglik"] as! Double, absolute: 1e-4))
    #expect(TestSupport.close(model.randomIntercepts!.sigma!, reference["sigma"] as! Double, relative: 1e-3))
    let fixed = reference["fixed_effects"] as! [[String: Any]]
    #expect(model.coefficients.map(\.name) == fixed.map { $0["name"] as! String })
    for (c, r) in zip(model.coefficients, fixed) {
      #expect(TestSupport.close(c.estimate, r["estimate"] as! Double, relative: 1e-3), "\(c.name)")
      // lme4's SEs come from its own finite-difference Hessian; 1e-2 relative allows for that.
      #expect(TestSupport.close(c.standardError, r["se"] as! Double, relative: 1e-2), "\(c.name) se")
    }
    let modes = reference["conditional_modes"] as! [String: Double]
    for (level, b) in zip(model.randomIntercepts!.levels, model.randomIntercepts!.modes) {
      #expect(TestSupport.close(b, modes[level]!, relative: 1e-2, absolute: 1e-3), "b[\(level)]")
    }
  }
}

@Suite struct LogisticGLMMPropertyTests {
  /// Small random-intercept data set drawn with the project's generator.
  static func simulated(seed: UInt64, clusters: Int, sigma: Double, perCluster: ClosedRange<Int> = 5...30) -> ModelProblem {
    var rng = SplitMix64(seed: seed)
    var xs: [Double] = [], ys: [Double] = [], codes: [Int] = []
    for c in 0..<clusters {
      let b = sigma * rng.normal()
      let size = perCluster.lowerBound + rng.integer(below: perCluster.count)
      for _ in 0..<size {
        let x = rng.normal()
        xs += [1, x]
        ys.append(rng.uniform() < StableMath.logistic(-0.3 + 0.8 * x + b) ? 1 : 0)
        codes.append(c)
      }
    }
    return ModelProblem(
      columns: [.intercept, .standardized(column: "x", mean: 0, sd: 1)],
      x: Matrix(rows: ys.count, columns: 2, storage: xs), y: ys, clusters: codes, clusterName: "g",
      clusterLevels: (0..<clusters).map { "g\($0)" })
  }

  static func fit(_ problem: ModelProblem, nAGQ: Int = 1) throws -> FittedModel {
    var options = LogisticGLMMFit.Options()
    options.nAGQ = nAGQ
    let lr = try PenalizedLogisticFit.fit(problem, kind: .logisticRegression)
    return try LogisticGLMMFit.fit(problem, start: lr.beta, options: options)
  }

  @Test("the analytic gradient matches central differences of the log-likelihood", arguments: [1, 5])
  func gradient(nAGQ: Int) {
    let problem = Self.simulated(seed: 11, clusters: 12, sigma: 1.2)
    let likelihood = RandomInterceptLikelihood(problem: problem, nAGQ: nAGQ)
    let theta = [-0.1, 0.6, log(0.9)]
    let g = likelihood.evaluate(beta: [theta[0], theta[1]], tau: theta[2], modes: [], information: false).gradient
    for k in 0..<3 {
      var up = theta, down = theta
      up[k] += 1e-6
      down[k] -= 1e-6
      let fu = likelihood.evaluate(beta: [up[0], up[1]], tau: up[2], modes: [], information: false).logLikelihood
      let fd = likelihood.evaluate(beta: [down[0], down[1]], tau: down[2], modes: [], information: false).logLikelihood
      // Central differences of a sum of ~200 terms carry ~1e-8 rounding error.
      #expect(TestSupport.close(g[k], (fu - fd) / 2e-6, relative: 1e-6, absolute: 1e-6), "component \(k)")
    }
  }

  @Test("row order and cluster labels do not change the fit")
  func invariance() throws {
    let problem = Self.simulated(seed: 5, clusters: 15, sigma: 1)
    let base = try Self.fit(problem)
    var order = Array(0..<problem.n)
    var rng = SplitMix64(seed: 99)
    rng.shuffle(&order)
    let relabel = (0..<problem.q).map { problem.q - 1 - $0 }
    var x = Matrix(rows: problem.n, columns: 2)
    for (k, i) in order.enumerated() { x[k, 0] = 1; x[k, 1] = problem.x[i, 1] }
    let shuffled = ModelProblem(
      columns: problem.columns, x: x, y: order.map { problem.y[$0] },
      clusters: order.map { relabel[problem.clusters[$0]] }, clusterName: "g",
      clusterLevels: problem.clusterLevels.reversed())
    let other = try Self.fit(shuffled)
    #expect(TestSupport.close(other.logLikelihood, base.logLikelihood, absolute: 1e-8))
    for (a, b) in zip(other.beta, base.beta) { #expect(TestSupport.close(a, b, absolute: 1e-6)) }
    for level in problem.clusterLevels {
      let a = other.randomIntercepts!.modes[other.randomIntercepts!.levels.firstIndex(of: level)!]
      let b = base.randomIntercepts!.modes[base.randomIntercepts!.levels.firstIndex(of: level)!]
      #expect(TestSupport.close(a, b, absolute: 1e-6))
    }
  }

  @Test("data without cluster effect give a singular-fit notice and the LR answer")
  func singularFit() throws {
    // sigma = 0 in the generator and many small clusters: the ML variance estimate is 0.
    let problem = Self.simulated(seed: 3, clusters: 40, sigma: 0, perCluster: 3...6)
    let glmm = try Self.fit(problem)
    let lr = try PenalizedLogisticFit.fit(problem, kind: .logisticRegression)
    let variance = try #require(glmm.randomIntercepts?.variance)
    if glmm.summary.termination == .singular {
      #expect(variance == 0)
      #expect(glmm.summary.notes.contains { $0.contains("Singular fit") })
      #expect(glmm.logLikelihood == lr.logLikelihood)
    } else {
      // The estimate may be tiny but positive; the likelihood gain over LR must then be tiny too.
      #expect(variance < 0.05)
      #expect(glmm.logLikelihood - lr.logLikelihood < 0.5)
    }
  }

  @Test("identical clusters (no between-cluster variation) give exactly the LR fit and a singular notice")
  func identicalClusters() throws {
    var xs: [Double] = [], ys: [Double] = [], codes: [Int] = []
    let pattern: [(Double, Double)] = [(-1, 0), (-0.5, 1), (0, 0), (0.5, 1), (1, 1), (1.5, 0)]
    for c in 0..<20 { for (x, y) in pattern { xs += [1, x]; ys.append(y); codes.append(c) } }
    let problem = ModelProblem(
      columns: [.intercept, .standardized(column: "x", mean: 0, sd: 1)],
      x: Matrix(rows: ys.count, columns: 2, storage: xs), y: ys, clusters: codes, clusterName: "g",
      clusterLevels: (0..<20).map { "g\($0)" })
    let glmm = try Self.fit(problem)
    let lr = try PenalizedLogisticFit.fit(problem, kind: .logisticRegression)
    #expect(glmm.summary.termination == .converged)  // a boundary fit is a converged fit, with a notice
    #expect(glmm.randomIntercepts?.variance == 0)
    #expect(glmm.summary.notes.contains { $0.contains("Singular fit") })
    #expect(glmm.beta == lr.beta)
  }

  @Test("a single-row cluster and an all-positive cluster are handled")
  func edgeClusters() throws {
    let base = Self.simulated(seed: 8, clusters: 10, sigma: 1)
    var xs = base.x.materialized().storage, ys = base.y, codes = base.clusters
    xs += [1, 0.3]; ys.append(1); codes.append(10)  // single row
    for v in [0.1, -0.2, 0.5, 1.0] { xs += [1, v]; ys.append(1); codes.append(11) }  // all positive
    let problem = ModelProblem(
      columns: base.columns, x: Matrix(rows: ys.count, columns: 2, storage: xs), y: ys,
      clusters: codes, clusterName: "g", clusterLevels: (0..<12).map { "g\($0)" })
    let model = try Self.fit(problem)
    let r = try #require(model.randomIntercepts)
    #expect(model.summary.didConverge || model.summary.termination == .singular)
    #expect(r.modes.allSatisfy { $0.isFinite })
    #expect(r.modes[11] > 0)  // shrunk towards 0 but positive: all outcomes were 1
    #expect(r.conditionalSD[10] > r.conditionalSD[0])  // one row carries little information
  }
}
