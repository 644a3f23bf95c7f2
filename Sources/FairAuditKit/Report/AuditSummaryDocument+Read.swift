import Foundation

/// Reading a JSON summary back (`--baseline`), with the schema version policy of docs/cli.md.
extension AuditSummaryDocument {
  /// A schema version `major.minor`.
  public struct SchemaVersion: Equatable, Comparable, Sendable, CustomStringConvertible {
    public let major: Int
    public let minor: Int

    public init(major: Int, minor: Int) {
      self.major = major
      self.minor = minor
    }

    /// Parses `"1.0"`; nil for anything else.
    public init?(_ text: String) {
      let parts = text.split(separator: ".", omittingEmptySubsequences: false)
      guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]), major >= 0, minor >= 0 else { return nil }
      self.init(major: major, minor: minor)
    }

    public var description: String { "\(major).\(minor)" }

    public static func < (a: Self, b: Self) -> Bool { (a.major, a.minor) < (b.major, b.minor) }

    /// The version this build writes.
    public static var current: Self {
      guard let v = Self(FairAuditVersion.jsonSchema) else { preconditionFailure("bad FairAuditVersion.jsonSchema") }
      return v
    }

    /// Versions this build reads: every minor of the current major (fields added by newer minors
    /// are ignored). After a major bump, the previous major must stay readable too (docs/cli.md).
    public var isReadable: Bool { major == Self.current.major }
  }

  /// Reads the JSON summary at `path` (`--baseline`).
  /// - Throws: `.fileNotFound`, `.fileUnreadable` (not a fairaudit summary of a readable schema
  ///   version; the reason names the version or the JSON path at fault).
  public static func read(path: String) throws(FairAuditError) -> AuditSummaryDocument {
    guard FileManager.default.fileExists(atPath: path) else { throw .fileNotFound(path: path) }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .fileUnreadable(path: path, reason: "the file cannot be read")
    }
    do {
      return try decode(data)
    } catch {
      throw .fileUnreadable(path: path, reason: error.description)
    }
  }

  /// Decodes a JSON summary of a readable schema version.
  /// - Throws: `ReadError` saying, in one line, why the data is not such a summary.
  public static func decode(_ data: Data) throws(ReadError) -> AuditSummaryDocument {
    struct Header: Decodable {
      let schemaVersion: String
      enum CodingKeys: String, CodingKey { case schemaVersion = "schema_version" }
    }
    let decoder = JSONDecoder()
    let header: Header
    do {
      header = try decoder.decode(Header.self, from: data)
    } catch DecodingError.keyNotFound {
      throw .notASummary("it has no \"schema_version\"")
    } catch let error as DecodingError {
      throw .notASummary(Self.reason(error))
    } catch {
      throw .notASummary("not JSON")
    }
    guard let version = SchemaVersion(header.schemaVersion) else {
      throw .unsupportedVersion(MessageText.quoted(header.schemaVersion))
    }
    guard version.isReadable else { throw .unsupportedVersion(version.description) }
    do {
      return try decoder.decode(AuditSummaryDocument.self, from: data)
    } catch let error as DecodingError {
      throw .notASummary(Self.reason(error))
    } catch {
      throw .notASummary(MessageText.line(String(describing: error)))
    }
  }

  /// Why a summary could not be read; `description` is one line without the file name.
  public enum ReadError: Error, Equatable, Sendable, CustomStringConvertible {
    case notASummary(String)
    case unsupportedVersion(String)

    public var description: String {
      switch self {
      case .notASummary(let why): return "not a fairaudit JSON summary (\(why))"
      case .unsupportedVersion(let version):
        return "JSON summary schema \(version) is not readable by this fairaudit (it reads \(SchemaVersion.current.major).x)"
      }
    }
  }

  /// One line naming the JSON path of the problem, e.g. `models[0].evaluation: "performance" is missing`.
  static func reason(_ error: DecodingError) -> String {
    func path(_ keys: [any CodingKey]) -> String {
      var s = ""
      for key in keys {
        if let i = key.intValue { s += "[\(i)]" } else { s += (s.isEmpty ? "" : ".") + key.stringValue }
      }
      return s.isEmpty ? "top level" : MessageText.plain(s)
    }
    switch error {
    case .keyNotFound(let key, let context):
      return "\(path(context.codingPath)): \(MessageText.quoted(key.stringValue)) is missing"
    case .typeMismatch(_, let context), .valueNotFound(_, let context):
      return "\(path(context.codingPath)): \(MessageText.line(context.debugDescription))"
    case .dataCorrupted(let context):
      if context.codingPath.isEmpty { return "not valid JSON" }
      return "\(path(context.codingPath)): invalid value"
    @unknown default:
      return "unreadable"
    }
  }
}
