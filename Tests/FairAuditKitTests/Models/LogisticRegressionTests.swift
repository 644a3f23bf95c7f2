import Foundation
import Testing

@testable import FairAuditKit

@Suite struct LogisticRegressionTests {
  /// statsmodels Logit on bank-full, all rows (Fixtures/bank_full_logit_statsmodels.json).
  @Test("coefficients, SEs and log-likelihood agree with statsmodels to 1e-6 relative")
  func matchesStatsmodels() throws {
    let reference = try TestSupport.fixture("bank_full_logit_statsmodels.json")
    let model = TestSupport.bankFullAllRows.evaluations[0].model
    let coefficients = reference["coefficients"] as! [[String: Any]]
    #expect(model.coefficients.map(\.name) == coefficients.map { $0["name"] as! String })
    for (c, r) in zip(model.coefficients, coefficients) {
      // 1e-6 relative is the acceptance bound; an absolute 1e-9 floor covers estimates near 0.
      #expect(TestSupport.close(c.estimate, r["estimate"] as! Double, relative: 1e-6, absolute: 1e-9), "\(c.name)")
      #expect(TestSupport.close(c.standardError, r["se"] as! Double, relative: 1e-6), "\(c.name)")
    }
    #expect(TestSupport.close(model.logLikelihood, reference["loglik"] as! Double, relative: 1e-10))
    #expect(TestSupport.close(model.aic, reference["aic"] as! Double, relative: 1e-10))
    #expect(TestSupport.close(model.bic, reference["bic"] as! Double, relative: 1e-10))
    #expect(model.summary.didConverge)
  }

  @Test("the gradient at the optimum vanishes and matches finite differences elsewhere")
  func gradient() throws {
    let problem = syntheticProblem(n: 300, seed: 3)
    let objective = PenalizedLogisticObjective(problem: problem, randomIntercepts: false)
    let theta = [0.3, -0.5, 0.8]
    let g = try objective.quadraticModel(at: theta).gradient
    for j in 0..<3 {
      var up = theta, down = theta
      up[j] += 1e-6
      down[j] -= 1e-6
      let fd = (objective.value(at: up) - objective.value(at: down)) / 2e-6
      #expect(TestSupport.close(g[j], fd, relative: 1e-6, absolute: 1e-6))
    }
  }

  @Test("complete separation is reported, not hidden")
  func separation() throws {
    let x = Matrix(rows: 6, columns: 2, storage: [1, -3, 1, -2, 1, -1, 1, 1, 1, 2, 1, 3])
    let problem = ModelProblem(columns: [.intercept, .standardized(column: "x", mean: 0, sd: 1)], x: x, y: [0, 0, 0, 1, 1, 1])
    let model = try PenalizedLogisticFit.fit(problem, kind: .logisticRegression)
    #expect(model.summary.notes.contains { $0.contains("separation") && $0.contains("\"x\"") })
  }

  @Test("a duplicated design column is a singular-design error")
  func singular() {
    let x = Matrix(rows: 4, columns: 3, storage: [1, 1, 1, 1, 2, 2, 1, 3, 3, 1, 4, 4])
    let cols: [DesignColumn] = [.intercept, .standardized(column: "a", mean: 0, sd: 1), .standardized(column: "b", mean: 0, sd: 1)]
    let problem = ModelProblem(columns: cols, x: x, y: [0, 1, 0, 1])
    #expect(throws: FairAuditError.self) { try PenalizedLogisticFit.fit(problem, kind: .logisticRegression) }
  }

  func syntheticProblem(n: Int, seed: UInt64) -> ModelProblem {
    var rng = SplitMix64(seed: seed)
    var x = Matrix(rows: n, columns: 3)
    var y = [Double](repeating: 0, count: n)
    for i in 0..<n {
      x[i, 0] = 1
      x[i, 1] = rng.normal()
      x[i, 2] = rng.normal()
      y[i] = rng.uniform() < StableMath.logistic(-0.2 + x[i, 1] - 0.5 * x[i, 2]) ? 1 : 0
    }
    let cols: [DesignColumn] = [.intercept, .standardized(column: "x1", mean: 0, sd: 1), .standardized(column: "x2", mean: 0, sd: 1)]
    return ModelProblem(columns: cols, x: x, y: y)
  }
}
