import Foundation

/// Mutable state of one Fair GLMM boosting run (see `FairGLMMBoosting`). Parameters are
/// delta = (beta_0..beta_{p-1}, b_1..b_q); column 0 of X is the intercept.
struct BoostingState {
  let problem: ModelProblem
  let rho: [Double]
  let options: FairGLMMBoosting.Options
  /// a_k with a_k' delta = N g_k.
  let directions: [[Double]]
  /// Columns of X, contiguous, for the per-column passes.
  let columnValues: [[Double]]
  var delta: [Double]
  var q: Double
  var steps = 0
  var bic = Double.infinity
  var df = 0.0
  // Working quantities at the current delta.
  var eta: [Double] = []
  var w: [Double] = []
  /// sqrt(w), used by every hat-matrix product of a step.
  var rootW: [Double] = []
  var residual: [Double] = []
  /// Hutchinson probes v_i and R_i = (I - H_l) v_i.
  var probes: [[Double]] = []
  var images: [[Double]] = []

  struct Snapshot {
    let delta: [Double]
    let q: Double
    let bic: Double
    let df: Double
    let steps: Int
  }

  init(problem: ModelProblem, rho: [Double], delta: [Double], q: Double, options: FairGLMMBoosting.Options) {
    self.problem = problem
    self.rho = rho
    self.options = options
    self.delta = delta
    self.q = q
    directions = problem.sensitiveNames.indices.map { problem.covarianceDirection($0, includeClusters: true) }
    columnValues = (0..<problem.p).map { j in (0..<problem.n).map { problem.x[$0, j] } }
  }

  var p: Int { problem.p }
  var clusters: Int { problem.q }

  func snapshot() -> Snapshot { Snapshot(delta: delta, q: q, bic: bic, df: df, steps: steps) }

  /// eta, weights and residuals at the current delta (warm start: eta is rebuilt from it).
  mutating func refresh() {
    eta = problem.x.multiply(Array(delta[0..<p]))
    for (i, c) in problem.clusters.enumerated() { eta[i] += delta[p + c] }
    let mu = eta.map(StableMath.logistic)
    w = mu.map { max($0 * (1 - $0), 1e-12) }
    rootW = w.map { $0.squareRoot() }
    residual = zip(problem.y, mu).map { $0 - $1 }
  }

  /// Probes, R = (I - M_0) V with A_0 = [1, Z], the initial df and BIC, and the first EM update.
  mutating func initialise() throws {
    refresh()
    var rng = SplitMix64(seed: options.seed)
    probes = options.probeVectors
      ?? (0..<options.traceProbes).map { _ in (0..<problem.n).map { _ in rng.next() & 1 == 0 ? -1.0 : 1.0 } }
    let base = try candidateSystem(column: nil, sums: stepSums())
    images = probes.map { v in Vector.axpy(v, -1, applyHat(base, column: nil, to: v)) }
    df = traceOfHat(base)
    bic = criterion(logLikelihood: logLikelihood(eta), delta: delta, df: df)
    q = try emVariance()
  }

  /// One boosting step; returns the relative changes of delta and of Q. Candidates are ranked by
  /// their BIC with the second-order expansion of l around the current fit (exact to O(|d eta|^3));
  /// the chosen step's BIC uses the exact likelihood.
  mutating func step() throws -> (Double, Double) {
    steps += 1
    let sums = stepSums()
    let crossTerms = probeSums()
    let current = logLikelihood(eta)
    var bestBIC = Double.infinity
    var chosen: (column: Int, system: CandidateSystem, step: [Double], df: Double)? = nil
    for r in 1..<p {
      let system = try candidateSystem(column: r, sums: sums)
      let d = system.solver.solve(score(column: r, sums: sums))
      // tr(M_r (I - H)) lies in [0, tr(M_r)] for these projection-like operators; clamping keeps
      // the Monte Carlo noise of the cross term from making df decrease or jump.
      let trace = traceOfHat(system)
      let increment = min(max(trace - crossTrace(system, column: r, sums: crossTerms), 0), trace)
      let dfR = df + options.nu * increment
      let l = current + likelihoodChange(d, column: r, system: system, sums: sums)
      let value = criterion(logLikelihood: l, delta: embed(d, column: r), df: dfR)
      if value < bestBIC { bestBIC = value; chosen = (r, system, d, dfR) }
    }
    guard let chosen else { return (0, 0) }
    let old = delta
    delta = embed(chosen.step, column: chosen.column)
    images = images.map { Vector.axpy($0, -options.nu, applyHat(chosen.system, column: chosen.column, to: $0)) }
    df = chosen.df
    refresh()
    bic = criterion(logLikelihood: logLikelihood(eta), delta: delta, df: df)
    let oldQ = q
    q = try emVariance()
    let change = Vector.norm(zip(delta, old).map { $0 - $1 }) / max(Vector.norm(delta), 1e-12)
    return (change, abs(q - oldQ) / max(oldQ, 1e-12))
  }

  /// -2 [l - (rho/2) sum (a_k' delta)^2] + df log(n_clusters).
  func criterion(logLikelihood l: Double, delta: [Double], df: Double) -> Double {
    var penalty = 0.0
    for (k, a) in directions.enumerated() { let v = Vector.dot(a, delta); penalty += rho[k] / 2 * v * v }
    return -2 * (l - penalty) + df * Foundation.log(Double(clusters))
  }

  func logLikelihood(_ eta: [Double]) -> Double {
    var s = 0.0
    for i in eta.indices { s -= StableMath.bernoulliLoss(y: problem.y[i], eta: eta[i]) }
    return s
  }
}
