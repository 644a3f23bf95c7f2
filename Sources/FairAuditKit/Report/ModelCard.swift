/// The audited model as a model card (`--model-card`) in the field names of Google's Model Card
/// Toolkit (schema 0.0.2): `model_details`, `model_parameters`, `quantitative_analysis.
/// performance_metrics` [{type, value, slice, confidence_interval {lower_bound, upper_bound}}] and
/// `considerations`. As in the toolkit's proto, metric values and bounds are strings (fixed
/// decimals from `NumberFormat`); keys are sorted, so the file is byte-stable.
public struct ModelCard: Encodable, Sendable {
  public var schemaVersion = "0.0.2"
  public var modelDetails: Details
  public var modelParameters: Parameters
  public var quantitativeAnalysis: QuantitativeAnalysis
  public var considerations: Considerations

  enum CodingKeys: String, CodingKey {
    case schemaVersion = "schema_version"
    case modelDetails = "model_details"
    case modelParameters = "model_parameters"
    case quantitativeAnalysis = "quantitative_analysis"
    case considerations
  }

  public struct Details: Encodable, Sendable {
    public var name: String
    public var overview: String
    public var version: Version
    public var references: [Reference]
  }

  public struct Version: Encodable, Sendable {
    public var name: String
  }

  public struct Reference: Encodable, Sendable {
    public var reference: String
  }

  public struct Parameters: Encodable, Sendable {
    public var modelArchitecture: String
    public var data: [Dataset]
    public var inputFormat: String
    public var outputFormat: String

    enum CodingKeys: String, CodingKey {
      case modelArchitecture = "model_architecture"
      case data
      case inputFormat = "input_format"
      case outputFormat = "output_format"
    }
  }

  public struct Dataset: Encodable, Sendable {
    public var name: String
    public var sensitive: Sensitive
  }

  public struct Sensitive: Encodable, Sendable {
    public var sensitiveData: [String]

    enum CodingKeys: String, CodingKey { case sensitiveData = "sensitive_data" }
  }

  public struct QuantitativeAnalysis: Encodable, Sendable {
    public var performanceMetrics: [Metric]

    enum CodingKeys: String, CodingKey { case performanceMetrics = "performance_metrics" }
  }

  /// One metric on one slice (`""` for all evaluation rows, `feature=group`, or `feature`).
  public struct Metric: Encodable, Sendable {
    public var type: String
    public var value: String
    public var slice: String
    public var confidenceInterval: Interval?

    enum CodingKeys: String, CodingKey {
      case type, value, slice
      case confidenceInterval = "confidence_interval"
    }

    /// Leaves `confidence_interval` out when there is none (the toolkit's field is optional).
    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(type, forKey: .type)
      try c.encode(value, forKey: .value)
      try c.encode(slice, forKey: .slice)
      if let confidenceInterval { try c.encode(confidenceInterval, forKey: .confidenceInterval) }
    }
  }

  public struct Interval: Encodable, Sendable {
    public var lowerBound: String
    public var upperBound: String

    enum CodingKeys: String, CodingKey {
      case lowerBound = "lower_bound"
      case upperBound = "upper_bound"
    }
  }

  public struct Considerations: Encodable, Sendable {
    public var users: [Description]
    public var useCases: [Description]
    public var limitations: [Description]
    public var tradeoffs: [Description]
    public var ethicalConsiderations: [Risk]

    enum CodingKeys: String, CodingKey {
      case users
      case useCases = "use_cases"
      case limitations, tradeoffs
      case ethicalConsiderations = "ethical_considerations"
    }
  }

  public struct Description: Encodable, Sendable {
    public var description: String
  }

  public struct Risk: Encodable, Sendable {
    public var name: String
    public var mitigationStrategy: String

    enum CodingKeys: String, CodingKey {
      case name
      case mitigationStrategy = "mitigation_strategy"
    }
  }

  /// The text written by `--model-card`: sorted keys, then a newline.
  public func jsonText() -> String {
    do {
      return try JSONValueEncoder().encode(self).serialized() + "\n"
    } catch {
      // JSONValueEncoder never throws and no type here throws in encode(to:).
      preconditionFailure("encoding the model card failed: \(error)")
    }
  }
}
