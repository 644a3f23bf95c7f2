/// The chord-step bookkeeping shared by `NewtonRaphson` and `ConstrainedNewton`: the last exact
/// model (whose solver the chord steps use; at first possibly a path neighbour's `curvature`),
/// whether the Hessian may still be frozen, the previous decrement, against which each chord
/// step must contract, and the steps taken.
struct ChordSteps {
  let settings: ChordSettings
  /// The last exact model, or the starting curvature until the first exact one.
  private(set) var exact: QuadraticModel
  private var allowed: Bool
  private var previousDecrement = Double.infinity
  /// Steps taken (`stepped`).
  private var steps = 0

  init(start: QuadraticModel, settings: ChordSettings) {
    exact = start
    self.settings = settings
    allowed = settings.tolerance > 0
  }

  /// The first model of a run: a chord model on `curvature` when it fits the objective, else exact.
  static func startModel(
    _ objective: some NewtonObjective, at theta: [Double], curvature: QuadraticModel?, settings: ChordSettings
  ) throws
    -> QuadraticModel
  {
    let usable = settings.tolerance > 0 && curvature?.gradient.count == objective.dimension
    return try objective.model(at: theta, frozen: usable ? curvature : nil)
  }

  /// Whether the decrement is at the chord floor: below `floor` times the optimiser's relative
  /// decrement tolerance, times `scale` = 1 + |f|.
  func atFloor(_ decrement: Double, tolerance: Double, scale: Double) -> Bool {
    decrement / 2 <= settings.floor * tolerance * scale
  }

  /// Whether a chord model gives way to the exact Hessian at its point: its decrement reached the
  /// floor, or it fell by less than a factor 4 since the last step (the chord steps stall).
  func stalls(_ model: QuadraticModel, decrement: Double, atFloor: Bool) -> Bool {
    !model.isExact && (atFloor || decrement > previousDecrement / 4)
  }

  /// Whether a chord model at the floor may end the run (`ChordSettings.endOnChordWithin`).
  func mayEnd(_ model: QuadraticModel, atFloor: Bool) -> Bool {
    guard let within = settings.endOnChordWithin else { return false }
    return !model.isExact && atFloor && steps <= within
  }

  /// After the exact model replaced a chord one: exact steps from here on.
  mutating func refreshed(_ model: QuadraticModel) {
    exact = model
    allowed = false
    previousDecrement = .infinity
  }

  /// The model whose solver the next point's model keeps (a chord step), or nil for an exact
  /// next model: chord models go on with the frozen solver; an exact one freezes once its
  /// decrement is below `settings.tolerance` (1 + |f|) = `scale` times that tolerance.
  func frozen(_ model: QuadraticModel, decrement: Double, scale: Double) -> QuadraticModel? {
    if !model.isExact { return exact }
    return allowed && decrement / 2 <= settings.tolerance * scale ? model : nil
  }

  /// After a step to `next` from a point with this decrement.
  mutating func stepped(to next: QuadraticModel, decrement: Double) {
    previousDecrement = decrement
    steps += 1
    if next.isExact { exact = next }
  }

  /// The model a run ends with: `model` when exact, else the last exact one.
  func last(_ model: QuadraticModel) -> QuadraticModel { model.isExact ? model : exact }
}

extension NewtonObjective {
  /// The chord model on `frozen`'s solver, or the exact model when `frozen` is nil.
  func model(at theta: [Double], frozen: QuadraticModel?) throws -> QuadraticModel {
    try frozen.map { try chordModel(at: theta, frozen: $0) } ?? quadraticModel(at: theta)
  }
}
