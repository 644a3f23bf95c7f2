import Foundation
import Testing

@testable import FairAuditKit

/// Bounds of 0 and linearly dependent constraints: the cases where the multiplier system of the
/// active-set method is singular if handled naively.
@Suite struct ConstrainedEdgeCaseTests {
  static var sim: ModelProblem { FairModelPropertyTests.sim }

  static func fairLR(_ problem: ModelProblem, bounds: [Double]) throws -> (FittedModel, KKTResiduals) {
    let base = try PenalizedLogisticFit.fit(problem, kind: .logisticRegression)
    return try ConstrainedLogisticFit.fit(problem, kind: .fairLogisticRegression, bounds: bounds, unconstrained: base)
  }

  @Test(
    "c = 0 is met exactly and its multiplier is -df*/dc at 0+", arguments: [ModelKind.fairLogisticRegression, .fairClusterRegularizedLR])
  func zeroBound(kind: ModelKind) throws {
    let unconstrainedKind: ModelKind = kind == .fairLogisticRegression ? .logisticRegression : .clusterRegularizedLR
    let base = try PenalizedLogisticFit.fit(Self.sim, kind: unconstrainedKind)
    let fit = { (c: Double) throws -> FittedModel in
      try ConstrainedLogisticFit.fit(Self.sim, kind: kind, bounds: [c], unconstrained: base).0
    }
    let (zero, residuals) = try ConstrainedLogisticFit.fit(Self.sim, kind: kind, bounds: [0], unconstrained: base)
    #expect(zero.summary.didConverge)
    #expect(abs(zero.constraints[0].covariance) <= 1e-8)
    #expect(residuals.maximum < 1e-8, "\(residuals)")
    #expect(zero.summary.kktResiduals == residuals)
    let lambda = zero.constraints[0].shadowPrice
    #expect(lambda > 0)
    #expect(zero.constraints[0].multiplierUpper == 0 || zero.constraints[0].multiplierLower == 0)
    // f*(c) = f*(0) - lambda c + f'' c^2 / 2 + ..., so D(h) = (f*(0) - f*(h)) / h = lambda - f'' h / 2 + O(h^2):
    // the truncation error of D(h) is about 2 |D(h) - D(h/2)|; rounding of the optimal objective
    // (converged to ~1e-14 relative) adds ~1e-12 (1 + |f*|) / h.
    let h = 1e-4
    let f0 = zero.objectiveValue
    let d1 = (f0 - (try fit(h)).objectiveValue) / h
    let d2 = (f0 - (try fit(h / 2)).objectiveValue) / (h / 2)
    let tolerance = 3 * abs(d1 - d2) + 1e-12 * (1 + abs(f0)) / (h / 2)
    #expect(abs(d2 - lambda) <= tolerance, "lambda \(lambda), D(h) \(d1), D(h/2) \(d2)")
    #expect(tolerance < 1e-2 * lambda, "the check must be informative")
  }

  /// Two sensitive features with the same z: identical constraint directions, both active.
  static var duplicated: ModelProblem {
    let s = sim
    return ModelProblem(
      columns: s.columns, x: s.x, y: s.y, clusters: s.clusters, clusterName: s.clusterName,
      clusterLevels: s.clusterLevels, sensitiveNames: s.sensitiveNames + ["copy"], z: s.z + s.z)
  }

  @Test(
    "dependent active constraints: the fit equals the single-constraint fit and the multipliers add up",
    arguments: [0.0, 0.05])
  func dependentConstraints(c: Double) throws {
    let (single, _) = try Self.fairLR(Self.sim, bounds: [c])
    let (double, residuals) = try Self.fairLR(Self.duplicated, bounds: [c, c])
    #expect(residuals.maximum < 1e-8, "\(residuals)")
    for (a, b) in zip(single.beta, double.beta) { #expect(abs(a - b) < 1e-8) }
    let total = double.constraints.map(\.shadowPrice).reduce(0, +)
    #expect(TestSupport.close(total, single.constraints[0].shadowPrice, relative: 1e-8))
    #expect(double.constraints.allSatisfy { abs($0.covariance) <= $0.bound + 1e-9 })
  }

  @Test("a looser duplicate bound stays inactive")
  func looserDuplicate() throws {
    let (single, _) = try Self.fairLR(Self.sim, bounds: [0.02])
    let (double, residuals) = try Self.fairLR(Self.duplicated, bounds: [0.02, 0])
    #expect(residuals.maximum < 1e-8)
    // g = 0 is the binding one now; the 0.02 bound is slack.
    #expect(abs(double.constraints[1].covariance) <= 1e-8)
    #expect(double.constraints[0].shadowPrice == 0)
    #expect(double.objectiveValue >= single.objectiveValue)
  }

  @Test("a negative bound is an option error, not an infeasible fit")
  func negativeBound() {
    #expect(throws: FairAuditError.self) { try Self.fairLR(Self.sim, bounds: [-0.01]) }
  }

  @Test("an infeasible start is reported, not iterated from")
  func infeasibleStart() throws {
    let objective = PenalizedLogisticObjective(problem: Self.sim, randomIntercepts: false)
    let a = Self.sim.covarianceDirection(0, includeClusters: false).map { $0 / Double(Self.sim.n) }
    let constraint = LinearConstraint(a: a, b: 0, isEquality: true)
    var start = [Double](repeating: 0, count: objective.dimension)
    start[Self.sim.p - 1] = 1
    #expect(abs(constraint.slack(start)) > 1e-6)
    #expect(throws: ConstrainedNewton.NotOptimal.self) {
      try ConstrainedNewton().minimize(objective, constraints: [constraint], from: start)
    }
  }

  @Test("a constrained fit that runs out of iterations is an error, never 'converged'")
  func iterationLimit() throws {
    let base = try PenalizedLogisticFit.fit(Self.sim, kind: .logisticRegression)
    do {
      _ = try ConstrainedLogisticFit.fit(Self.sim, kind: .fairLogisticRegression, bounds: [0.01], unconstrained: base, maxIterations: 1)
      Issue.record("expected didNotConverge")
    } catch {
      guard case .didNotConverge(let model, _, _) = error else { Issue.record("\(error)"); return }
      #expect(model == "Fair LR")
      #expect(error.exitCode == 21)
    }
  }

  @Test("standard errors from a variance that is not positive are NaN with a note naming the parameter")
  func unavailableStandardErrors() {
    let (se, note) = FittedModel.standardErrors([4, -1e-18, .nan], names: ["a", "b", "c"])
    #expect(se[0] == 2 && se[1].isNaN && se[2].isNaN)
    #expect(note?.contains("\"b\", \"c\"") == true)
    #expect(FittedModel.standardErrors([1], names: ["a"]).note == nil)
  }
}
