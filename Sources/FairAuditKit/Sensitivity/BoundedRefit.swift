/// How the sweep refits a fairness-bounded model at other bounds: the model's kind, the
/// unconstrained model it starts from, and a fit at given bounds c_k (+infinity: feature k free)
/// from a warm start, returning the model and its optimal loss (the objective whose multipliers
/// the model reports, so that lambda_k = -d(loss)/dc_k can be checked by finite differences).
/// Refits whose Newton steps can start on a neighbour's Hessian take it in the `WarmStart` and
/// return their own (`curvature`).
public struct BoundedRefit: Sendable {
  public typealias Fit =
    @Sendable (_ bounds: [Double], _ start: WarmStart) throws(FairAuditError) -> (
      model: FittedModel, loss: Double, curvature: QuadraticModel?
    )

  public let kind: ModelKind
  public let base: ModelKind
  public let fit: Fit
  /// The optimal-loss objective at a fitted model of this kind.
  public let loss: @Sendable (FittedModel) -> Double

  public init(kind: ModelKind, base: ModelKind, fit: @escaping Fit, loss: @escaping @Sendable (FittedModel) -> Double) {
    self.kind = kind
    self.base = base
    self.fit = fit
    self.loss = loss
  }

  /// Fair LR on LR and Fair CRLR on CRLR, fitted by `ConstrainedLogisticFit`.
  public static func constrainedLogistic(
    _ kind: ModelKind, base: FittedModel, problem: ModelProblem, lambda: Double
  ) -> BoundedRefit {
    // The optimal loss is the objective value at the fit's final point (`objectiveValue`; a chord
    // model's value is exact too), computed by the same pass for the checked model and its re-solves.
    BoundedRefit(
      kind: kind, base: base.kind,
      fit: { (bounds, start) throws(FairAuditError) in
        let solution = try ConstrainedLogisticFit.fitOnPath(
          problem, kind: kind, bounds: bounds, lambda: lambda, unconstrained: base, start: start.parameters, curvature: start.curvature,
          toRounding: start.toRounding)
        return (solution.model, solution.model.objectiveValue, solution.curvature)
      }, loss: { $0.objectiveValue })
  }
}

/// Where a refit starts: a neighbouring solution's parameters and, for the LR family, its exact
/// quadratic model, whose Hessian the first Newton steps use.
public struct WarmStart: Sendable {
  public var parameters: [Double]
  public var curvature: QuadraticModel?
  /// Chord steps down to rounding and an exact Hessian at the optimum (a checked shadow price's
  /// re-solves), or to the tolerance only, where a chord point may end the run (the points of a
  /// sweep path, `ChordSettings.sweepPoint`).
  public var toRounding: Bool

  public init(_ parameters: [Double], curvature: QuadraticModel? = nil, toRounding: Bool = true) {
    self.parameters = parameters
    self.curvature = curvature
    self.toRounding = toRounding
  }
}
