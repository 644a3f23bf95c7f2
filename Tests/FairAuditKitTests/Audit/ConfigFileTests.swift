import Testing

@testable import FairAuditKit

@Suite struct ConfigFileTests {
  static let expected: [ConfigFile.Entry] = [
    .init(key: "sensitive", value: .list(["housing", "loan"])),
    .init(key: "min-p-rule", value: .text("80")),
    .init(key: "c", value: .text("0.10")),
    .init(key: "no-sweep", value: .flag(true)),
    .init(key: "intended-use", value: .text("Campaign calls: \"term deposits\"")),
  ]

  @Test("YAML, JSON and TOML give the same entries in file order; numbers keep their text")
  func formats() throws {
    let yaml = """
      # CI settings
      sensitive: [housing, loan]
      min-p-rule: 80
      c: 0.10
      no-sweep: true
      intended-use: 'Campaign calls: "term deposits"'
      """
    let json = """
      {"sensitive": ["housing", "loan"], "min-p-rule": 80, "c": 0.10, "no-sweep": true,
       "intended-use": "Campaign calls: \\"term deposits\\""}
      """
    let toml = """
      sensitive = ["housing", "loan"]  # two features
      min-p-rule = 80
      c = 0.10

      no-sweep = true
      intended-use = "Campaign calls: \\"term deposits\\""
      """
    #expect(try ConfigFile(text: yaml, path: "ci.yml").entries == Self.expected)
    #expect(try ConfigFile(text: json, path: "ci.json").entries == Self.expected)
    #expect(try ConfigFile(text: toml, path: "ci.toml").entries == Self.expected)
  }

  @Test(
    "malformed or unsupported files are errors naming the file (exit 65)",
    arguments: [
      ("a.yml", "sensitive: [housing\n"), ("a.yml", "boosting:\n  nu: 1\n"), ("a.yml", "- a\n- b\n"), ("a.yml", "a: 1\na: 2\n"),
      ("a.toml", "[gate]\nmin-p-rule = 80\n"), ("a.toml", "gate.min = 1\n"), ("a.toml", "x = \"\"\"a\n"), ("a.toml", "x = yes\n"),
      ("a.toml", "x = [1, [2]]\n"), ("a.toml", "x = \"open\n"), ("a.toml", "x = 1 y\n"), ("a.toml", "x = inf\n"),
      ("a.txt", "x: 1\n"), ("a.yml", "x:\n"),
    ])
  func errors(path: String, text: String) {
    #expect {
      try ConfigFile(text: text, path: path)
    } throws: { error in
      guard let e = error as? FairAuditError, case .configFile = e else { return false }
      return e.exitCode == 65 && e.description.hasPrefix("error: config file \"\(path)\": ") && !e.description.contains("\n")
    }
  }

  @Test("TOML subset: literal strings, escapes, underscores in numbers, booleans in arrays")
  func tomlValues() throws {
    let parsed = try TOMLSubset.parse("a = 'C:\\\\x'\nb = \"tab\\tu\\u00e9\"\nc = 1_000\nd = [true, -2.5e-3]\n\"e f\" = false\n")
    #expect(parsed.map(\.key) == ["a", "b", "c", "d", "e f"])
    #expect(parsed.map(\.value) == [.text("C:\\\\x"), .text("tab\tu\u{e9}"), .text("1000"), .list(["true", "-2.5e-3"]), .flag(false)])
  }
}
