/// A minimal JSON tree with deterministic serialisation: object keys sorted, NaN and infinities
/// written as null (JSON has no such numbers), doubles in Swift's shortest round-trip form.
public indirect enum JSONValue: Equatable, Sendable {
  case object([String: JSONValue])
  case array([JSONValue])
  case number(Double)
  case integer(Int)
  case string(String)
  case bool(Bool)
  case null

  public static func optional(_ x: Double?) -> JSONValue { x.map { .number($0) } ?? .null }

  public func serialized(indent: Int = 0) -> String {
    let pad = String(repeating: "  ", count: indent + 1), end = String(repeating: "  ", count: indent)
    switch self {
    case .object(let members):
      if members.isEmpty { return "{}" }
      let body = members.sorted { $0.key < $1.key }.map { "\(pad)\(Self.quote($0.key)): \($0.value.serialized(indent: indent + 1))" }
      return "{\n" + body.joined(separator: ",\n") + "\n\(end)}"
    case .array(let items):
      if items.isEmpty { return "[]" }
      return "[\n" + items.map { pad + $0.serialized(indent: indent + 1) }.joined(separator: ",\n") + "\n\(end)]"
    case .number(let x):
      guard x.isFinite else { return "null" }
      if x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
      return "\(x)"
    case .integer(let n): return String(n)
    case .string(let s): return Self.quote(s)
    case .bool(let b): return b ? "true" : "false"
    case .null: return "null"
    }
  }

  static func quote(_ s: String) -> String {
    var out = "\""
    for c in s.unicodeScalars {
      switch c {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if c.value < 0x20 { out += "\\u" + String(c.value, radix: 16).leftPadded(to: 4) } else { out.unicodeScalars.append(c) }
      }
    }
    return out + "\""
  }
}
