/// CI gate: a breached threshold makes the audit exit with status 1 (the report is still written).
public struct Thresholds: Sendable, Codable, Equatable {
  /// Minimum p%-rule (100 * impact ratio) per sensitive feature, e.g. 80.
  public var minPRule: Double?
  /// Maximum disparate impact DI = 1 - ratio, e.g. 0.2.
  public var maxDI: Double?
  /// Maximum demographic-parity difference.
  public var maxDPDifference: Double?
  /// Minimum accuracy of the audited model on the evaluation rows.
  public var minAccuracy: Double?
  /// Maximum increase of any feature's DI over the `--baseline` run.
  public var maxDIIncrease: Double?

  public init(
    minPRule: Double? = nil, maxDI: Double? = nil, maxDPDifference: Double? = nil, minAccuracy: Double? = nil,
    maxDIIncrease: Double? = nil
  ) {
    self.maxDIIncrease = maxDIIncrease
    self.minPRule = minPRule
    self.maxDI = maxDI
    self.maxDPDifference = maxDPDifference
    self.minAccuracy = minAccuracy
  }
}

/// One checked threshold and its outcome.
public struct ThresholdCheck: Sendable, Codable, Equatable {
  public let criterion: String
  public let subject: String
  public let value: Double
  public let limit: Double
  public let passed: Bool
}
