import Foundation
import Testing

@testable import FairAuditKit

/// The boosting Fair GLMM reports what it reached: `converged` only with the penalised gradient
/// within its stated tolerance, implied penalty weights labelled as such, and a polish that reaches
/// stationarity when asked for.
@Suite struct FairGLMMHonestyTests {
  @Test("converged only when max |gradient| of the penalised objective is within the stated tolerance", arguments: [0.8, 0.01, 10])
  func convergedMeansStationary(rho: Double) throws {
    let model = try FairGLMMTests.fit(rho: rho)
    let tolerance = try #require(model.summary.gradientTolerance)
    #expect(tolerance == FairGLMMBoosting.Options().gradientTolerance)
    #expect(model.summary.didConverge == (model.summary.gradientNorm <= tolerance))
    #expect(model.summary.stopReason != nil)
    let label = model.summary.notes.first { $0.contains("implied penalty weights") }
    #expect(label != nil)
    if !model.summary.didConverge { #expect(label!.contains("not shadow prices")) }
  }

  @Test("polishing takes the returned iterate to stationarity and says so")
  func polish() throws {
    var options = FairGLMMBoosting.Options()
    options.polish = true
    let boosted = try FairGLMMTests.fit(rho: 0.8)
    let polished = try FairGLMMTests.fit(rho: 0.8, options: options)
    #expect(polished.summary.termination == .converged)
    #expect(polished.summary.gradientNorm <= options.gradientTolerance)
    if !boosted.summary.didConverge {
      #expect(polished.summary.notes.contains { $0.hasPrefix("Polished:") })
    }
  }

  @Test("an audited model that stopped early fails the gate with its gradient and tolerance")
  func gate() throws {
    let model = try FairGLMMTests.fit(rho: 0.8)
    try #require(!model.summary.didConverge, "the default boosting on this sample stops early")
    // Any assessment will do: the convergence check reads only the model's summary.
    let result = TestSupport.bankFullAllRows
    let evaluation = ModelEvaluation(
      model: model, training: result.evaluations[0].training, test: result.evaluations[0].test, unseenClusterRows: 0)
    let checks = ThresholdGate.check(Thresholds(), evaluation: evaluation)
    let check = try #require(checks.first { $0.criterion.hasPrefix("fit converged") })
    #expect(!check.passed)
    #expect(check.value == model.summary.gradientNorm)
    #expect(check.limit == model.summary.gradientTolerance)
  }
}
