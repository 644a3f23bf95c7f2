/// The tool version written into reports and the JSON summary.
public enum FairAuditVersion {
  public static let string = "0.1.0"
  /// Version of the JSON summary schema, `MAJOR.MINOR`: minor for new fields, major for renamed or
  /// removed ones (policy in docs/cli.md).
  public static let jsonSchema = "1.3"
}
