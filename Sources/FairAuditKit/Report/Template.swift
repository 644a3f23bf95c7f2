import Foundation

/// A project-owned Markdown template with `{{slot}}` placeholders. Filling leaves no slot
/// behind: an unknown or unfilled slot is an error, never silent output.
public struct Template: Sendable {
  public let name: String
  public let text: String

  /// - Throws: `.templateMissing`.
  public init(named name: String, directory: String?) throws(FairAuditError) {
    self.name = name
    guard let base = directory ?? Self.bundledDirectory else {
      throw .templateMissing(path: "the bundled Templates folder (pass --templates DIR)")
    }
    let path = (base as NSString).appendingPathComponent(name)
    guard let data = FileManager.default.contents(atPath: path) else { throw .templateMissing(path: path) }
    text = String(decoding: data, as: UTF8.self)
  }

  /// The copy of Templates/ that SwiftPM places beside the built executable (and the test bundle).
  /// Looked up by hand: the generated `Bundle.module` stops the process when the bundle is missing,
  /// e.g. for a binary copied elsewhere, where a clear error is wanted instead.
  public static var bundledDirectory: String? {
    let bundle = "fairaudit_FairAuditKit.resources"
    let folders = [Bundle.main.bundleURL, Bundle.main.executableURL?.deletingLastPathComponent()].compactMap { $0 }
    return folders.map { $0.appendingPathComponent(bundle).appendingPathComponent("Templates").path }
      .first { FileManager.default.fileExists(atPath: $0) }
  }

  /// - Throws: `.templateSlot` for a placeholder with no value.
  public func fill(_ values: [String: String]) throws(FairAuditError) -> String {
    var out = ""
    var rest = Substring(text)
    while let open = rest.range(of: "{{") {
      out += rest[..<open.lowerBound]
      guard let close = rest[open.upperBound...].range(of: "}}") else {
        throw .templateSlot(template: name, slot: String(rest[open.upperBound...].prefix(20)))
      }
      let slot = String(rest[open.upperBound..<close.lowerBound]).trimmingCharacters(in: .whitespaces)
      guard let value = values[slot] else { throw .templateSlot(template: name, slot: slot) }
      out += value
      rest = rest[close.upperBound...]
    }
    return out + rest
  }
}

/// A level-2 heading of a template with the anchor id placed in it.
public struct TemplateHeading: Sendable, Equatable {
  public let anchor: String
  public let title: String
}

extension Template {
  /// The template with an anchor in every `## ` heading (`## <a id="data"></a>3. Data`) and the
  /// list of those headings, for the table of contents. Ids are the title's words in lower case
  /// joined by `-`, without the section number; a repeated id gets `-2`, `-3`.
  public func anchored() -> (template: Template, headings: [TemplateHeading]) {
    var headings: [TemplateHeading] = []
    var used: [String: Int] = [:]
    var inFence = false
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
      if line.hasPrefix("```") { inFence.toggle() }
      guard !inFence, line.hasPrefix("## ") else { return String(line) }
      let title = line.dropFirst(3).trimmingCharacters(in: .whitespaces)
      var id = Self.slug(title)
      used[id, default: 0] += 1
      if let n = used[id], n > 1 { id += "-\(n)" }
      headings.append(TemplateHeading(anchor: id, title: title))
      return "## <a id=\"\(id)\"></a>" + title
    }
    return (Template(name: name, text: lines.joined(separator: "\n")), headings)
  }

  init(name: String, text: String) {
    self.name = name
    self.text = text
  }

  /// "1. Executive summary" -> "executive-summary"; ASCII letters and digits only.
  static func slug(_ title: String) -> String {
    let words = title.lowercased().split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
    let kept = words.drop { $0.allSatisfy(\.isNumber) }
    return kept.isEmpty ? "section" : kept.joined(separator: "-")
  }
}
