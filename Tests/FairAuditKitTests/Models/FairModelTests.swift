import Foundation
import Testing

@testable import FairAuditKit

/// Problems of Fixtures/fair_lr_reference.json (cvxpy + Clarabel, polished by an active-set
/// Newton step; Benchmarks/reference/fair_lr_cvxpy.py).
@Suite struct FairModelReferenceTests {
  /// Empty when the fixture is missing or unreadable; `fixturePresent` then fails, so the
  /// parameterised test below can never pass by running zero cases.
  nonisolated(unsafe) static let reference: [[String: Any]] = {
    do { return try TestSupport.fixture("fair_lr_reference.json")["problems"] as? [[String: Any]] ?? [] } catch { return [] }
  }()

  @Test("the cvxpy fixture is present and holds its 13 problems")
  func fixturePresent() throws {
    let problems = try #require(try TestSupport.fixture("fair_lr_reference.json")["problems"] as? [[String: Any]])
    #expect(problems.count >= 13)
    #expect(Self.reference.count == problems.count)
  }

  static let tables: [String: DataTable] = {
    var out: [String: DataTable] = [:]
    for (key, path) in [("bank", TestSupport.bankFull), ("sim", TestSupport.fixtureURL("sim_unfair_strata.csv").path)] {
      out[key] = DataTable(csv: try! CSVReader().read(path: path), path: path)
    }
    return out
  }()

  static func problem(_ p: [String: Any]) throws -> ModelProblem {
    let table = tables[(p["data"] as! String).contains("bank") ? "bank" : "sim"]!
    let roles = ModelRoles(
      sensitive: try (p["sensitive"] as! [String]).map { try SensitiveFeatureSpec(parsing: $0) },
      cluster: p["cluster"] as? String, features: p["covariates"] as? [String])
    let frame = try ModelFrame(table: table, roles: roles)
    let rows = Array(frame.rows.indices)
    return ModelProblem(frame: frame, design: try DesignMatrix(frame: frame, trainingRows: rows), rows: rows)
  }

  static func fit(_ p: [String: Any], problem: ModelProblem) throws -> FittedModel {
    let kind = p["kind"] as! String
    let clusters = kind.hasSuffix("crlr")
    let lambda = (p["lambda"] as? Double) ?? 1
    if kind.hasPrefix("penalized") {
      let rho = [Double](repeating: p["rho"] as! Double, count: problem.sensitiveNames.count)
      return try PenalizedLogisticFit.fit(problem, kind: clusters ? .clusterRegularizedLR : .logisticRegression, lambda: lambda, rho: rho)
    }
    let base = try PenalizedLogisticFit.fit(problem, kind: clusters ? .clusterRegularizedLR : .logisticRegression, lambda: lambda)
    let bounds = [Double](repeating: p["c"] as! Double, count: problem.sensitiveNames.count)
    return try ConstrainedLogisticFit.fit(
      problem, kind: clusters ? .fairClusterRegularizedLR : .fairLogisticRegression,
      bounds: bounds, lambda: lambda, unconstrained: base
    ).0
  }

  @Test("objective, coefficients and multipliers agree with cvxpy", arguments: reference.map { $0["id"] as! String })
  func matchesReference(_ id: String) throws {
    let p = try #require(Self.reference.first { $0["id"] as? String == id })
    let problem = try Self.problem(p)
    let model = try Self.fit(p, problem: problem)
    // Acceptance: objective 1e-6 relative, coefficients 1e-4, multipliers 1e-3 relative.
    #expect(TestSupport.close(model.objectiveValue, p["objective"] as! Double, relative: 1e-6))
    let coefficients = p["coefficients"] as! [String: Double]
    for c in model.coefficients { #expect(TestSupport.close(c.estimate, coefficients[c.name]!, absolute: 1e-4), "\(c.name)") }
    if let b = p["b"] as? [String: Double], let r = model.randomIntercepts {
      for (level, mode) in zip(r.levels, r.modes) { #expect(TestSupport.close(mode, b[level]!, absolute: 1e-4), "b[\(level)]") }
    }
    if let upper = p["mu_plus"] as? [String: Double], let lower = p["mu_minus"] as? [String: Double] {
      for c in model.constraints {
        // Multipliers below 1e-6 are zero up to the reference solver's tolerance.
        #expect(TestSupport.close(c.multiplierUpper, upper[c.feature]!, relative: 1e-3, absolute: 1e-6), "mu+ \(c.feature)")
        #expect(TestSupport.close(c.multiplierLower, lower[c.feature]!, relative: 1e-3, absolute: 1e-6), "mu- \(c.feature)")
      }
    }
  }
}

@Suite struct FairModelPropertyTests {
  static let sim: ModelProblem = {
    let p = FairModelReferenceTests.reference.first { $0["id"] as? String == "sim_fair_crlr_c0.1" }!
    return try! FairModelReferenceTests.problem(p)
  }()

  static func fair(_ problem: ModelProblem, kind: ModelKind, c: Double) throws -> (FittedModel, KKTResiduals) {
    let base = try PenalizedLogisticFit.fit(problem, kind: kind == .fairClusterRegularizedLR ? .clusterRegularizedLR : .logisticRegression)
    return try ConstrainedLogisticFit.fit(problem, kind: kind, bounds: [c], unconstrained: base)
  }

  @Test("KKT residuals vanish at the returned optimum", arguments: [ModelKind.fairLogisticRegression, .fairClusterRegularizedLR])
  func kkt(kind: ModelKind) throws {
    for c in [0.02, 0.1, 0.3] {
      let (model, residuals) = try Self.fair(Self.sim, kind: kind, c: c)
      #expect(residuals.maximum < 1e-8, "c = \(c): \(residuals)")
      #expect(model.constraints.allSatisfy { abs($0.covariance) <= $0.bound * (1 + 1e-10) })
    }
  }

  @Test("a bound larger than the unconstrained covariance gives the unconstrained fit with zero multipliers")
  func slackBound() throws {
    let (model, _) = try Self.fair(Self.sim, kind: .fairClusterRegularizedLR, c: 10)
    let crlr = try PenalizedLogisticFit.fit(Self.sim, kind: .clusterRegularizedLR)
    for (a, b) in zip(model.beta, crlr.beta) { #expect(abs(a - b) < 1e-9) }
    #expect(model.constraints.allSatisfy { $0.shadowPrice == 0 })
  }

  @Test("rho = 0 gives the unconstrained fit; the covariance does not grow with rho")
  func penaltyPath() throws {
    let plain = try PenalizedLogisticFit.fit(Self.sim, kind: .clusterRegularizedLR)
    let zero = try PenalizedLogisticFit.fit(Self.sim, kind: .clusterRegularizedLR, rho: [0])
    #expect(zero.beta == plain.beta)
    let a = Self.sim.covarianceDirection(0, includeClusters: true)
    var previous = Double.infinity
    for rho in [0, 1e-4, 1e-3, 0.01, 0.1, 0.8, 5] {
      let model = try PenalizedLogisticFit.fit(Self.sim, kind: .clusterRegularizedLR, rho: [rho])
      let g = abs(Vector.dot(a, model.beta + model.randomIntercepts!.modes)) / Double(Self.sim.n)
      #expect(g <= previous * (1 + 1e-9), "rho = \(rho)")
      previous = g
    }
  }

  @Test("recoding z as 1 - z leaves the fit unchanged and swaps the multiplier's side")
  func levelSwap() throws {
    let swapped = ModelProblem(
      columns: Self.sim.columns, x: Self.sim.x, y: Self.sim.y, clusters: Self.sim.clusters,
      clusterName: Self.sim.clusterName, clusterLevels: Self.sim.clusterLevels,
      sensitiveNames: Self.sim.sensitiveNames, z: Self.sim.z.map { $0.map { 1 - $0 } })
    let (a, _) = try Self.fair(Self.sim, kind: .fairClusterRegularizedLR, c: 0.05)
    let (b, _) = try Self.fair(swapped, kind: .fairClusterRegularizedLR, c: 0.05)
    for (x, y) in zip(a.beta, b.beta) { #expect(abs(x - y) < 1e-8) }
    #expect(TestSupport.close(a.constraints[0].multiplierUpper, b.constraints[0].multiplierLower, relative: 1e-8))
    #expect(TestSupport.close(a.constraints[0].shadowPrice, b.constraints[0].shadowPrice, relative: 1e-8))
  }

  @Test("permuting rows leaves the fit unchanged")
  func rowPermutation() throws {
    var order = Array(0..<Self.sim.n)
    var rng = SplitMix64(seed: 17)
    rng.shuffle(&order)
    var x = Matrix(rows: Self.sim.n, columns: Self.sim.p)
    for (k, i) in order.enumerated() { for j in 0..<Self.sim.p { x[k, j] = Self.sim.x[i, j] } }
    let permuted = ModelProblem(
      columns: Self.sim.columns, x: x, y: order.map { Self.sim.y[$0] },
      clusters: order.map { Self.sim.clusters[$0] }, clusterName: Self.sim.clusterName,
      clusterLevels: Self.sim.clusterLevels, sensitiveNames: Self.sim.sensitiveNames,
      z: Self.sim.z.map { z in order.map { z[$0] } })
    let (a, _) = try Self.fair(Self.sim, kind: .fairClusterRegularizedLR, c: 0.05)
    let (b, _) = try Self.fair(permuted, kind: .fairClusterRegularizedLR, c: 0.05)
    for (x, y) in zip(a.beta, b.beta) { #expect(abs(x - y) < 1e-8) }
    #expect(TestSupport.close(a.constraints[0].shadowPrice, b.constraints[0].shadowPrice, relative: 1e-7))
  }

  @Test("the shadow price is the derivative of the optimal objective in c")
  func shadowPriceIsDerivative() throws {
    let c = 0.05, h = 1e-5
    let (mid, _) = try Self.fair(Self.sim, kind: .fairLogisticRegression, c: c)
    let (up, _) = try Self.fair(Self.sim, kind: .fairLogisticRegression, c: c + h)
    let (down, _) = try Self.fair(Self.sim, kind: .fairLogisticRegression, c: c - h)
    let derivative = (up.objectiveValue - down.objectiveValue) / (2 * h)
    #expect(TestSupport.close(-derivative, mid.constraints[0].shadowPrice, relative: 1e-4))
  }
}
