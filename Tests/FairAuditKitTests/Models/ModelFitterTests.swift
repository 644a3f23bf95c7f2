import FairAuditKit  // public interface only: a model is added from outside the library
import Foundation
import Testing

/// A trivial model added through the public fitter interface, touching no library file: the
/// intercept-only (null) model, beta_0 = logit(mean y), every other coefficient 0.
struct NullModelFitter: ModelFitter {
  static let nullModel = ModelKind(rawValue: "nullModel", label: "Null model", isFair: false, usesClusters: false)
  var kind: ModelKind { Self.nullModel }
  var startsFrom: [ModelKind] { [.logisticRegression] }

  func methodText(_ model: FittedModel) -> String { "**Null model**: intercept only, the base rate of the training rows." }

  func fit(_ context: FitContext) throws(FairAuditError) -> FittedModel {
    let problem = context.problem
    let rate = problem.y.reduce(0, +) / Double(problem.n)
    let intercept = log(rate / (1 - rate))
    let coefficients = problem.columns.enumerated().map { j, column in
      Coefficient(name: column.name, estimate: j == 0 ? intercept : 0, standardError: .nan, unitScale: column.unitScale)
    }
    let logLikelihood = Double(problem.n) * (rate * log(rate) + (1 - rate) * log(1 - rate))
    return FittedModel(
      kind: kind, coefficients: coefficients, randomIntercepts: nil, logLikelihood: logLikelihood, parameterCount: 1,
      observationCount: problem.n, objectiveValue: -logLikelihood,
      summary: FitSummary(iterations: 0, gradientNorm: 0, termination: .converged))
  }
}

/// A model whose fit always fails: left out with a warning unless it is the audited model.
struct FailingFitter: ModelFitter {
  var kind: ModelKind { ModelKind(rawValue: "failing", label: "Failing", isFair: false, usesClusters: false) }
  var startsFrom: [ModelKind] { [] }
  func methodText(_ model: FittedModel) -> String { "" }
  func fit(_ context: FitContext) throws(FairAuditError) -> FittedModel {
    throw .didNotConverge(model: "Failing", iterations: 1, gradientNorm: 1)
  }
}

@Suite struct ModelFitterTests {
  static func configuration() -> AuditConfiguration {
    var c = AuditConfiguration(inputPath: TestSupport.bankSmall)
    c.sensitiveArguments = ["housing"]
    c.sweep = false
    return c
  }

  @Test("a model added through the public interface is fitted, evaluated, reported and written to JSON")
  func addedModel() throws {
    var c = Self.configuration()
    c.models = ModelCatalog.standard + [NullModelFitter()]
    let result = try AuditPipeline.run(c)
    #expect(result.evaluations.map(\.model.kind) == [.logisticRegression, .fairLogisticRegression, NullModelFitter.nullModel])
    let null = try #require(result.evaluations.last)
    #expect(null.test.features[0].protected.selectionRate == 0)  // base rate 0.115 < 0.5: nobody selected
    let markdown = try ReportBuilder(result: result).markdown(templates: nil)
    #expect(markdown.contains("**Null model**: intercept only"))
    let json = try #require(try JSONSerialization.jsonObject(with: Data(AuditSummary.json(result).utf8)) as? [String: Any])
    let kinds = (json["models"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }
    #expect(kinds == ["logisticRegression", "fairLogisticRegression", "nullModel"])
  }

  @Test("a failing model is left out with a warning; as the audited model its error ends the run")
  func failingModel() throws {
    var c = Self.configuration()
    c.models = ModelCatalog.standard + [FailingFitter()]
    let result = try AuditPipeline.run(c)
    #expect(result.evaluations.count == 2)
    #expect(result.warnings.contains { $0.code == "model" && $0.description.hasPrefix("Failing: could not be fitted") })
    c.auditedModel = FailingFitter().kind
    #expect(throws: FairAuditError.didNotConverge(model: "Failing", iterations: 1, gradientNorm: 1)) { try AuditPipeline.run(c) }
  }
}
