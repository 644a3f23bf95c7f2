import Foundation
import Yams

/// Audit options from a file (`--config FILE`), so a CI job's settings live in its repository.
/// One flat mapping whose keys are the long option names (`sensitive`, `min-p-rule`, `no-sweep`);
/// a value is a string or number (the option's argument), a boolean (a flag), or a list (several
/// values). YAML (`.yml`, `.yaml`) and JSON (`.json`) are read with Yams (JSON is YAML 1.2), TOML
/// (`.toml`) with `TOMLSubset`. Which keys exist is the command line's business (the CLI checks them).
public struct ConfigFile: Sendable, Equatable {
  public enum Value: Sendable, Equatable {
    /// An option's argument as written (numbers keep their text, so `0.10` stays `0.10`).
    case text(String)
    case flag(Bool)
    case list([String])
  }

  public struct Entry: Sendable, Equatable {
    public let key: String
    public let value: Value

    public init(key: String, value: Value) {
      self.key = key
      self.value = value
    }
  }

  public let path: String
  /// In file order.
  public let entries: [Entry]

  /// - Throws: `.configFile` naming the file and what is wrong with it (exit 65).
  public init(path: String) throws(FairAuditError) {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .configFile(path: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist")
    }
    guard let text = String(data: data, encoding: .utf8) else { throw .configFile(path: path, reason: "is not UTF-8 text") }
    try self.init(text: text, path: path)
  }

  /// - Throws: `.configFile`.
  public init(text: String, path: String) throws(FairAuditError) {
    self.path = path
    let ext = (path as NSString).pathExtension.lowercased()
    switch ext {
    case "toml":
      do {
        entries = try TOMLSubset.parse(text).map { Entry(key: $0.key, value: $0.value) }
      } catch {
        throw .configFile(path: path, reason: error.description)
      }
    case "yml", "yaml", "json": entries = try Self.yamlEntries(text, path: path)
    default: throw .configFile(path: path, reason: "use a .yml, .yaml, .json or .toml file (the extension chooses the format)")
    }
    var seen: Set<String> = []
    for e in entries where !seen.insert(e.key).inserted {
      throw .configFile(path: path, reason: "key \(MessageText.quoted(e.key)) is given twice")
    }
  }

  static func yamlEntries(_ text: String, path: String) throws(FairAuditError) -> [Entry] {
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch {
      throw .configFile(path: path, reason: "not valid YAML/JSON: " + MessageText.line("\(error)"))
    }
    guard let root else { return [] }
    guard let mapping = root.mapping else {
      throw .configFile(path: path, reason: "the top level must be a mapping of option names to values")
    }
    var out: [Entry] = []
    for (keyNode, valueNode) in mapping {
      guard let key = keyNode.string else { throw .configFile(path: path, reason: "a key is not a string") }
      out.append(Entry(key: key, value: try value(valueNode, key: key, path: path)))
    }
    return out
  }

  static func value(_ node: Node, key: String, path: String) throws(FairAuditError) -> Value {
    switch node {
    case .scalar(let s):
      if node.tag.description == Tag.Name.bool.rawValue, let b = node.bool { return .flag(b) }
      if node.tag.description == Tag.Name.null.rawValue {
        throw .configFile(path: path, reason: "key \(MessageText.quoted(key)) has no value")
      }
      return .text(s.string)
    case .sequence(let seq):
      var items: [String] = []
      for item in seq {
        guard case .scalar(let s) = item else {
          throw .configFile(path: path, reason: "key \(MessageText.quoted(key)): a list may hold only plain values")
        }
        items.append(s.string)
      }
      return .list(items)
    default:
      throw .configFile(
        path: path, reason: "key \(MessageText.quoted(key)): nested mappings are not options; use the long option names at the top level")
    }
  }
}
