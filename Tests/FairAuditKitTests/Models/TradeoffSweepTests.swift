import Foundation
import Testing

@testable import FairAuditKit

/// The sensitivity analysis on the small bank sample (two sensitive features, job clusters) and on
/// the paper's simulated unfair-strata sample (one feature).
@Suite struct TradeoffSweepTests {
  static func configuration(_ path: String, sensitive: [String], cluster: String?, threads: Int = 2) -> AuditConfiguration {
    var c = AuditConfiguration(inputPath: path)
    c.sensitiveArguments = sensitive
    c.roles.cluster = cluster
    c.sweepPoints = 6
    c.parallel = ParallelWork(threads: threads)
    return c
  }

  static let bank: AuditResult = try! AuditPipeline.run(configuration(TestSupport.bankSmall, sensitive: ["housing,loan"], cluster: "job"))

  static let simulated: AuditResult = {
    var c = configuration(TestSupport.fixtureURL("sim_unfair_strata.csv").path, sensitive: ["Sex"], cluster: "ClusterID")
    c.roles.exclude = ["ClusterID"]
    c.roles.target = "target"
    return try! AuditPipeline.run(c)
  }()

  static var runs: [AuditResult] { [bank, simulated] }

  @Test("each fair model is fitted at every grid value, on every path")
  func coverage() throws {
    let sweep = try #require(Self.bank.sweep)
    #expect(sweep.grid.rho.first == 0 && sweep.grid.rho.count >= 7)
    for kind in [ModelKind.fairLogisticRegression, .fairClusterRegularizedLR, .fairGLMM] {
      #expect(sweep.path(kind, .penalty).map(\.parameter) == sweep.grid.rho)
    }
    for kind in [ModelKind.fairLogisticRegression, .fairClusterRegularizedLR] {
      for path in [SweepPath.jointBound, .featureBound(0), .featureBound(1)] {
        #expect(sweep.path(kind, path).count == 6, "\(kind.label) \(path)")
      }
    }
    #expect(sweep.path(.constrainedGLMM, .jointBound).count == 6)
    #expect(sweep.path(.constrainedGLMM, .featureBound(0)).isEmpty)
  }

  @Test("the default rho grid runs from the unconstrained fit to near-zero covariance")
  func rhoGridSpansThePath() throws {
    for run in Self.runs {
      let sweep = try #require(run.sweep)
      let g = sweep.path(.fairLogisticRegression, .penalty).map { $0.covariance.map(abs).max()! }
      #expect(g[1] >= 0.95 * g[0], "first positive rho already binds: \(g)")
      #expect(g.last! <= 0.05 * g[0], "last rho leaves covariance: \(g)")
    }
  }

  @Test("rho = 0 reproduces the unconstrained fits")
  func zeroPenaltyIsUnconstrained() throws {
    for run in Self.runs {
      let sweep = try #require(run.sweep)
      for (kind, base) in [
        (ModelKind.fairLogisticRegression, ModelKind.logisticRegression), (.fairClusterRegularizedLR, .clusterRegularizedLR),
      ] {
        let point = try #require(sweep.path(kind, .penalty).first)
        let e = try #require(run.evaluations.first { $0.model.kind == base })
        #expect(point.parameter == 0)
        #expect(point.accuracy == e.test.performance.accuracy)
        #expect(TestSupport.close(point.auc, e.test.performance.auc, absolute: 1e-12))
        let g = TradeoffSweepTests.covariance(run, e.model)
        for k in g.indices { #expect(TestSupport.close(point.covariance[k], g[k], relative: 1e-7, absolute: 1e-12)) }
      }
    }
  }

  static func covariance(_ run: AuditResult, _ model: FittedModel) -> [Double] {
    let problem = ModelProblem(frame: run.frame, design: run.design, rows: run.split.training)
    return problem.sensitiveNames.indices.map {
      Vector.dot(Array(problem.covarianceDirection($0, includeClusters: true).prefix(model.parameters.count)), model.parameters)
        / Double(problem.n)
    }
  }

  @Test("along rho the covariance of the penalised models does not grow")
  func covarianceFallsWithRho() throws {
    for run in Self.runs {
      let sweep = try #require(run.sweep)
      for kind in [ModelKind.fairLogisticRegression, .fairClusterRegularizedLR] {
        let g = sweep.path(kind, .penalty).map { $0.covariance.map(abs).reduce(0, +) }
        for (a, b) in zip(g, g.dropFirst()) { #expect(b <= a * (1 + 1e-9), "\(kind.label): \(g)") }
      }
    }
  }

  @Test("along c the bounds hold and shadow prices do not fall as c tightens")
  func boundPaths() throws {
    for run in Self.runs {
      let sweep = try #require(run.sweep)
      for kind in [ModelKind.fairLogisticRegression, .fairClusterRegularizedLR, .constrainedGLMM] {
        let points = sweep.path(kind, .jointBound)
        for p in points {
          #expect(p.covariance.allSatisfy { abs($0) <= p.parameter + 1e-9 }, "\(kind.label) c = \(p.parameter): \(p.covariance)")
        }  // the fits' feasibility tolerance
        for k in sweep.unconstrainedCovariance.indices {
          let prices = points.map { $0.multipliers[k] }
          for (a, b) in zip(prices, prices.dropFirst()) { #expect(b >= a * (1 - 1e-9), "\(kind.label): \(prices)") }
        }
      }
    }
  }

  @Test("every shadow price agrees with the finite difference of the re-solved optimal loss")
  func shadowPricesChecked() throws {
    for run in Self.runs {
      let sweep = try #require(run.sweep)
      // Fair LR, Fair CRLR and the constrained GLMM, each feature.
      #expect(sweep.checks.count == 3 * run.frame.sensitive.count)
      for check in sweep.checks {
        #expect(check.agrees, "\(check.kind.label) feature \(check.feature): \(check.multiplier) vs \(check.finiteDifference)")
        #expect(check.binds == (check.multiplier > 0))
      }
      #expect(!run.warnings.contains { $0.code == "shadow_price_check" })
    }
  }

  @Test("a bound that does not bind has shadow price 0, confirmed by the re-solve")
  func inactiveConstraint() throws {
    var c = Self.configuration(TestSupport.bankSmall, sensitive: ["housing,loan"], cluster: nil)
    c.covarianceBound = [10]
    c.rhoGrid = [0]
    c.boundGrid = [0.05]
    let run = try AuditPipeline.run(c)
    let checks = try #require(run.sweep?.checks)
    #expect(checks.count == 2)
    for check in checks {
      #expect(!check.binds && check.multiplier == 0)
      #expect(abs(check.finiteDifference) < 1e-4)
    }
  }

  @Test("the sweep is the same bytes with one and with two threads")
  func threadCountInvariance() throws {
    let one = try AuditPipeline.run(Self.configuration(TestSupport.bankSmall, sensitive: ["housing,loan"], cluster: "job", threads: 1))
    let a = AuditSummary.json(one), b = AuditSummary.json(Self.bank)
    #expect(a == b)
  }

  @Test("the Pareto front is exactly the set of undominated converged points")
  func paretoFront() throws {
    for run in Self.runs {
      let points = try #require(run.sweep).points
      let front = Set(try #require(run.tradeoff).front.indices)
      let usable = points.indices.filter { points[$0].converged && points[$0].worstPRule.isFinite }
      func dominates(_ a: Int, _ b: Int) -> Bool {
        let p = points[a], q = points[b]
        return p.worstPRule >= q.worstPRule && p.accuracy >= q.accuracy && (p.worstPRule > q.worstPRule || p.accuracy > q.accuracy)
      }
      for i in usable {
        let dominated = usable.contains { dominates($0, i) }
        if front.contains(i) {
          #expect(!dominated)
        } else {
          #expect(
            dominated
              || usable.contains {
                front.contains($0) && points[$0].worstPRule == points[i].worstPRule && points[$0].accuracy == points[i].accuracy
              })
        }
      }
    }
  }

  @Test("each model's own front holds only that model's undominated points")
  func modelFronts() throws {
    let run = Self.bank
    let points = try #require(run.sweep).points
    let analysis = try #require(run.tradeoff)
    #expect(analysis.modelFronts.map(\.kind) == [.fairGLMM, .constrainedGLMM, .fairClusterRegularizedLR, .fairLogisticRegression])
    for (kind, front) in analysis.modelFronts {
      let own = points.indices.filter { points[$0].kind == kind && points[$0].converged && points[$0].worstPRule.isFinite }
      for i in front.indices {
        #expect(points[i].kind == kind)
        #expect(!own.contains { points[$0].worstPRule >= points[i].worstPRule && points[$0].accuracy > points[i].accuracy })
      }
    }
  }

  @Test("the recommended point meets every target and no eligible point is more accurate")
  func recommendation() throws {
    var c = Self.configuration(TestSupport.bankSmall, sensitive: ["housing,loan"], cluster: nil)
    c.thresholds.minPRule = 70
    let run = try AuditPipeline.run(c)
    let analysis = try #require(run.tradeoff)
    let points = try #require(run.sweep).points
    #expect(analysis.targets == [FairnessTarget(metric: .pRule, limit: 70, isDefault: false)])
    let meets = { (p: TradeoffPoint) in p.converged && p.pRule.allSatisfy { $0 >= 70 } }
    if let r = analysis.recommended {
      #expect(meets(points[r]))
      #expect(!points.contains { meets($0) && $0.accuracy > points[r].accuracy })
    } else {
      #expect(!points.contains(where: meets))
      #expect(analysis.closest != nil)
    }
  }

  @Test("a feature's threshold cost is read at the loosest bound that meets the target")
  func thresholdCosts() throws {
    let run = Self.bank
    let analysis = try #require(run.tradeoff)
    let sweep = try #require(run.sweep)
    #expect(analysis.targets.first?.isDefault == true)
    #expect(analysis.costs.count == 2 * 2)  // per-feature paths: Fair LR and Fair CRLR
    for cost in analysis.costs {
      let path = sweep.path(cost.kind, .featureBound(cost.feature))
      if let reached = cost.reached {
        let index = try #require(path.firstIndex(of: reached))
        #expect(path[..<index].allSatisfy { !cost.target.isMet($0, feature: cost.feature) })
        #expect(cost.accuracyCost == cost.unconstrainedAccuracy - reached.accuracy)
      } else {
        #expect(path.allSatisfy { !cost.target.isMet($0, feature: cost.feature) })
      }
    }
  }
}
