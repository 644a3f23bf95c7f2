/// Which settings came from the `--config` file and which of them the command line overrode,
/// for the report's provenance block (the command line itself is shown beside it).
public struct ConfigProvenance: Sendable, Equatable {
  public struct Setting: Sendable, Equatable {
    /// The long option name, e.g. `min-p-rule`.
    public let option: String
    /// The value as the file gives it (list items joined by ", ").
    public let value: String
    /// The command line gave this option too, and its value is the one used.
    public let overridden: Bool

    public init(option: String, value: String, overridden: Bool) {
      self.option = option
      self.value = value
      self.overridden = overridden
    }
  }

  /// Base name of the config file, never a path.
  public let file: String
  public let settings: [Setting]

  public init(file: String, settings: [Setting]) {
    self.file = file
    self.settings = settings
  }
}
