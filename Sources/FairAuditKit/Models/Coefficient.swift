/// One fixed effect: estimate on the design (standardised) scale with its Wald statistics,
/// and the estimate per original unit for standardised numeric columns.
public struct Coefficient: Equatable, Sendable, Codable {
  public let name: String
  public let estimate: Double
  public let standardError: Double
  public let z: Double
  public let p: Double
  public let estimatePerUnit: Double

  public init(name: String, estimate: Double, standardError: Double, unitScale: Double) {
    self.name = name
    self.estimate = estimate
    self.standardError = standardError
    z = estimate / standardError
    p = StableMath.twoSidedNormalPValue(estimate / standardError)
    estimatePerUnit = estimate * unitScale
  }
}
