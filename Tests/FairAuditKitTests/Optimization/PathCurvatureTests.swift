import Foundation
import Testing

@testable import FairAuditKit

/// A path point started on its neighbour's Hessian (`curvature`) and, on a c path, from the start
/// projected onto the violated bounds in that Hessian's metric reaches the optimum of the cold fit:
/// the reuse changes how many Hessians a point costs, never where it ends.
@Suite struct PathCurvatureTests {
  static let problem = ChordNewtonTests.problem(rows: 20_000)

  @Test("a reweighted block-arrow factorisation solves like one built with the new weights")
  func reweighted() throws {
    let problem = Self.problem
    let objective = PenalizedLogisticObjective(problem: problem, randomIntercepts: true, rho: [0])
    let model = try objective.quadraticModel(at: [Double](repeating: 0.1, count: objective.dimension))
    let solver = try #require(model.factorization)
    let fresh = try PenalizedLogisticObjective(problem: problem, randomIntercepts: true, rho: [3e-7])
      .quadraticModel(at: [Double](repeating: 0.1, count: objective.dimension))
    let moved = try solver.reweighted([3e-7])
    #expect(moved.weights == [3e-7])
    let rhs = (0..<objective.dimension).map { Double($0 % 4) - 1.5 }
    for (a, b) in zip(moved.solve(rhs), fresh.solve(rhs)) { #expect(abs(a - b) <= 1e-10 * max(1, abs(b))) }
    for (a, b) in zip(moved.inverseDiagonal(), fresh.inverseDiagonal()) { #expect(abs(a - b) <= 1e-10 * abs(b)) }
    // Back to rho = 0: the Woodbury part disappears and the base solve is unchanged.
    #expect(try moved.reweighted([0]).solve(rhs) == solver.solve(rhs))
  }

  @Test("a rho path point started on the previous point's Hessian ends at the cold fit's optimum", arguments: [false, true])
  func penaltyPoint(clusters: Bool) throws {
    let kind: ModelKind = clusters ? .clusterRegularizedLR : .logisticRegression
    let previous = try PenalizedLogisticFit.fitOnPath(Self.problem, kind: kind, rho: [2e-7])
    let warm = try PenalizedLogisticFit.fitOnPath(
      Self.problem, kind: kind, rho: [5e-7], start: previous.model.parameters, curvature: previous.curvature)
    let cold = try PenalizedLogisticFit.fit(Self.problem, kind: kind, rho: [5e-7], start: previous.model.parameters)
    #expect(warm.model.summary.termination == .converged && warm.curvature.isExact)
    for (a, b) in zip(warm.model.parameters, cold.parameters) { #expect(abs(a - b) <= 1e-9 * max(1, abs(b))) }
    for (a, b) in zip(warm.model.coefficients, cold.coefficients) {
      #expect(abs(a.standardError - b.standardError) <= 1e-9 * b.standardError)
    }
    // Chord steps stopped at the tolerance (a sweep point) end within it: coefficients to ~1e-8.
    let path = try PenalizedLogisticFit.fitOnPath(
      Self.problem, kind: kind, rho: [5e-7], start: previous.model.parameters, curvature: previous.curvature, toRounding: false)
    #expect(path.model.summary.termination == .converged)
    for (a, b) in zip(path.model.parameters, cold.parameters) { #expect(abs(a - b) <= 1e-6 * max(1, abs(b))) }
    // The returned curvature is the exact Hessian at the optimum, with this point's penalty.
    let objective = PenalizedLogisticObjective(problem: Self.problem, randomIntercepts: clusters, rho: [5e-7])
    let exact = try objective.quadraticModel(at: warm.model.parameters)
    let rhs = [Double](repeating: 1, count: objective.dimension)
    for (a, b) in zip(warm.curvature.solve(rhs), exact.solve(rhs)) { #expect(abs(a - b) <= 1e-10 * max(1, abs(b))) }
  }

  @Test("a c path point from the metric projection and the neighbour's Hessian meets the KKT conditions of the cold fit")
  func boundPoint() throws {
    let problem = Self.problem
    let lr = try PenalizedLogisticFit.fitOnPath(problem, kind: .logisticRegression)
    let g = abs(Vector.dot(problem.covarianceDirection(0, includeClusters: false), lr.model.parameters)) / Double(problem.n)
    let first = try ConstrainedLogisticFit.fitOnPath(
      problem, kind: .fairLogisticRegression, bounds: [g / 2], unconstrained: lr.model, start: lr.model.parameters,
      curvature: lr.curvature)
    let second = try ConstrainedLogisticFit.fitOnPath(
      problem, kind: .fairLogisticRegression, bounds: [g / 3], unconstrained: lr.model, start: first.model.parameters,
      curvature: first.curvature)
    let (cold, _) = try ConstrainedLogisticFit.fit(problem, kind: .fairLogisticRegression, bounds: [g / 3], unconstrained: lr.model)
    #expect(second.residuals.maximum < 1e-8 && second.curvature.isExact)
    for (a, b) in zip(second.model.parameters, cold.parameters) { #expect(abs(a - b) <= 1e-8 * max(1, abs(b))) }
    #expect(TestSupport.close(second.model.constraints[0].shadowPrice, cold.constraints[0].shadowPrice, relative: 1e-7))
    let path = try ConstrainedLogisticFit.fitOnPath(
      problem, kind: .fairLogisticRegression, bounds: [g / 3], unconstrained: lr.model, start: first.model.parameters,
      curvature: first.curvature, toRounding: false)
    #expect(path.residuals.maximum < 1e-6)
    #expect(TestSupport.close(path.model.constraints[0].shadowPrice, cold.constraints[0].shadowPrice, relative: 1e-6))
  }

  @Test("the metric projection lands on the violated bound with H(theta' - theta) along its direction")
  func metricProjection() throws {
    let problem = Self.problem
    let lr = try PenalizedLogisticFit.fitOnPath(problem, kind: .logisticRegression)
    let n = Double(problem.n)
    let a = problem.covarianceDirection(0, includeClusters: false).map { $0 / n }
    let theta = lr.model.parameters
    let g = Vector.dot(a, theta)
    let moved = ConstrainedLogisticFit.metricProjection(theta, [a], [abs(g) / 4], solve: lr.curvature.solve)
    #expect(abs(Vector.dot(a, moved) - g / 4) <= 1e-14)
    // theta' - theta = -mu H^{-1} a: its image under H is parallel to a.
    let image = lr.curvature.solve(a)
    let mu = (moved[1] - theta[1]) / image[1]
    for j in theta.indices { #expect(abs(moved[j] - theta[j] - mu * image[j]) <= 1e-12 * max(1, abs(theta[j]))) }
    // A bound that is met leaves the start unchanged; c = 0 lands on g = 0.
    #expect(ConstrainedLogisticFit.metricProjection(theta, [a], [2 * abs(g)], solve: lr.curvature.solve) == theta)
    #expect(abs(Vector.dot(a, ConstrainedLogisticFit.metricProjection(theta, [a], [0], solve: lr.curvature.solve))) <= 1e-14)
  }
}
