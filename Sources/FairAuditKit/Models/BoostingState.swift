import Foundation

/// Mutable state of one Fair GLMM boosting run (see `FairGLMMBoosting`). Parameters are
/// delta = (beta_0..beta_{p-1}, b_1..b_q); column 0 of X is the intercept.
///
/// Two objectives, both minimised (docs/method.md, "Fair GLMM: safeguards"):
///
///     f(delta; Q)   = sum_j loss(y_j, eta_j) + b'b / (2Q) + sum_k (rho_k/2)(a_k'delta)^2 + (kappa/2) sum_{j>0} beta_j^2
///     Phi(delta, Q) = f(delta; Q) + (q/2) log Q + (1/2) log det F(delta, Q)
///
/// f is what the Newton steps of the boosting minimise at fixed Q (F is its Hessian, the penalised
/// Fisher matrix); Phi is the Laplace (REML-type) objective whose fixed point in Q is the EM update.
/// A boosting step is accepted only if it does not increase f (step halving), an EM update only if
/// it does not increase Phi (halving its log-step), so neither can run away.
struct BoostingState {
  let problem: ModelProblem
  let rho: [Double]
  /// kappa: the fixed-effect ridge of the problem (0 unless the separation fallback set it).
  let ridge: Double
  let options: FairGLMMBoosting.Options
  /// a_k with a_k' delta = N g_k.
  let directions: [[Double]]
  /// X's columns split for the probe products: the intercept and standardised columns, and the
  /// one-hot dummies, summed over their nonzero rows only (`SparseColumnGroup`).
  let denseColumns: [Int]
  let oneHotColumns: [Int]
  var delta: [Double]
  var q: Double
  var steps = 0
  var bic = Double.infinity
  var df = 0.0
  /// f(delta; Q) at the current iterate.
  var objective = Double.infinity
  /// sum_j loss(y_j, eta_j) at the current eta (set with the weights).
  var currentLoss = Double.nan
  /// Phi(delta, Q) after the last variance update.
  var varianceObjective = Double.infinity
  /// Step length factor t of the last accepted step (delta += t nu Delta), 1 without halving.
  var lastStepFactor = 1.0
  // Working quantities at the current delta (buffers reused across steps).
  var eta: [Double] = []
  var w: [Double] = []
  /// sqrt(w), used by every hat-matrix product of a step.
  var rootW: [Double] = []
  var residual: [Double] = []
  /// Hutchinson probes v_k and R_k = (I - H_l) v_k, row by row (entry i m + k is R_k[i], m probes),
  /// so each pass reads a row's m values together.
  var probes = TraceProbes(count: 0, rows: 0, seed: 0)
  var images: [Double] = []
  /// X'WX, X'WZ, diag(Z'WZ) and the step sums at the last delta they were computed at (`information()`).
  var lastInformation: (delta: [Double], information: Information)? = nil
  /// Reused per-step buffer: the trial linear predictor.
  var trialEta: [Double] = []
  /// The boosting path: penalised objective and step factor per step, objective evaluations.
  var log: FitLog
  /// Column `loadedColumn` of X, gathered from the shared design rows for the per-column passes
  /// (step halving and hat products of the chosen candidate); X itself is never copied.
  var columnWorkspace: [Double] = []
  var loadedColumn: Int? = nil

  struct Snapshot {
    let delta: [Double]
    let q: Double
    let bic: Double
    let df: Double
    let steps: Int
  }

  /// What one boosting step did.
  struct StepOutcome {
    /// Relative changes of delta and Q (0 when nothing was accepted).
    var deltaChange = 0.0
    var varianceChange = 0.0
    /// False when no candidate's step, however short, decreased f: the iterate is stationary in
    /// every candidate subspace, hence (their union covering all coordinates) in delta.
    var accepted = false
    /// f(.; Q_old) before and after the boosting step, and Phi(delta_new, .) before and after the
    /// variance update (the safeguards guarantee after <= before for both).
    var objectiveBefore = Double.nan
    var objectiveAfter = Double.nan
    var varianceObjectiveBefore = Double.nan
    var varianceObjectiveAfter = Double.nan
  }

  init(problem: ModelProblem, rho: [Double], delta: [Double], q: Double, options: FairGLMMBoosting.Options) {
    self.problem = problem
    self.rho = rho
    ridge = problem.fixedEffectRidge
    self.options = options
    self.delta = delta
    self.q = q
    directions = problem.sensitiveNames.indices.map { problem.covarianceDirection($0, includeClusters: true) }
    let oneHot = problem.columns.indices.filter {
      if case .dummy = problem.columns[$0] { return true }
      return false
    }
    oneHotColumns = oneHot
    denseColumns = problem.columns.indices.filter { !oneHot.contains($0) }
    log = FitLog(method: "componentwise boosting, step halving, EM variance update", tolerance: options.tolerance)
  }

  /// Gathers column r of X into `columnWorkspace` unless it is already there.
  mutating func loadColumn(_ r: Int) {
    guard loadedColumn != r else { return }
    problem.x.copyColumn(r, into: &columnWorkspace)
    loadedColumn = r
  }

  var p: Int { problem.p }
  var clusters: Int { problem.q }

  func snapshot() -> Snapshot { Snapshot(delta: delta, q: q, bic: bic, df: df, steps: steps) }

  /// eta, weights and residuals at the current delta (warm start: eta is rebuilt from it).
  mutating func refresh() {
    eta = problem.x.multiply(Array(delta[0..<p]))
    for (i, c) in problem.clusters.enumerated() { eta[i] += delta[p + c] }
    refreshWeights()
  }

  /// Weights, residuals and the loss from the current eta, over row blocks in parallel (the loss
  /// summed in block order).
  mutating func refreshWeights() {
    let n = problem.n
    if w.count != n {
      w = [Double](repeating: 0, count: n)
      rootW = w
      residual = w
    }
    let (parallel, y) = (problem.x.storage.parallel, problem.y)
    currentLoss = eta.withUnsafeBufferPointer { eta in
      w.withUnsafeMutableBufferPointer { w in
        rootW.withUnsafeMutableBufferPointer { rootW in
          residual.withUnsafeMutableBufferPointer { residual in
            parallel.blockSum(rows: n, length: 1) { range in
              var loss = 0.0
              // Four rows per call, one exponential each for both (the bits of `logistic` and `bernoulliLoss`).
              StableMath.lossAndMean(
                rows: range, y: { y[$0] }, eta: { eta[$0] },
                each: { first, count, rowLoss, mu in
                  for l in 0..<count {
                    let i = first + l
                    w[i] = max(mu[l] * (1 - mu[l]), 1e-12)
                    rootW[i] = w[i].squareRoot()
                    residual[i] = y[i] - mu[l]
                    loss += rowLoss[l]
                  }
                })
              return [loss]
            }[0]
          }
        }
      }
    }
  }

  /// Probes, R = (I - M_0) V with A_0 = [1, Z], the initial df and BIC, and the first EM update.
  mutating func initialise(probes: TraceProbes) throws(FairAuditError) {
    refresh()
    objective = penalisedObjective(loss: currentLoss, delta: delta)
    guard objective.isFinite else { throw numerical("the penalised objective at the start is not finite") }
    precondition(probes.rows == problem.n, "probes drawn for another problem")
    self.probes = probes
    let base = try candidateSystem(column: nil, sums: stepSums())
    // R_k = v_k - M_0 v_k, all probes in two passes (`shrinkImages` with length 1, the same bits
    // as v_k - applyHat(v_k) one probe at a time).
    images = probes.rowMajor()
    shrinkImages(base, column: nil, length: 1)
    df = try traceOfHat(base)
    bic = criterion(logLikelihood: -currentLoss, delta: delta, df: df)
    _ = try updateVariance()
  }

  /// One boosting step. Candidates are ranked by their BIC with the second-order expansion of l
  /// around the current fit; the best one's step t nu Delta is halved (t = 1, 1/2, ...) until f does
  /// not increase, and the next-ranked candidate is tried when no length works. Then Q is updated.
  mutating func step() throws(FairAuditError) -> StepOutcome {
    steps += 1
    let sums = stepSums()
    let crossTerms = probeSums()
    let current = -currentLoss
    var ranked: [(value: Double, column: Int, system: CandidateSystem, step: [Double], increment: Double)] = []
    for r in 1..<p {
      let system = try candidateSystem(column: r, sums: sums)
      let d = system.solver.solve(score(column: r, sums: sums))
      // tr(M_r (I - H)) lies in [0, tr(M_r)] for these projection-like operators; clamping keeps
      // the Monte Carlo noise of the cross term from making df decrease or jump.
      let trace = try traceOfHat(system)
      let increment = min(max(trace - crossTrace(system, column: r, sums: crossTerms), 0), trace)
      let l = current + likelihoodChange(d, column: r, system: system, sums: sums)
      let value = criterion(logLikelihood: l, delta: embed(d, column: r, factor: 1), df: df + options.nu * increment)
      ranked.append((value.isNaN ? .infinity : value, r, system, d, increment))
    }
    ranked.sort { $0.value < $1.value }
    var outcome = StepOutcome()
    outcome.objectiveBefore = objective
    for candidate in ranked {
      guard let t = acceptedFactor(candidate.step, column: candidate.column) else { continue }
      let old = delta
      let length = t * options.nu
      delta = embed(candidate.step, column: candidate.column, factor: t)
      swap(&eta, &trialEta)
      refreshWeights()
      objective = penalisedObjective(loss: currentLoss, delta: delta)
      loadColumn(candidate.column)
      shrinkImages(candidate.system, column: candidate.column, length: length)
      df += length * candidate.increment
      lastStepFactor = t
      bic = criterion(logLikelihood: -currentLoss, delta: delta, df: df)
      outcome.accepted = true
      outcome.deltaChange = Vector.norm(zip(delta, old).map { $0 - $1 }) / max(Vector.norm(delta), 1e-12)
      break
    }
    outcome.objectiveAfter = objective
    let oldQ = q
    (outcome.varianceObjectiveBefore, outcome.varianceObjectiveAfter) = try updateVariance()
    outcome.varianceChange = abs(q - oldQ) / max(oldQ, 1e-12)
    return outcome
  }

  /// The largest t in {1, 1/2, ..., 2^-30} with f(delta + t nu Delta) <= f(delta), leaving its
  /// linear predictor in `trialEta`; nil when none (Delta is then not a descent direction of f to
  /// rounding precision).
  mutating func acceptedFactor(_ d: [Double], column r: Int) -> Double? {
    if trialEta.count != problem.n { trialEta = eta }
    loadColumn(r)
    let x = columnWorkspace
    var trial: [Double] = []
    swap(&trial, &trialEta)  // the reused workspace, without a copy
    let (parallel, clusterCodes, y) = (problem.x.storage.parallel, problem.clusters, problem.y)
    let search = StepHalving.search(halvings: 30) { t in
      let length = t * options.nu
      let loss = eta.withUnsafeBufferPointer { eta in
        trial.withUnsafeMutableBufferPointer { trial in
          parallel.blockSum(rows: problem.n, length: 1) { range in
            for i in range { trial[i] = eta[i] + length * (d[0] + d[1] * x[i] + d[2 + clusterCodes[i]]) }
            return [StableMath.lossSum(rows: range, y: { y[$0] }, eta: { trial[$0] })]
          }[0]
        }
      }
      return penalisedObjective(loss: loss, delta: embed(d, column: r, factor: t)) <= objective
    }
    trialEta = trial
    log.count(search.trials)
    return search.t
  }

  /// f(delta; Q) from sum_j loss(y_j, eta_j) at a linear predictor eta consistent with delta.
  func penalisedObjective(loss: Double, delta: [Double]) -> Double {
    var total = loss
    for c in 0..<clusters { total += delta[p + c] * delta[p + c] / (2 * q) }
    return total + fairnessPenalty(delta) + ridgePenalty(delta)
  }

  /// sum_k (rho_k/2)(a_k' delta)^2.
  func fairnessPenalty(_ delta: [Double]) -> Double {
    var penalty = 0.0
    for (k, a) in directions.enumerated() where rho[k] > 0 {
      let v = Vector.dot(a, delta)
      penalty += rho[k] / 2 * v * v
    }
    return penalty
  }

  /// (kappa/2) sum_{j>0} beta_j^2.
  func ridgePenalty(_ delta: [Double]) -> Double {
    guard ridge > 0 else { return 0 }
    var s = 0.0
    for j in 1..<p { s += delta[j] * delta[j] }
    return ridge / 2 * s
  }

  /// -2 [l - sum_k (rho_k/2)(a_k' delta)^2 - (kappa/2) sum_{j>0} beta_j^2] + df log(n_clusters).
  func criterion(logLikelihood l: Double, delta: [Double], df: Double) -> Double {
    -2 * (l - fairnessPenalty(delta) - ridgePenalty(delta)) + df * Foundation.log(Double(clusters))
  }

  func numerical(_ detail: String) -> FairAuditError {
    .singularDesign(model: ModelKind.fairGLMM.label, detail: detail)
  }
}
