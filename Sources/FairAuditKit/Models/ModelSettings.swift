/// The settings that define a fit, for the report and the JSON summary's `settings` object.
/// Which are set depends on the model: `lambda` for CRLR and Fair CRLR, `bounds` for the
/// constrained models, `rho` for the penalised ones, `nAGQ` for the GLMM, `nu`, `steps` and
/// `kappa` for the Fair GLMM; a model added outside the paper's six puts its own in `custom`.
public struct ModelSettings: Equatable, Sendable {
  /// Ridge weight on the cluster intercepts (JSON `lambda`).
  public var lambda: Double?
  /// Quadrature points of the GLMM; 0 when it fell back to LR (JSON `nAGQ`).
  public var nAGQ: Int?
  /// Boosting step length (JSON `nu`).
  public var nu: Double?
  /// Boosting steps run (JSON `steps`).
  public var steps: Int?
  /// Ridge on the fixed effects in the boosting objective, when separation needed one (JSON `kappa`).
  public var kappa: Double?
  /// Fairness penalty per sensitive feature (JSON `rho[feature]`).
  public var rho: [String: Double]
  /// Covariance bound c per sensitive feature (JSON `c[feature]`).
  public var bounds: [String: Double]
  /// Settings of a model added outside the paper's six, under their own JSON keys (which must not
  /// be one of the keys above); also what a newer version wrote that this one does not know.
  public var custom: [String: Double]

  public init(
    lambda: Double? = nil, nAGQ: Int? = nil, nu: Double? = nil, steps: Int? = nil, kappa: Double? = nil,
    rho: [String: Double] = [:], bounds: [String: Double] = [:], custom: [String: Double] = [:]
  ) {
    self.lambda = lambda
    self.nAGQ = nAGQ
    self.nu = nu
    self.steps = steps
    self.kappa = kappa
    self.rho = rho
    self.bounds = bounds
    self.custom = custom
  }

  /// Per-feature values with their feature names in order, e.g. `rho` of `["housing", "loan"]`.
  public static func perFeature(_ names: [String], _ values: [Double]) -> [String: Double] {
    Dictionary(zip(names, values), uniquingKeysWith: { $1 })
  }
}

extension ModelSettings: Codable {
  /// The JSON keys: fixed ones, and `rho[feature]` / `c[feature]` per sensitive feature.
  enum Key: CodingKey, Hashable {
    case lambda, nAGQ, nu, steps, kappa
    case rho(feature: String)
    case bound(feature: String)
    /// Any other key: `custom`.
    case other(String)

    var stringValue: String {
      switch self {
      case .lambda: return "lambda"
      case .nAGQ: return "nAGQ"
      case .nu: return "nu"
      case .steps: return "steps"
      case .kappa: return "kappa"
      case .rho(let feature): return "rho[\(feature)]"
      case .bound(let feature): return "c[\(feature)]"
      case .other(let key): return key
      }
    }

    init(stringValue: String) {
      switch stringValue {
      case "lambda": self = .lambda
      case "nAGQ": self = .nAGQ
      case "nu": self = .nu
      case "steps": self = .steps
      case "kappa": self = .kappa
      default:
        if let feature = Self.feature(stringValue, prefix: "rho[") {
          self = .rho(feature: feature)
        } else if let feature = Self.feature(stringValue, prefix: "c[") {
          self = .bound(feature: feature)
        } else {
          self = .other(stringValue)
        }
      }
    }

    var intValue: Int? { nil }
    init?(intValue: Int) { nil }

    private static func feature(_ key: String, prefix: String) -> String? {
      guard key.hasPrefix(prefix), key.hasSuffix("]"), key.count > prefix.count + 1 else { return nil }
      return String(key.dropFirst(prefix.count).dropLast())
    }
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: Key.self)
    self.init()
    for key in c.allKeys {
      switch key {
      case .lambda: lambda = try c.decodeIfPresent(Double.self, forKey: key)
      case .nAGQ: nAGQ = try c.decodeIfPresent(Int.self, forKey: key)
      case .nu: nu = try c.decodeIfPresent(Double.self, forKey: key)
      case .steps: steps = try c.decodeIfPresent(Int.self, forKey: key)
      case .kappa: kappa = try c.decodeIfPresent(Double.self, forKey: key)
      case .rho(let feature): rho[feature] = try c.decodeIfPresent(Double.self, forKey: key)
      case .bound(let feature): bounds[feature] = try c.decodeIfPresent(Double.self, forKey: key)
      case .other(let name): custom[name] = try c.decodeIfPresent(Double.self, forKey: key)
      }
    }
  }

  /// Only the settings that are set are written (the object has no nulls).
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Key.self)
    if let lambda { try c.encode(lambda, forKey: .lambda) }
    if let nAGQ { try c.encode(nAGQ, forKey: .nAGQ) }
    if let nu { try c.encode(nu, forKey: .nu) }
    if let steps { try c.encode(steps, forKey: .steps) }
    if let kappa { try c.encode(kappa, forKey: .kappa) }
    for (feature, value) in rho { try c.encode(value, forKey: .rho(feature: feature)) }
    for (feature, value) in bounds { try c.encode(value, forKey: .bound(feature: feature)) }
    for (name, value) in custom { try c.encode(value, forKey: .other(name)) }
  }
}
