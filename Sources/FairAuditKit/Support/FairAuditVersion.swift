/// The tool version written into reports and the JSON summary.
public enum FairAuditVersion {
  public static let string = "0.1.0"
  /// Version of the JSON summary schema (docs/cli.md); bumped on any incompatible change.
  public static let jsonSchema = "1.0"
}
