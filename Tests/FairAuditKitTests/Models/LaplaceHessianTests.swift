import Foundation
import Testing

@testable import FairAuditKit

/// The exact Laplace Hessian against central differences of the exact gradient.
@Suite struct LaplaceHessianTests {
  /// -objective gradient plus sum_i m_i db_i/dtheta, db_i/dtheta = (-u_i/H_i, 2 b_i kappa / H_i).
  static func lagrangianGradient(
    _ likelihood: RandomInterceptLikelihood, theta: [Double], modes: [Double], weights: [Double]
  ) -> [Double] {
    let p = likelihood.p
    let e = likelihood.evaluate(beta: Array(theta[0..<p]), tau: theta[p], modes: modes, information: false)
    var out = e.gradient.map { -$0 }
    let m = e.modeTerms!
    let kappa = exp(-2 * theta[p])
    for i in weights.indices where weights[i] != 0 {
      let h = m.sumW[i] + kappa
      for j in 0..<p { out[j] -= weights[i] * m.u[i * p + j] / h }
      out[p] += weights[i] * 2 * e.modes[i] * kappa / h
    }
    return out
  }

  static func check(_ problem: ModelProblem, theta: [Double], weights: [Double]?) {
    let likelihood = RandomInterceptLikelihood(problem: problem, nAGQ: 1)
    let p = likelihood.p
    let e = likelihood.evaluate(beta: Array(theta[0..<p]), tau: theta[p], modes: [], information: false)
    let exact = likelihood.laplaceHessian(beta: Array(theta[0..<p]), tau: theta[p], at: e, clusterWeights: weights)
    let w = weights ?? [Double](repeating: 0, count: likelihood.q)
    var scale = 0.0
    for a in 0...p { for b in 0...p { scale = max(scale, abs(exact[a, b])) } }
    for a in 0...p {
      let h = 1e-5 * max(1, abs(theta[a]))
      var up = theta, down = theta
      up[a] += h
      down[a] -= h
      let gu = lagrangianGradient(likelihood, theta: up, modes: e.modes, weights: w)
      let gd = lagrangianGradient(likelihood, theta: down, modes: e.modes, weights: w)
      for b in 0...p {
        let difference = (gu[b] - gd[b]) / (2 * h)
        #expect(abs(exact[a, b] - difference) <= 1e-6 * scale, "entry (\(a), \(b)): \(exact[a, b]) vs \(difference)")
      }
    }
    for a in 0...p { for b in 0..<a { #expect(exact[a, b] == exact[b, a] || abs(exact[a, b] - exact[b, a]) <= 1e-12 * scale) } }
  }

  @Test("the exact Hessian of the Laplace objective matches differences of its gradient", arguments: [(11, 12, 1.2), (3, 40, 0.4)])
  func observedInformation(seed: Int, clusters: Int, sigma: Double) {
    let problem = LogisticGLMMPropertyTests.simulated(seed: UInt64(seed), clusters: clusters, sigma: sigma)
    Self.check(problem, theta: [-0.1, 0.6, log(0.9)], weights: nil)
    Self.check(problem, theta: [0.4, -0.2, log(0.2)], weights: nil)
  }

  @Test("with cluster weights it is the Hessian of the Lagrangian through the modes")
  func lagrangian() {
    let problem = LogisticGLMMPropertyTests.simulated(seed: 7, clusters: 15, sigma: 1)
    var rng = SplitMix64(seed: 5)
    let weights = (0..<problem.q).map { _ in 3 * rng.normal() }
    Self.check(problem, theta: [-0.1, 0.6, log(0.9)], weights: weights)
  }

  @Test("on bank-full with (1 | job) and many columns")
  func bank() throws {
    let (problem, lr) = try LogisticGLMMTests.bankProblem()
    Self.check(problem, theta: lr.beta + [log(0.3)], weights: nil)
  }
}
