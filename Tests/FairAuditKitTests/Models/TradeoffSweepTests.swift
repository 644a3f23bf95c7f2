import Testing

@testable import FairAuditKit

@Suite struct TradeoffSweepTests {
  static let sweep: TradeoffSweep = {
    let problem = FairModelPropertyTests.sim
    var configuration = AuditConfiguration(inputPath: "")
    configuration.rhoGrid = [0, 1e-4, 1e-3, 1e-2, 0.1]
    configuration.boundGrid = [0.3, 0.2, 0.1, 0.05]
    let lr = try! PenalizedLogisticFit.fit(problem, kind: .logisticRegression)
    return try! TradeoffSweep(problem: problem, configuration: configuration, unconstrained: lr) { model in
      (Double(model.coefficients.count), [0])
    }
  }()

  @Test("every fair model is fitted at every grid value")
  func coverage() {
    for kind in [ModelKind.fairLogisticRegression, .fairClusterRegularizedLR, .fairGLMM] {
      #expect(Self.sweep.rhoPath.filter { $0.kind == kind }.map(\.parameter) == [0, 1e-4, 1e-3, 1e-2, 0.1])
    }
    #expect(Self.sweep.boundPath.count == 8)
  }

  @Test("along rho the covariance of the penalised models does not grow")
  func covarianceFallsWithRho() {
    for kind in [ModelKind.fairLogisticRegression, .fairClusterRegularizedLR] {
      let g = Self.sweep.rhoPath.filter { $0.kind == kind }.map { abs($0.covariance[0]) }
      for (a, b) in zip(g, g.dropFirst()) { #expect(b <= a * (1 + 1e-9), "\(kind.label): \(g)") }
    }
  }

  @Test("tightening c never lowers the shadow price and active bounds are met")
  func shadowPricesGrowAsCTightens() {
    for kind in [ModelKind.fairLogisticRegression, .fairClusterRegularizedLR] {
      let points = Self.sweep.boundPath.filter { $0.kind == kind }
      let prices = points.map { $0.multipliers[0] }
      for (a, b) in zip(prices, prices.dropFirst()) { #expect(b >= a * (1 - 1e-9), "\(kind.label): \(prices)") }
      for p in points { #expect(abs(p.covariance[0]) <= p.parameter * (1 + 1e-9)) }
    }
  }
}
