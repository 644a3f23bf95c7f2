import Foundation
import Testing

@testable import FairAuditKit

/// Problems and fits shared by the constrained-GLMM tests.
enum ConstrainedGLMMSupport {
  /// bank-full with (1 | job), sensitive housing and loan, all rows.
  static let bank: (problem: ModelProblem, glmm: FittedModel) = {
    let (problem, lr) = try! LogisticGLMMTests.bankProblem()
    return (problem, try! LogisticGLMMFit.fit(problem, start: lr.beta))
  }()

  /// The simulated unfair-strata sample (Fixtures/sim_unfair_strata.csv): Sex sensitive, (1 | ClusterID).
  static let sim: (problem: ModelProblem, glmm: FittedModel) = {
    let path = TestSupport.fixtureURL("sim_unfair_strata.csv").path
    let table = DataTable(csv: try! CSVReader().read(path: path), path: path)
    let frame = try! ModelFrame(
      table: table, roles: ModelRoles(target: "target", sensitive: [try! SensitiveFeatureSpec(parsing: "Sex")], cluster: "ClusterID"))
    let rows = Array(frame.rows.indices)
    let problem = ModelProblem(frame: frame, design: try! DesignMatrix(frame: frame, trainingRows: rows), rows: rows)
    let lr = try! PenalizedLogisticFit.fit(problem, kind: .logisticRegression)
    return (problem, try! LogisticGLMMFit.fit(problem, start: lr.beta))
  }()

  static func fit(_ data: (problem: ModelProblem, glmm: FittedModel), bounds: [Double], nAGQ: Int = 1) throws -> FittedModel {
    var options = ConstrainedGLMMFit.Options()
    options.nAGQ = nAGQ
    return try ConstrainedGLMMFit.fit(data.problem, bounds: bounds, start: data.glmm, options: options)
  }
}

/// Acceptance checks of the constrained GLMM (issue 11): the unconstrained limit, KKT residuals,
/// multipliers as derivatives of the optimal marginal log-likelihood, and agreement with an
/// independent scipy solution (Benchmarks/reference/constrained_glmm_scipy.py).
@Suite struct ConstrainedGLMMTests {
  @Test("a bound above the unconstrained covariances gives the unconstrained GLMM to 1e-8 in log-likelihood")
  func largeBound() throws {
    for data in [ConstrainedGLMMSupport.sim, ConstrainedGLMMSupport.bank] {
      let m = try ConstrainedGLMMSupport.fit(data, bounds: [Double](repeating: 10, count: data.problem.sensitiveNames.count))
      #expect(abs(m.logLikelihood - data.glmm.logLikelihood) <= 1e-8)
      #expect(m.constraints.allSatisfy { $0.shadowPrice == 0 && !$0.isActive })
      #expect(m.summary.kktResiduals!.maximum < 1e-6)
      for (a, b) in zip(m.coefficients, data.glmm.coefficients) { #expect(TestSupport.close(a.estimate, b.estimate, absolute: 1e-5)) }
    }
  }

  @Test("with c large the constrained GLMM matches glmer (bank-full, Laplace)")
  func largeBoundMatchesGlmer() throws {
    let reference = try TestSupport.fixture("bank_full_glmer_laplace.json")
    let m = try ConstrainedGLMMSupport.fit(ConstrainedGLMMSupport.bank, bounds: [10, 10])
    #expect(TestSupport.close(m.logLikelihood, reference["loglik"] as! Double, absolute: 1e-4))
    #expect(TestSupport.close(m.randomIntercepts!.sigma!, reference["sigma"] as! Double, relative: 1e-3))
  }

  @Test("KKT residuals below 1e-6 with active constraints, and c = 0 holds g at 0")
  func kkt() throws {
    for (data, c) in [(ConstrainedGLMMSupport.sim, 0.02), (ConstrainedGLMMSupport.bank, 0.05), (ConstrainedGLMMSupport.sim, 0)] {
      let m = try ConstrainedGLMMSupport.fit(data, bounds: [Double](repeating: c, count: data.problem.sensitiveNames.count))
      let r = m.summary.kktResiduals!
      #expect(r.maximum < 1e-6, "\(r)")
      #expect(m.summary.termination == .converged)
      #expect(m.constraints.allSatisfy { $0.isActive && abs(abs($0.covariance) - c) <= 1e-9 })
    }
  }

  /// lambda_k = -dF*/dc_k, F* = -max log L, by central differences re-solving at c_k +/- h.
  static func checkDerivative(_ data: (problem: ModelProblem, glmm: FittedModel), bounds: [Double], h: Double) throws {
    let mid = try ConstrainedGLMMSupport.fit(data, bounds: bounds)
    for k in bounds.indices {
      var up = bounds, down = bounds
      up[k] += h
      down[k] -= h
      let fUp = try ConstrainedGLMMSupport.fit(data, bounds: up).objectiveValue
      let fDown = try ConstrainedGLMMSupport.fit(data, bounds: down).objectiveValue
      let derivative = -(fUp - fDown) / (2 * h)
      #expect(mid.constraints[k].shadowPrice > 0)
      #expect(
        TestSupport.close(mid.constraints[k].shadowPrice, derivative, relative: 1e-3),
        "feature \(k): \(mid.constraints[k].shadowPrice) vs \(derivative)")
    }
  }

  @Test("multipliers equal finite differences of the optimal marginal log-likelihood (bank-full, both constraints active)")
  func multipliersBank() throws { try Self.checkDerivative(ConstrainedGLMMSupport.bank, bounds: [0.05, 0.05], h: 1e-4) }

  @Test("multipliers equal finite differences of the optimal marginal log-likelihood (simulated unfair strata)")
  func multipliersSim() throws { try Self.checkDerivative(ConstrainedGLMMSupport.sim, bounds: [0.02], h: 1e-4) }

  @Test("the optimum agrees with scipy SLSQP on a numpy Laplace likelihood (fixture)")
  func matchesScipy() throws {
    let reference = try TestSupport.fixture("constrained_glmm_reference.json")
    let fits = (reference["glmm"] as! [String: Any])["fits"] as! [[String: Any]]
    #expect(fits.count == 3)
    for r in fits {
      let c = (r["c"] as? Double) ?? 10
      let m = try ConstrainedGLMMSupport.fit(ConstrainedGLMMSupport.sim, bounds: [c])
      #expect(TestSupport.close(m.objectiveValue, r["objective"] as! Double, absolute: 1e-6), "c = \(c)")
      #expect(TestSupport.close(m.randomIntercepts!.sigma!, r["sigma"] as! Double, relative: 1e-6))
      let prices = r["shadow_price"] as! [Double]
      #expect(TestSupport.close(m.constraints[0].shadowPrice, prices[0], relative: 1e-3, absolute: 1e-9))
      let fixed = r["fixed_effects"] as! [[String: Any]]
      #expect(m.coefficients.map(\.name) == fixed.map { $0["name"] as! String })
      for (a, b) in zip(m.coefficients, fixed) {
        #expect(TestSupport.close(a.estimate, b["estimate"] as! Double, absolute: 1e-6), "\(a.name)")
        // Both sides take a finite-difference Hessian of the Lagrangian: 1e-4 relative.
        #expect(TestSupport.close(a.standardError, b["se"] as! Double, relative: 1e-4), "\(a.name) se")
      }
    }
  }

  @Test("adaptive Gauss-Hermite: large c gives the AGQ GLMM, active constraints meet the KKT conditions")
  func adaptiveQuadrature() throws {
    let data = ConstrainedGLMMSupport.sim
    var options = LogisticGLMMFit.Options()
    options.nAGQ = 5
    let lr = try PenalizedLogisticFit.fit(data.problem, kind: .logisticRegression)
    let glmm = try LogisticGLMMFit.fit(data.problem, start: lr.beta, options: options)
    let free = try ConstrainedGLMMSupport.fit((data.problem, glmm), bounds: [10], nAGQ: 5)
    #expect(abs(free.logLikelihood - glmm.logLikelihood) <= 1e-8)
    let bound = try ConstrainedGLMMSupport.fit((data.problem, glmm), bounds: [0.02], nAGQ: 5)
    #expect(bound.summary.kktResiduals!.maximum < 1e-6)
    #expect(bound.settings.nAGQ == 5)
  }

  @Test("the standard errors are the same bytes for any thread count")
  func threads() throws {
    let data = ConstrainedGLMMSupport.sim
    var options = ConstrainedGLMMFit.Options()
    let serial = try ConstrainedGLMMFit.fit(data.problem, bounds: [0.02], start: data.glmm, options: options)
    options.parallel = ParallelWork(threads: 3)
    let parallel = try ConstrainedGLMMFit.fit(data.problem, bounds: [0.02], start: data.glmm, options: options)
    #expect(serial.coefficients == parallel.coefficients)
    #expect(serial.constraints == parallel.constraints)
  }

  @Test("a singular GLMM (sigma = 0) gives Fair LR as the constrained GLMM, with a notice")
  func singular() throws {
    let problem = try SeparationFallbackTests.problem(SeparationFallbackTests.csv(rareLevel: false, copyTarget: false))
    let lr = try PenalizedLogisticFit.fit(problem, kind: .logisticRegression)
    let intercepts = RandomIntercepts(
      grouping: "region", levels: problem.clusterLevels, modes: [Double](repeating: 0, count: problem.q),
      conditionalSD: [Double](repeating: 0, count: problem.q), variance: 0, sizes: problem.clusterSizes)
    let start = FittedModel(
      kind: .logisticGLMM, coefficients: lr.coefficients, randomIntercepts: intercepts, logLikelihood: lr.logLikelihood,
      parameterCount: problem.p + 1, observationCount: problem.n, objectiveValue: lr.objectiveValue, summary: lr.summary)
    let m = try ConstrainedGLMMFit.fit(problem, bounds: [0.01], start: start)
    let (fair, _) = try ConstrainedLogisticFit.fit(problem, kind: .fairLogisticRegression, bounds: [0.01], unconstrained: lr)
    #expect(m.kind == .constrainedGLMM)
    #expect(m.randomIntercepts?.variance == 0)
    #expect(m.summary.notes.contains { $0.hasPrefix("Singular fit") })
    #expect(m.constraints == fair.constraints)
    #expect(m.logLikelihood == fair.logLikelihood)
  }

  @Test("a warm start from a fit at another bound gives the same optimum")
  func warmStart() throws {
    let data = ConstrainedGLMMSupport.sim
    let cold = try ConstrainedGLMMSupport.fit(data, bounds: [0.02])
    let previous = try ConstrainedGLMMSupport.fit(data, bounds: [0.05])
    let warm = try ConstrainedGLMMFit.fit(data.problem, bounds: [0.02], start: previous)
    #expect(abs(warm.objectiveValue - cold.objectiveValue) <= 1e-9)
    #expect(TestSupport.close(warm.constraints[0].shadowPrice, cold.constraints[0].shadowPrice, relative: 1e-6))
  }
}

/// Reduced-Hessian standard errors of the constrained fits against an independent null-space
/// computation (Benchmarks/reference/constrained_glmm_scipy.py, `projected_se`).
@Suite struct ReducedCovarianceTests {
  @Test("Fair LR (bank-full) and Fair CRLR (simulated) SEs equal Z (Z'HZ)^-1 Z' to 1e-6", arguments: [0, 1])
  func matchesNullSpace(index: Int) throws {
    let reference = try TestSupport.fixture("constrained_glmm_reference.json")
    let r = (reference["projected_se"] as! [[String: Any]])[index]
    let isCRLR = (r["kind"] as! String) == "fair_crlr"
    let problem = try FairModelReferenceTests.problem([
      "data": r["data"] as! String, "sensitive": r["sensitive"] as! [String], "cluster": r["cluster"] as Any,
    ])
    let base = try PenalizedLogisticFit.fit(problem, kind: isCRLR ? .clusterRegularizedLR : .logisticRegression)
    let bounds = [Double](repeating: r["c"] as! Double, count: problem.sensitiveNames.count)
    let (model, _) = try ConstrainedLogisticFit.fit(
      problem, kind: isCRLR ? .fairClusterRegularizedLR : .fairLogisticRegression, bounds: bounds, unconstrained: base)
    #expect(model.constraints.filter(\.isActive).map(\.feature) == r["active"] as! [String])
    let coefficients = r["coefficients"] as! [[String: Any]]
    #expect(model.coefficients.count == coefficients.count)
    var changed = 0
    for (c, e) in zip(model.coefficients, coefficients) {
      #expect(c.name == e["name"] as! String)
      #expect(TestSupport.close(c.standardError, e["se"] as! Double, relative: 1e-6), "\(c.name)")
      if !TestSupport.close(e["se"] as! Double, e["se_unconstrained_formula"] as! Double, relative: 1e-3) { changed += 1 }
    }
    #expect(changed > 0, "the active constraint must change some SEs")
    #expect(model.summary.notes.contains { $0.hasPrefix("Standard errors respect the active constraints") })
  }

  @Test("without active constraints the reduced covariance is H^-1")
  func inactive() {
    let h = Matrix(rows: 2, columns: 2, storage: [2, 0.5, 0.5, 1])
    let factor = try! Cholesky(h)
    let inverse = factor.inverse()
    let d = ReducedCovariance.diagonal(solve: factor.solve, inverseDiagonal: [inverse[0, 0], inverse[1, 1]], active: [])
    #expect(d == [inverse[0, 0], inverse[1, 1]])
    // One active row e_1: the first coordinate is fixed, the second has variance 1 / H_22.
    let fixed = ReducedCovariance.diagonal(solve: factor.solve, inverseDiagonal: [inverse[0, 0], inverse[1, 1]], active: [[1, 0]])
    #expect(abs(fixed[0]) < 1e-15)
    #expect(abs(fixed[1] - 1) < 1e-15)
  }
}

/// What the sweep uses to put the constrained GLMM on its c paths.
@Suite struct ConstrainedGLMMRefitTests {
  @Test("BoundedRefit.constrainedGLMM: +infinity frees a feature, warm starts give the direct fit, loss is -log L")
  func refit() throws {
    let data = ConstrainedGLMMSupport.sim
    let refit = BoundedRefit.constrainedGLMM(base: data.glmm, problem: data.problem, options: ConstrainedGLMMFit.Options())
    #expect(refit.kind == .constrainedGLMM && refit.base == .logisticGLMM)
    let free = try refit.fit([.infinity], WarmStart([]))
    #expect(abs(free.model.logLikelihood - data.glmm.logLikelihood) <= 1e-8)
    #expect(free.model.constraints[0].shadowPrice == 0)
    #expect(free.model.summary.kktResiduals!.maximum < 1e-6)
    let direct = try ConstrainedGLMMSupport.fit(data, bounds: [0.02])
    let warm = try refit.fit([0.02], WarmStart(try refit.fit([0.05], WarmStart([])).model.parameters))
    #expect(abs(warm.loss - direct.objectiveValue) <= 1e-9)
    #expect(warm.loss == refit.loss(warm.model))
    #expect(TestSupport.close(warm.model.constraints[0].shadowPrice, direct.constraints[0].shadowPrice, relative: 1e-6))
  }
}
