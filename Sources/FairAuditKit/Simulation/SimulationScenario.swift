/// The four populations of the paper's simulation study (paper digest sections 6.2-6.3):
/// {unfair, fair} x {with, without} strata effects.
public enum SimulationScenario: String, CaseIterable, Sendable {
  case unfairStrata = "unfair-strata"
  case unfairNoStrata = "unfair-nostrata"
  case fairStrata = "fair-strata"
  case fairNoStrata = "fair-nostrata"

  /// Coefficients of (1, F1, F2, F3, Sex); the authors' code writes [-20; 4; 8; 5; 30] / 10.
  /// A fair population has no Sex effect (beta_Sex = 0).
  public var coefficients: [Double] {
    [-2.0, 0.4, 0.8, 0.5, isFair ? 0 : 3.0]
  }

  /// Standard deviation of the stratum intercepts b_i (Julia's Normal(0, 3) takes the SD).
  public var strataSD: Double { hasStrata ? 3 : 0 }

  public var isFair: Bool { self == .fairStrata || self == .fairNoStrata }
  public var hasStrata: Bool { self == .unfairStrata || self == .fairStrata }
}
