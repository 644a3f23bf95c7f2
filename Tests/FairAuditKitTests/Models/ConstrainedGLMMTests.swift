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

@Suite struct ConstrainedGLMMProbe {
  @Test func probe() throws {
    for (name, data) in [("sim", ConstrainedGLMMSupport.sim), ("bank", ConstrainedGLMMSupport.bank)] {
      let glmm = data.glmm
      print(name, "glmm ll", glmm.logLikelihood, "sigma", glmm.randomIntercepts!.sigma!)
      let u = try ConstrainedGLMMSupport.fit(data, bounds: [Double](repeating: 10, count: data.problem.sensitiveNames.count))
      print(name, "c=10 ll", u.logLikelihood, u.constraints.map(\.covariance), u.summary.iterations)
      for c in [0.05, 0.02, 0.01, 0.005, 0] {
        let t0 = Date()
        let m = try ConstrainedGLMMSupport.fit(data, bounds: [Double](repeating: c, count: data.problem.sensitiveNames.count))
        print(
          name, "c", c, "ll", m.logLikelihood, "g", m.constraints.map(\.covariance), "mu", m.constraints.map(\.shadowPrice),
          "kkt", m.summary.kktResiduals!, "it", m.summary.iterations, "ev", m.summary.log!.evaluations, "s", Date().timeIntervalSince(t0))
      }
    }
  }
}
