import Foundation

/// One fitted model as a versioned JSON file (`--export-models DIR`, read by `fairaudit score`):
/// the coefficients, the random intercepts, and the design recipe that rebuilds the training
/// design exactly (column roles, standardisation, reference levels, dropped columns) plus the
/// decision rule. Keys are listed in docs/cli.md ("Exported models").
public struct ModelExport: Codable, Equatable, Sendable {
  /// `MAJOR.MINOR` of this file format; readers accept every minor of their major.
  public static let currentVersion = "1.0"

  public var format = "fairaudit-model"
  public var formatVersion = ModelExport.currentVersion
  public var tool: String
  public var model: Model
  public var target: Target
  /// Design columns in order; `coefficients[j]` multiplies `design[j]`.
  public var design: [Term]
  public var coefficients: [Double]
  public var cluster: Cluster?
  /// Data columns read for the design, with their training levels (categorical) for the
  /// unseen-level count.
  public var covariates: [Covariate]
  /// Design columns dropped as aliased and data columns left out of the covariates, with why.
  public var droppedColumns: [Dropped]
  public var decisionRule: AuditSummaryDocument.DecisionRuleRecord
  /// SHA-256 of the training input and the number of training rows (provenance only).
  public var trainingInputSHA256: String
  public var trainingRows: Int

  enum CodingKeys: String, CodingKey {
    case format
    case formatVersion = "format_version"
    case tool, model, target, design, coefficients, cluster, covariates
    case droppedColumns = "dropped_columns"
    case decisionRule = "decision_rule"
    case trainingInputSHA256 = "training_input_sha256"
    case trainingRows = "training_rows"
  }

  public struct Model: Codable, Equatable, Sendable {
    public var kind: String
    public var label: String
  }

  public struct Target: Codable, Equatable, Sendable {
    public var column: String
    public var positiveLabel: String
    public var negativeLabel: String

    enum CodingKeys: String, CodingKey {
      case column
      case positiveLabel = "positive_label"
      case negativeLabel = "negative_label"
    }
  }

  /// One design column: `intercept`; `standardized` (x - mean) / sd of a numeric `column`;
  /// `dummy` 1 when `column` equals `level` (the reference level is all-zero).
  public struct Term: Codable, Equatable, Sendable {
    public var type: String
    public var name: String
    public var column: String?
    public var mean: Double?
    public var sd: Double?
    public var level: String?
    public var reference: String?
  }

  public struct Cluster: Codable, Equatable, Sendable {
    public var column: String
    public var levels: [String]
    /// b_i per level (conditional modes); an unseen level gets b = 0.
    public var intercepts: [Double]
  }

  public struct Covariate: Codable, Equatable, Sendable {
    public var column: String
    /// `numeric` or `categorical`.
    public var type: String
    /// Training levels of a categorical column (nil for a numeric one).
    public var levels: [String]?
  }

  public struct Dropped: Codable, Equatable, Sendable {
    public var name: String
    public var reason: String
  }

  /// The export of `model` fitted in audit `r`.
  public init(model m: FittedModel, result r: AuditResult) {
    tool = "fairaudit \(FairAuditVersion.string)"
    model = Model(kind: m.kind.rawValue, label: m.kind.label)
    target = Target(column: r.frame.targetName, positiveLabel: r.frame.positiveLabel, negativeLabel: r.frame.negativeLabel)
    design = r.design.columns.map(Self.term)
    coefficients = m.beta
    cluster = m.randomIntercepts.flatMap { ri in
      r.frame.clusterName.map { Cluster(column: $0, levels: ri.levels, intercepts: ri.modes) }
    }
    let used = Set(r.design.columns.compactMap(\.source))
    let trainingRows = r.split.training.map { r.frame.rows[$0] }
    covariates = r.frame.covariates.filter { used.contains($0.name) }.map { c in
      switch c.values {
      case .numeric: return Covariate(column: c.name, type: "numeric", levels: nil)
      case .categorical: return Covariate(column: c.name, type: "categorical", levels: c.distinctValues(in: trainingRows))
      }
    }
    droppedColumns = r.warnings.compactMap { w in
      switch w {
      case .aliasedColumn(let name, _): return Dropped(name: name, reason: w.description)
      case .covariateLeftOut(let column, _): return Dropped(name: column, reason: w.description)
      default: return nil
      }
    }
    let rule = r.configuration.decisionRule
    decisionRule = AuditSummaryDocument.DecisionRuleRecord(rule: rule.kindName, value: rule.value)
    trainingInputSHA256 = r.inputSHA256
    self.trainingRows = r.split.training.count
  }

  static func term(_ c: DesignColumn) -> Term {
    switch c {
    case .intercept: return Term(type: "intercept", name: c.name)
    case .standardized(let column, let mean, let sd): return Term(type: "standardized", name: c.name, column: column, mean: mean, sd: sd)
    case .dummy(let column, let level, let reference):
      return Term(type: "dummy", name: c.name, column: column, level: level, reference: reference)
    }
  }

  /// The exports of every fitted model of `r` (not the external one), with file names
  /// `<model>.json` (`LR.json`, `FairLR.json`, ...).
  public static func files(_ r: AuditResult) -> [(name: String, text: String)] {
    r.evaluations.filter { !$0.model.kind.isExternal }.map { e in
      (e.model.kind.optionName + ".json", ModelExport(model: e.model, result: r).jsonText())
    }
  }

  /// Sorted keys, shortest round-trip numbers (so the coefficients read back bit for bit).
  public func jsonText() -> String {
    do {
      return try JSONValueEncoder().encode(self).serialized() + "\n"
    } catch {
      preconditionFailure("encoding a model export failed: \(error)")
    }
  }

  /// Reads and checks an export. - Throws: `.fileNotFound`, `.fileUnreadable` (not an export, a
  /// newer major version, or an inconsistent recipe).
  public static func read(path: String) throws(FairAuditError) -> ModelExport {
    guard FileManager.default.fileExists(atPath: path) else { throw .fileNotFound(path: path) }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .fileUnreadable(path: path, reason: "the file cannot be read")
    }
    let export: ModelExport
    do {
      export = try JSONDecoder().decode(ModelExport.self, from: data)
    } catch {
      throw .fileUnreadable(path: path, reason: "not a fairaudit model export (\(Self.reason(error)))")
    }
    guard export.format == "fairaudit-model" else {
      throw .fileUnreadable(path: path, reason: "not a fairaudit model export (format \(MessageText.quoted(export.format)))")
    }
    guard export.formatVersion.split(separator: ".").first == Self.currentVersion.split(separator: ".").first else {
      throw .fileUnreadable(
        path: path,
        reason: "model format version \(MessageText.quoted(export.formatVersion)) is not readable by this build (\(Self.currentVersion))")
    }
    if let problem = export.recipeProblem { throw .fileUnreadable(path: path, reason: problem) }
    return export
  }

  /// Why the recipe cannot be applied (nil when it can).
  var recipeProblem: String? {
    if coefficients.count != design.count { return "\(coefficients.count) coefficients for \(design.count) design columns" }
    if let c = cluster, c.levels.count != c.intercepts.count { return "cluster levels and intercepts differ in number" }
    for t in design {
      switch t.type {
      case "intercept": continue
      case "standardized":
        guard t.column != nil, let sd = t.sd, t.mean != nil, sd > 0 else {
          return "design column \(MessageText.quoted(t.name)) is incomplete"
        }
      case "dummy":
        guard t.column != nil, t.level != nil else { return "design column \(MessageText.quoted(t.name)) is incomplete" }
      default: return "design column \(MessageText.quoted(t.name)) has unknown type \(MessageText.quoted(t.type))"
      }
    }
    return nil
  }

  static func reason(_ error: Error) -> String {
    switch error {
    case DecodingError.keyNotFound(let key, _): return "\(MessageText.quoted(key.stringValue)) is missing"
    case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c), DecodingError.dataCorrupted(let c):
      return c.codingPath.isEmpty
        ? "invalid JSON" : "\(MessageText.quoted(c.codingPath.map(\.stringValue).joined(separator: "."))) is invalid"
    default: return "invalid JSON"
    }
  }
}
