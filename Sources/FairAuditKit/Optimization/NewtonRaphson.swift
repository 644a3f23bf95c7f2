/// Damped Newton-Raphson minimiser: full Newton steps, halved until the objective decreases.
/// Converges when the Newton decrement g'H^{-1}g/2 falls below `decrementTolerance` * (1 + |f|).
public struct NewtonRaphson: Sendable {
  public struct Options: Sendable {
    public var maxIterations = 100
    public var decrementTolerance = 1e-16
    public var maxStepHalvings = 40
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

  /// - Throws: `HessianNotPositiveDefinite` when the Hessian at `start` cannot be factorised, and
  ///   any other error of the objective.
  public func minimize(_ objective: some NewtonObjective, from start: [Double]) throws -> Result {
    var theta = start
    var log = FitLog(method: "Newton-Raphson with step halving", tolerance: options.decrementTolerance)
    var model = try objective.quadraticModel(at: theta)
    log.count()
    for iteration in 1...options.maxIterations {
      let step = model.solve(model.gradient)
      let decrement = Vector.dot(model.gradient, step)
      if decrement / 2 <= options.decrementTolerance * (1 + abs(model.value)) {
        log.record(objective: model.value, gradient: model.gradient, step: 0)
        return Result(theta: theta, model: model, summary: summary(iteration - 1, model, .converged, log))
      }
      let value = model.value
      // Accept equal values: at the optimum rounding makes strict decrease impossible.
      let search = StepHalving.search(halvings: options.maxStepHalvings) { t in
        let v = objective.value(at: Vector.axpy(theta, -t, step))
        return v.isFinite && v <= value + 1e-12 * abs(value)
      }
      log.count(search.trials)
      guard let t = search.t else {
        log.record(objective: model.value, gradient: model.gradient, step: 0)
        return Result(theta: theta, model: model, summary: summary(iteration - 1, model, .stepHalvingFailed, log))
      }
      log.record(objective: model.value, gradient: model.gradient, step: t)
      let next = Vector.axpy(theta, -t, step)
      // Deliberate fallback: a Hessian that degenerates after progress (separation drives eta to
      // +-infinity and the weights to 0) ends the run at the last good point, whose model is
      // still factorised, with `.singular` and the failure; the caller decides what it means
      // (PenalizedLogisticFit reports separation or throws a singular-design error).
      do {
        model = try objective.quadraticModel(at: next)
        log.count()
        theta = next
      } catch let failure as HessianNotPositiveDefinite {
        return Result(theta: theta, model: model, summary: summary(iteration, model, .singular, log), singularity: failure)
      }
    }
    log.record(objective: model.value, gradient: model.gradient, step: 0)
    return Result(theta: theta, model: model, summary: summary(options.maxIterations, model, .maxIterations, log))
  }

  private func summary(_ iterations: Int, _ model: QuadraticModel, _ t: FitSummary.Termination, _ log: FitLog) -> FitSummary {
    var s = FitSummary(iterations: iterations, gradientNorm: Vector.maxAbs(model.gradient), termination: t)
    s.log = log
    return s
  }
}
