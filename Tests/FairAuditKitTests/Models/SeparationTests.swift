import Foundation
import Testing

@testable import FairAuditKit

/// The separation fallback (docs/method.md): data whose LR MLE does not exist still give every
/// model, fitted with the documented ridge, with the separated columns named in the summary.
@Suite struct SeparationFallbackTests {
  /// 240 rows: numeric x, categorical job (a, b, c and, when `rareLevel`, a level "rare" with two
  /// rows, both positive), binary sensitive sex, cluster region (6 levels), and, when
  /// `copyTarget`, a numeric column "copy" equal to the 0/1 target.
  static func csv(rareLevel: Bool, copyTarget: Bool) -> String {
    var rng = SplitMix64(seed: 11)
    var lines = ["x,job,sex,region" + (copyTarget ? ",copy" : "") + ",y"]
    for i in 0..<240 {
      let x = rng.normal()
      let job = rareLevel && i < 2 ? "rare" : ["a", "b", "c"][Int(rng.uniform() * 3)]
      let sex = rng.uniform() < 0.5 ? "f" : "m"
      let region = "r\(Int(rng.uniform() * 6))"
      let eta = -0.3 + 0.8 * x + (job == "b" ? 0.5 : 0) + (sex == "f" ? -0.6 : 0) + 0.3 * Double(region.last!.wholeNumberValue! - 3)
      let y = job == "rare" ? 1.0 : (rng.uniform() < StableMath.logistic(eta) ? 1 : 0)
      lines.append("\(x),\(job),\(sex),\(region)" + (copyTarget ? ",\(Int(y))" : "") + ",\(y == 1 ? "yes" : "no")")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func problem(_ text: String) throws -> ModelProblem {
    let table = try TestSupport.table(text)
    let roles = ModelRoles(sensitive: [try SensitiveFeatureSpec(parsing: "sex")], cluster: "region")
    let frame = try ModelFrame(table: table, roles: roles)
    let rows = Array(frame.rows.indices)
    return ModelProblem(frame: frame, design: try DesignMatrix(frame: frame, trainingRows: rows), rows: rows)
  }

  static func suite(_ problem: ModelProblem) throws -> ModelSuite {
    var configuration = AuditConfiguration(inputPath: "inline.csv")
    configuration.covarianceBound = [0.05]
    return try ModelSuite(problem: problem, configuration: configuration)
  }

  @Test(
    "every model fits with the ridge and names the separated column",
    arguments: [
      (true, false, "job=rare"), (false, true, "copy"),
    ])
  func allModelsFit(rareLevel: Bool, copyTarget: Bool, column: String) throws {
    let problem = try Self.problem(Self.csv(rareLevel: rareLevel, copyTarget: copyTarget))
    // Unpenalised, LR diverges along the column and says so in the typed field.
    let plain = try PenalizedLogisticFit.fit(problem, kind: .logisticRegression)
    #expect(plain.summary.separation == [column])
    let suite = try Self.suite(problem)
    #expect(suite.models.map(\.kind) == ModelKind.known)
    #expect(suite.separation == plain.summary.separation)
    #expect(suite.problem.fixedEffectRidge == ModelSuite.separationRidge)
    for model in suite.models {
      #expect(model.summary.separation.contains(column), "\(model.kind.label)")
      #expect(model.coefficients.allSatisfy { $0.estimate.isFinite && abs($0.estimate) < 20 }, "\(model.kind.label)")
      #expect(model.coefficients.allSatisfy { $0.standardError.isFinite }, "\(model.kind.label)")
      #expect(model.summary.notes.contains { $0.hasPrefix("Separation fallback") }, "\(model.kind.label)")
      if model.kind != .fairGLMM {  // the boosting fit has its own regularisation
        // The GLMM may legitimately end at the sigma = 0 boundary ("singular fit", reported as such).
        #expect(
          model.summary.didConverge || (model.kind == .logisticGLMM && model.summary.termination == .singular),
          "\(model.kind.label)")
        #expect(model.summary.fixedEffectRidge == ModelSuite.separationRidge, "\(model.kind.label)")
      }
    }
    for kind in [ModelKind.fairLogisticRegression, .fairClusterRegularizedLR] {
      let residuals = try #require(suite.kktResiduals[kind])
      #expect(residuals.maximum < 1e-8, "\(kind.label): \(residuals)")
      let model = try #require(suite.models.first { $0.kind == kind })
      #expect(model.summary.kktResiduals == residuals)
      #expect(model.constraints.allSatisfy { abs($0.covariance) <= $0.bound + 1e-9 })
    }
  }

  @Test("without separation the suite fits unpenalised and records nothing")
  func noFallback() throws {
    let problem = try Self.problem(Self.csv(rareLevel: false, copyTarget: false))
    let suite = try Self.suite(problem)
    #expect(suite.separation.isEmpty && suite.problem.fixedEffectRidge == 0)
    for model in suite.models {
      #expect(model.summary.separation.isEmpty && model.summary.fixedEffectRidge == 0, "\(model.kind.label)")
    }
  }

  @Test("the ridge enters value, gradient and Hessian of LR, CRLR and the GLMM, sparing the intercept")
  func ridgeDerivatives() throws {
    var problem = try Self.problem(Self.csv(rareLevel: false, copyTarget: false))
    problem.fixedEffectRidge = 0.1
    var rng = SplitMix64(seed: 5)
    for clusters in [false, true] {
      let objective = PenalizedLogisticObjective(problem: problem, randomIntercepts: clusters)
      let theta = (0..<objective.dimension).map { _ in 0.3 * rng.normal() }
      let model = try objective.quadraticModel(at: theta)
      for j in 0..<objective.dimension {
        var up = theta, down = theta
        up[j] += 1e-6
        down[j] -= 1e-6
        let fd = (objective.value(at: up) - objective.value(at: down)) / 2e-6
        #expect(TestSupport.close(model.gradient[j], fd, relative: 1e-6, absolute: 1e-6), "clusters \(clusters), j = \(j)")
      }
      var plain = problem
      plain.fixedEffectRidge = 0
      let base = PenalizedLogisticObjective(problem: plain, randomIntercepts: clusters)
      let expected = (1..<problem.p).map { theta[$0] * theta[$0] }.reduce(0, +) * 0.05
      #expect(TestSupport.close(objective.value(at: theta) - base.value(at: theta), expected, relative: 1e-9))
    }
    let likelihood = RandomInterceptLikelihood(problem: problem, nAGQ: 1)
    let beta = (0..<problem.p).map { _ in 0.3 * rng.normal() }
    let e = likelihood.evaluate(beta: beta, tau: -0.5, modes: [], information: true)
    let expected = (1..<problem.p).map { beta[$0] * beta[$0] }.reduce(0, +) * 0.05
    #expect(TestSupport.close(e.logLikelihood - e.objective, expected, relative: 1e-9))
    for j in 0..<problem.p {
      var up = beta, down = beta
      up[j] += 1e-6
      down[j] -= 1e-6
      let fd =
        (likelihood.evaluate(beta: up, tau: -0.5, modes: e.modes, information: false).objective
          - likelihood.evaluate(beta: down, tau: -0.5, modes: e.modes, information: false).objective) / 2e-6
      #expect(TestSupport.close(e.gradient[j], fd, relative: 1e-5, absolute: 1e-5), "GLMM j = \(j)")
    }
  }
}
