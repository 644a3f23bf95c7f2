import Foundation
import Testing

@testable import FairAuditKit

/// The optimisers' fit logs (after MixedModels.jl's OptSummary): one entry per iteration plus the
/// final point, objectives that never increase, the final objective equal to the fit's.
@Suite struct FitLogTests {
  static let result: AuditResult = {
    var c = AuditConfiguration(inputPath: TestSupport.fixtureURL("aliased.csv").path)
    c.roles.target = "y"
    c.roles.cluster = "region"
    c.sensitiveArguments = ["female"]
    c.testFraction = 0
    c.sweep = false
    return try! AuditPipeline.run(c)
  }()

  @Test(
    "every Newton-type fit logs its iterations; the objective never increases and ends at the fit's",
    arguments: [
      ModelKind.logisticRegression, .fairLogisticRegression, .clusterRegularizedLR, .fairClusterRegularizedLR, .logisticGLMM,
    ])
  func logged(_ kind: ModelKind) throws {
    let model = try #require(Self.result.evaluations.first { $0.model.kind == kind }).model
    let log = try #require(model.summary.log)
    // One entry per step taken plus the final point; working-set changes and the GLMM's last
    // convergence check count as iterations without a step.
    #expect(log.iterations.count >= 2 && log.iterations.count <= model.summary.iterations + 1)
    #expect(log.iterations.dropLast().allSatisfy { $0.stepLength > 0 })
    #expect(log.evaluations >= log.iterations.count)
    #expect(log.iterations.last?.stepLength == 0)
    for k in 1..<log.iterations.count {
      let (a, b) = (log.iterations[k - 1].objective, log.iterations[k].objective)
      #expect(b <= a + 1e-12 * abs(a), "\(kind.label) iteration \(k): \(a) -> \(b)")
    }
    if kind == .logisticRegression || kind == .logisticGLMM {
      let final = try #require(log.finalObjective)
      #expect(abs(final + model.logLikelihood) <= 1e-9 * abs(model.logLikelihood), "\(final) vs \(model.logLikelihood)")
    }
  }

  @Test("the JSON carries every model's fit log; the boosting path logs one entry per step")
  func inJSON() throws {
    let json = try #require(try JSONSerialization.jsonObject(with: Data(AuditSummary.json(Self.result).utf8)) as? [String: Any])
    let models = try #require(json["models"] as? [[String: Any]])
    #expect(models.count == 7 && models.allSatisfy { $0["fit_log"] != nil })
    let boosting = try #require(Self.result.evaluations.first { $0.model.kind == .fairGLMM }?.model)
    let log = try #require(boosting.summary.log)
    #expect(log.iterations.count >= boosting.summary.iterations + 1)
    #expect(log.evaluations >= log.iterations.count - 1)
  }
}
