/// Damped Newton-Raphson minimiser: full Newton steps, halved until the objective decreases.
/// Converges when the Newton decrement g'H^{-1}g/2 falls below `decrementTolerance` * (1 + |f|),
/// always checked with the Hessian at the returned point.
///
/// Once the decrement is below `chord.tolerance` * (1 + |f|) the Hessian is frozen (chord steps:
/// each step costs one gradient pass, not a Hessian). Near the optimum the Hessian changes by
/// O(|step|), so the chord iteration contracts by that factor per step; a chord step that needs
/// halving or contracts by less than half returns to exact steps. A chord point that meets the
/// tolerance is confirmed with its exact Hessian before the run stops.
///
/// On a path of problems (a rho sweep) the run can start with chord steps on the previous point's
/// Hessian (`curvature`), so a warm-started point costs one exact Hessian, the confirming one, or
/// none when its chord settings let a point end on a chord model (`ChordSettings.sweepPoint`).
public struct NewtonRaphson: Sendable {
  public struct Options: Sendable {
    public var maxIterations = 100
    public var decrementTolerance = 1e-16
    public var maxStepHalvings = 40
    /// Chord steps: when the Hessian is frozen, how far, and whether a run may end on one.
    public var chord = ChordSettings()
    public init() {}
  }

  public struct Result: Sendable {
    public let theta: [Double]
    public let model: QuadraticModel
    public let summary: FitSummary
    /// Why the run ended `.singular`: the failed factorisation at the point after `theta`.
    public let singularity: HessianNotPositiveDefinite?

    public init(theta: [Double], model: QuadraticModel, summary: FitSummary, singularity: HessianNotPositiveDefinite? = nil) {
      self.theta = theta
      self.model = model
      self.summary = summary
      self.singularity = singularity
    }
  }

  public var options: Options

  public init(options: Options = Options()) { self.options = options }

  /// - Parameters: `curvature` an exact model of a neighbouring problem of the same dimension
  ///   (the previous point of a path), whose Hessian the first steps use.
  /// - Throws: `HessianNotPositiveDefinite` when the Hessian at `start` cannot be factorised, and
  ///   any other error of the objective.
  public func minimize(_ objective: some NewtonObjective, from start: [Double], curvature: QuadraticModel? = nil) throws -> Result {
    var theta = start
    var log = FitLog(method: "Newton-Raphson with step halving", tolerance: options.decrementTolerance)
    var model = try ChordSteps.startModel(objective, at: theta, curvature: curvature, settings: options.chord)
    var chord = ChordSteps(start: model, settings: options.chord)
    var finishExact = false
    log.count()
    var steps = 0
    while true {
      let step = model.solve(model.gradient)
      let decrement = Vector.dot(model.gradient, step)
      let scale = 1 + abs(model.value)
      let floor = chord.atFloor(decrement, tolerance: options.decrementTolerance, scale: scale)
      // After chord steps, one exact step more unless the decrement is at rounding level: the
      // returned point is then, as without chord steps, an exact Newton step from a converged one.
      if model.isExact && decrement / 2 <= options.decrementTolerance * scale && (!finishExact || floor) {
        log.record(objective: model.value, gradient: model.gradient, step: 0)
        return Result(theta: theta, model: model, summary: summary(steps, model, .converged, log))
      }
      // Chord steps continue far below the tolerance, until they stop contracting (rounding),
      // since they converge only linearly; then the point's own Hessian decides, and the run
      // finishes with exact steps.
      if chord.stalls(model, decrement: decrement, atFloor: floor) {
        if chord.mayEnd(model, atFloor: floor) {
          log.record(objective: model.value, gradient: model.gradient, step: 0)
          return Result(theta: theta, model: model, summary: summary(steps, model, .converged, log))
        }
        do {
          model = try objective.quadraticModel(at: theta)
          log.count()
          chord.refreshed(model)
          finishExact = true
          continue
        } catch let failure as HessianNotPositiveDefinite {
          log.record(objective: model.value, gradient: model.gradient, step: 0)
          return Result(theta: theta, model: chord.exact, summary: summary(steps, chord.exact, .singular, log), singularity: failure)
        }
      }
      guard steps < options.maxIterations else { break }
      let frozen = chord.frozen(model, decrement: decrement, scale: scale)
      let outcome = try lineSearch(objective, theta: theta, step: step, model: model, frozen: frozen, log: &log)
      guard let t = outcome.t else {
        log.record(objective: model.value, gradient: model.gradient, step: 0)
        if model.isExact && decrement / 2 <= options.decrementTolerance * scale {
          // The extra step after chord steps found no decrease: the point already converged.
          return Result(theta: theta, model: model, summary: summary(steps, model, .converged, log))
        }
        let last = chord.last(model)
        return Result(theta: theta, model: last, summary: summary(steps, last, .stepHalvingFailed, log))
      }
      log.record(objective: model.value, gradient: model.gradient, step: t)
      steps += 1
      if model.isExact { finishExact = false }
      // Deliberate fallback: a Hessian that degenerates after progress (separation drives eta to
      // +-infinity and the weights to 0) ends the run at the last good point, whose model is
      // still factorised, with `.singular` and the failure; the caller decides what it means
      // (PenalizedLogisticFit reports separation or throws a singular-design error).
      guard let next = outcome.model else {
        let last = chord.last(model)
        return Result(theta: theta, model: last, summary: summary(steps, last, .singular, log), singularity: outcome.singularity)
      }
      chord.stepped(to: next, decrement: decrement)
      theta = Vector.axpy(theta, -t, step)
      model = next
    }
    log.record(objective: model.value, gradient: model.gradient, step: 0)
    let last = chord.last(model)
    return Result(theta: theta, model: last, summary: summary(options.maxIterations, last, .maxIterations, log))
  }

  /// The accepted step length and the model there. The full step's model (chord when `frozen` is
  /// given, else exact) is computed at once, since it is accepted almost always; shorter trials
  /// evaluate the objective only and return to exact models. A model that cannot be factorised at
  /// the accepted point comes back as nil with the failure.
  private func lineSearch(
    _ objective: some NewtonObjective, theta: [Double], step: [Double], model: QuadraticModel, frozen: QuadraticModel?,
    log: inout FitLog
  ) throws -> (t: Double?, model: QuadraticModel?, singularity: HessianNotPositiveDefinite?) {
    let value = model.value
    // Accept equal values: at the optimum rounding makes strict decrease impossible.
    let accept = { (v: Double) in v.isFinite && v <= value + 1e-12 * abs(value) }
    let full = Vector.axpy(theta, -1, step)
    log.count()
    do {
      let candidate = try objective.model(at: full, frozen: frozen)
      if accept(candidate.value) { return (1, candidate, nil) }
    } catch let failure as HessianNotPositiveDefinite {
      if accept(objective.value(at: full)) { return (1, nil, failure) }
    }
    let search = StepHalving.search(maxStep: 0.5, halvings: options.maxStepHalvings - 1) { t in
      accept(objective.value(at: Vector.axpy(theta, -t, step)))
    }
    log.count(search.trials)
    guard let t = search.t else { return (nil, nil, nil) }
    do {
      log.count()
      return (t, try objective.quadraticModel(at: Vector.axpy(theta, -t, step)), nil)
    } catch let failure as HessianNotPositiveDefinite {
      return (t, nil, failure)
    }
  }

  private func summary(_ iterations: Int, _ model: QuadraticModel, _ t: FitSummary.Termination, _ log: FitLog) -> FitSummary {
    var s = FitSummary(iterations: iterations, gradientNorm: Vector.maxAbs(model.gradient), termination: t)
    s.log = log
    return s
  }
}
