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

  /// lme4 glmer on Fixtures/glmm_generated.csv (Benchmarks/reference/glmm_lme4.R).
  @Test("Laplace and nAGQ = 7 agree with lme4 glmer", arguments: [(1, "generated_glmer_laplace.json"), (7, "generated_glmer_agq7.json")])
  func matchesLme4(nAGQ: Int, fixture: String) throws {
    let reference = try TestSupport.fixture(fixture)
    let (problem, lr) = try Self.generatedProblem()
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
