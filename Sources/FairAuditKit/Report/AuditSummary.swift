/// The machine-readable summary (`--json`): `AuditSummaryDocument` written by `JSONValue`'s
/// serializer. Schema documented in docs/cli.md; keys sorted, no timestamps or absolute paths, so
/// two runs on the same input give identical bytes.
public enum AuditSummary {
  public static func json(_ r: AuditResult) -> String {
    AuditSummaryDocument(r).jsonText()
  }
}

extension AuditSummaryDocument {
  /// The document as a `JSONValue` tree (keys from the `CodingKeys`).
  public func jsonValue() -> JSONValue {
    do {
      return try JSONValueEncoder().encode(self)
    } catch {
      // JSONValueEncoder never throws and no type here throws in encode(to:).
      preconditionFailure("encoding the JSON summary failed: \(error)")
    }
  }

  /// The text written by `--json`: serialized with sorted keys, then a newline.
  public func jsonText() -> String { jsonValue().serialized() + "\n" }
}
