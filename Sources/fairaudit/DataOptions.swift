import ArgumentParser
import FairAuditKit

/// How the CSV is read and split.
struct DataOptions: ParsableArguments {
  @Option(help: "Field delimiter: one character, or 'tab' (default: auto-detect).")
  var delimiter: String?

  @Option(help: "Comma-separated missing-value markers (default: empty, NA, ?).")
  var na: String?

  @Option(help: "Input encoding: auto (UTF-8, UTF-16 with BOM, else Windows-1252 with a warning), utf-8, utf-16, latin-1, windows-1252.")
  var encoding: TextEncoding = .auto

  @Option(help: "Decimal mark of numbers: auto (detected per column where unambiguous), '.' (commas are thousands separators) or ','.")
  var decimal: DecimalMark = .auto

  @Option(help: "Share of rows held out for evaluation, stratified by target and cluster; 0 fits and evaluates on all rows.")
  var testFraction: Double = 0.3

  @Option(help: "Seed of the train/test split.")
  var seed: UInt64 = 42

  func validate() throws {
    guard (0..<1).contains(testFraction) else { throw ValidationError("--test-fraction must be in [0, 1)") }
    if let d = delimiter, d != "tab", d.utf8.count != 1 { throw ValidationError("--delimiter must be one character or 'tab'") }
  }

  func apply(to c: inout AuditConfiguration) {
    c.delimiter = delimiter.flatMap { $0 == "tab" ? 9 : $0.utf8.first }
    if let na { c.missingMarkers = Set(CommaList.split(na, keepEmpty: true)) }
    c.encoding = encoding
    c.decimal = decimal
    c.testFraction = testFraction
    c.seed = seed
  }
}

extension TextEncoding: ExpressibleByArgument {
  public init?(argument: String) { self.init(name: argument) }
  public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension DecimalMark: ExpressibleByArgument {}
