import Foundation

/// A JSON value as decoded for schema validation: booleans, integers and other numbers kept apart
/// (JSONSerialization would blur them on some platforms).
enum SchemaJSON: Decodable, Equatable {
  case null
  case bool(Bool)
  case integer(Int)
  case number(Double)
  case string(String)
  case array([SchemaJSON])
  case object([String: SchemaJSON])

  init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    if c.decodeNil() {
      self = .null
    } else if let b = try? c.decode(Bool.self) {
      self = .bool(b)
    } else if let i = try? c.decode(Int.self) {
      self = .integer(i)
    } else if let x = try? c.decode(Double.self) {
      self = .number(x)
    } else if let s = try? c.decode(String.self) {
      self = .string(s)
    } else if let a = try? c.decode([SchemaJSON].self) {
      self = .array(a)
    } else {
      self = .object(try c.decode([String: SchemaJSON].self))
    }
  }

  static func parse(_ data: Data) throws -> SchemaJSON { try JSONDecoder().decode(SchemaJSON.self, from: data) }
}

/// Validates JSON against the subset of JSON Schema (draft 2020-12) that docs/summary.schema.json
/// uses: type, properties, required, additionalProperties, items, minItems, maxItems, enum, const,
/// pattern, anyOf and local $ref to #/$defs. Any other keyword is reported as an error, so the
/// schema cannot silently use something this validator ignores.
struct JSONSchemaSubset {
  let root: SchemaJSON

  static let annotations: Set<String> = ["$schema", "$id", "title", "description", "$defs"]
  static let keywords: Set<String> = [
    "type", "properties", "required", "additionalProperties", "items", "minItems", "maxItems", "enum", "const", "pattern",
    "anyOf", "$ref",
  ]

  /// Every violation as "path: reason"; empty when the instance is valid.
  func errors(_ instance: SchemaJSON) -> [String] { errors(instance, schema: root, path: "$") }

  func errors(_ value: SchemaJSON, schema: SchemaJSON, path: String) -> [String] {
    guard case .object(let s) = schema else { return schema == .bool(true) ? [] : ["\(path): schema is not an object"] }
    var out: [String] = []
    for key in s.keys where !Self.keywords.contains(key) && !Self.annotations.contains(key) {
      out.append("\(path): unsupported schema keyword \(key)")
    }
    if case .string(let ref)? = s["$ref"] { out += errors(value, schema: resolve(ref), path: path) }
    if let type = s["type"], !Self.matches(value, type) { out.append("\(path): expected type \(type), found \(value)") }
    if case .array(let options)? = s["enum"], !options.contains(value) { out.append("\(path): \(value) is not one of \(options)") }
    if let constant = s["const"], constant != value { out.append("\(path): expected \(constant)") }
    if case .array(let branches)? = s["anyOf"], !branches.contains(where: { errors(value, schema: $0, path: path).isEmpty }) {
      out.append("\(path): matches no anyOf branch")
    }
    if case .string(let pattern)? = s["pattern"], case .string(let text) = value,
      text.range(of: pattern, options: .regularExpression) == nil
    {
      out.append("\(path): \(text) does not match \(pattern)")
    }
    switch value {
    case .object(let members): out += objectErrors(members, schema: s, path: path)
    case .array(let items): out += arrayErrors(items, schema: s, path: path)
    default: break
    }
    return out
  }

  func objectErrors(_ members: [String: SchemaJSON], schema s: [String: SchemaJSON], path: String) -> [String] {
    var out: [String] = []
    if case .array(let required)? = s["required"] {
      for case .string(let key) in required where members[key] == nil { out.append("\(path): \(key) is missing") }
    }
    var properties: [String: SchemaJSON] = [:]
    if case .object(let p)? = s["properties"] { properties = p }
    for (key, member) in members.sorted(by: { $0.key < $1.key }) {
      if let p = properties[key] {
        out += errors(member, schema: p, path: "\(path).\(key)")
      } else if let extra = s["additionalProperties"] {
        if extra == .bool(false) {
          out.append("\(path): \(key) is not in the schema")
        } else {
          out += errors(member, schema: extra, path: "\(path).\(key)")
        }
      }
    }
    return out
  }

  func arrayErrors(_ items: [SchemaJSON], schema s: [String: SchemaJSON], path: String) -> [String] {
    var out: [String] = []
    if case .integer(let n)? = s["minItems"], items.count < n { out.append("\(path): fewer than \(n) items") }
    if case .integer(let n)? = s["maxItems"], items.count > n { out.append("\(path): more than \(n) items") }
    if let itemSchema = s["items"] {
      for (i, item) in items.enumerated() { out += errors(item, schema: itemSchema, path: "\(path)[\(i)]") }
    }
    return out
  }

  func resolve(_ ref: String) -> SchemaJSON {
    guard ref.hasPrefix("#/$defs/"), case .object(let r) = root, case .object(let defs)? = r["$defs"],
      let target = defs[String(ref.dropFirst("#/$defs/".count))]
    else { return .object(["not-a-reference": .string(ref)]) }
    return target
  }

  static func matches(_ value: SchemaJSON, _ type: SchemaJSON) -> Bool {
    if case .array(let types) = type { return types.contains { matches(value, $0) } }
    guard case .string(let name) = type else { return false }
    switch (name, value) {
    case ("null", .null), ("boolean", .bool), ("integer", .integer), ("number", .integer), ("number", .number), ("string", .string),
      ("array", .array), ("object", .object):
      return true
    default: return false
    }
  }
}
