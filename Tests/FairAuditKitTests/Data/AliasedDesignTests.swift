import Foundation
import Testing

@testable import FairAuditKit

/// Known answers for a design with constant and aliased columns (Fixtures/aliased.csv, made with
/// R's glm and lme4's glmer by Benchmarks/reference/aliased_glm.R): the constant columns are left
/// out, the aliased ones dropped as R reports them NA, and the remaining fit equals R's.
@Suite struct AliasedDesignTests {
  static func audit(cluster: Bool) throws -> AuditResult {
    var c = AuditConfiguration(inputPath: TestSupport.fixtureURL("aliased.csv").path)
    c.roles.target = "y"
    c.sensitiveArguments = ["female"]
    if cluster { c.roles.cluster = "region" } else { c.roles.exclude = ["region"] }
    c.testFraction = 0
    c.sweep = false
    return try AuditPipeline.run(c)
  }

  static func dropped(_ r: AuditResult) -> [String: [String]] {
    var out: [String: [String]] = [:]
    for case .aliasedColumn(let name, let combination) in r.warnings { out[name] = combination }
    return out
  }

  @Test("LR equals R glm: same log-likelihood and coefficients, aliased columns dropped with their combination")
  func matchesGlm() throws {
    let reference = try TestSupport.fixture("aliased_glm.json")
    let r = try Self.audit(cluster: false)
    let lr = try #require(r.evaluations.first { $0.model.kind == .logisticRegression }).model
    #expect(TestSupport.close(lr.logLikelihood, reference["loglik"] as! Double, relative: 1e-9))
    let coefficients = reference["coefficients"] as! [[String: Any]]
    let estimated = Dictionary(uniqueKeysWithValues: lr.coefficients.map { ($0.name, $0) })
    for entry in coefficients {
      let name = entry["name"] as! String
      if let value = entry["estimate"] as? Double {
        let mine = try #require(estimated[name], "\(name) missing")
        #expect(TestSupport.close(mine.estimate, value, relative: 1e-6, absolute: 1e-9), "\(name)")
        #expect(TestSupport.close(mine.standardError, entry["std_error"] as! Double, relative: 1e-5), "\(name) SE")
      } else {
        #expect(estimated[name] == nil, "\(name) is NA in R but was estimated")
      }
    }
    let aliased = reference["aliased"] as! [[String: Any]]
    let dropped = Self.dropped(r)
    #expect(Set(dropped.keys) == Set(aliased.map { $0["name"] as! String }))
    for entry in aliased {
      #expect(Set(dropped[entry["name"] as! String] ?? []) == Set(entry["combination_of"] as! [String]))
    }
    let constant = r.warnings.compactMap { w -> String? in
      if case .covariateLeftOut(let column, .constant) = w { return column }
      return nil
    }
    #expect(constant == ["version", "country"])
  }

  @Test("the GLMM equals lme4 glmer (Laplace) after the same columns are dropped")
  func matchesGlmer() throws {
    let reference = try TestSupport.fixture("aliased_glmer.json")
    let r = try Self.audit(cluster: true)
    let glmm = try #require(r.evaluations.first { $0.model.kind == .logisticGLMM }).model
    #expect(TestSupport.close(glmm.logLikelihood, reference["loglik"] as! Double, relative: 1e-7))
    #expect(TestSupport.close(try #require(glmm.randomIntercepts?.sigma), reference["sigma"] as! Double, relative: 1e-4))
    let estimated = Dictionary(uniqueKeysWithValues: glmm.coefficients.map { ($0.name, $0.estimate) })
    for entry in reference["beta"] as! [[String: Any]] {
      let name = entry["name"] as! String
      if let value = entry["estimate"] as? Double {
        #expect(TestSupport.close(try #require(estimated[name]), value, relative: 1e-5, absolute: 1e-7), "\(name)")
      } else {
        #expect(estimated[name] == nil)
      }
    }
    #expect(Set(Self.dropped(r).keys) == Set(reference["dropped"] as! [String]))
  }
}
