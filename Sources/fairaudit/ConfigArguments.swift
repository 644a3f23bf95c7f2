import ArgumentParser
import FairAuditKit
import Foundation

/// `--config FILE` for the audit: the file's settings become `--key=value` arguments added to the
/// command line before ArgumentParser reads it, except those the command line gives itself, which
/// override the file. Keys are checked against the audit's own options (its help text), so a
/// misspelt key is an error naming the file, never ignored.
enum ConfigArguments {
  /// The command line with the config file's settings added (unchanged without `--config`).
  /// - Throws: `.configFile` (exit 65).
  static func expand(_ arguments: [String]) throws(FairAuditError) -> [String] {
    if let first = arguments.first, ["simulate", "reproduce", "score"].contains(first) { return arguments }
    guard let path = configPath(arguments) else { return arguments }
    let file = try ConfigFile(path: path)
    let given = givenOptions(arguments), known = auditOptions
    var added: [String] = []
    for entry in file.entries {
      guard let takesValue = known[entry.key] else {
        throw .configFile(
          path: path,
          reason:
            "unknown key \(MessageText.quoted(entry.key)) (keys are the long option names of fairaudit audit --help, without the dashes)")
      }
      if !given.contains(entry.key) { added += try self.arguments(entry, takesValue: takesValue, path: path) }
    }
    let end = arguments.firstIndex(of: "--") ?? arguments.endIndex
    return Array(arguments[..<end]) + added + Array(arguments[end...])
  }

  /// The file's settings and which ones the command line overrode, for the report.
  /// - Throws: `.configFile`.
  static func provenance(path: String, arguments: [String]) throws(FairAuditError) -> ConfigProvenance {
    let file = try ConfigFile(path: path)
    let given = givenOptions(arguments)
    return ConfigProvenance(
      file: (path as NSString).lastPathComponent,
      settings: file.entries.map { e in
        let value: String
        switch e.value {
        case .text(let s): value = s
        case .flag(let b): value = b ? "true" : "false"
        case .list(let items): value = items.joined(separator: ", ")
        }
        return ConfigProvenance.Setting(option: e.key, value: value, overridden: given.contains(e.key))
      })
  }

  static func arguments(_ entry: ConfigFile.Entry, takesValue: Bool, path: String) throws(FairAuditError) -> [String] {
    let key = entry.key
    switch entry.value {
    case .flag(let on) where !takesValue: return on ? ["--\(key)"] : []
    case .flag(let on): return ["--\(key)=\(on)"]
    case .text(let s) where takesValue: return ["--\(key)=\(s)"]
    case .list(let items) where takesValue:
      // --sensitive is repeatable (a value may hold a comma); the other lists are comma-separated.
      return key == "sensitive" ? items.map { "--sensitive=\($0)" } : ["--\(key)=\(items.joined(separator: ","))"]
    default: throw .configFile(path: path, reason: "key \(MessageText.quoted(key)) is a flag: give true or false")
    }
  }

  /// The `--config` value on the command line, if any (options end at `--`).
  static func configPath(_ arguments: [String]) -> String? {
    let options = arguments.prefix { $0 != "--" }
    for (i, a) in options.enumerated() {
      if a == "--config", i + 1 < options.count { return options[i + 1] }
      if a.hasPrefix("--config=") { return String(a.dropFirst("--config=".count)) }
    }
    return nil
  }

  /// Long names of the options given on the command line (`-o` is `output`).
  static func givenOptions(_ arguments: [String]) -> Set<String> {
    var out: Set<String> = []
    for a in arguments.prefix(while: { $0 != "--" }) {
      if a.hasPrefix("--") {
        out.insert(String(a.dropFirst(2).prefix { $0 != "=" }))
      } else if a.hasPrefix("-o") {
        out.insert("output")
      }
    }
    return out
  }

  /// The audit's options, long name -> whether it takes a value, read from its help text
  /// (`--min-p-rule <min-p-rule>` takes one, `--no-sweep` does not); `config`, `help` and
  /// `version` are not settings.
  static var auditOptions: [String: Bool] {
    var out: [String: Bool] = [:]
    for line in Audit.helpMessage(columns: 10_000).split(separator: "\n") {
      let words = line.split(separator: " ")
      guard let i = words.firstIndex(where: { $0.hasPrefix("--") }), words[0].hasPrefix("-") else { continue }
      let name = String(words[i].dropFirst(2))
      guard !["config", "help", "version"].contains(name) else { continue }
      out[name] = i + 1 < words.count && words[i + 1].hasPrefix("<")
    }
    return out
  }
}
