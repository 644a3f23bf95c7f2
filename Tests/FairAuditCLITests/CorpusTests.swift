import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One case of the messy-input corpus: a folder under `Corpus/` holding input files and a
/// `case.json` (format in `Corpus/README.md`). A folder whose case.json cannot be used becomes a
/// case with a `problem`, which fails: a broken case is never skipped.
struct CorpusCase: Sendable, CustomTestStringConvertible {
  struct Spec: Decodable, Sendable {
    struct Setup: Decodable, Sendable {
      var files: [String: String]?
      var folders: [String]?
    }

    var args: [String]
    var stdin: String?
    var interrupt: String?
    var setup: Setup?
    var exit: Int32
    var stderr: [String]?
    var warnings: [String]?
    var stderrExcludes: [String]?
    var outputs: [String]?
    var contains: [String: [String]]?
    var excludes: [String: [String]]?
    var note: String
  }

  static let keys: Set<String> = [
    "args", "stdin", "interrupt", "setup", "exit", "stderr", "warnings", "stderrExcludes", "outputs", "contains", "excludes", "note",
  ]
  static let setupKeys: Set<String> = ["files", "folders"]
  static let prefixes = [
    "csv", "header", "numbers", "encoding", "roles", "design", "separation", "levels", "cluster", "output", "options", "small",
  ]
  static let exitCodes: Set<Int32> = [0, 1, 10, 11, 12, 13, 15, 16, 17, 20, 21, 31, 64, 130, 143]
  static let minimumCount = 80
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

  let name: String
  let directory: URL
  let spec: Spec?
  let problem: String?

  var testDescription: String { name }

  static let all: [CorpusCase] = discover()

  /// Every folder of the corpus, sorted; a missing or too small corpus yields a failing case.
  static func discover() -> [CorpusCase] {
    let fm = FileManager.default
    guard let names = try? fm.contentsOfDirectory(atPath: root.path) else {
      return [
        CorpusCase(name: "corpus-missing", directory: root, spec: nil, problem: "the corpus folder \(root.path) is missing or unreadable")
      ]
    }
    var cases: [CorpusCase] = names.sorted().compactMap { name in
      let directory = root.appendingPathComponent(name)
      var isDirectory: ObjCBool = false
      guard fm.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
      return load(name: name, directory: directory)
    }
    if cases.count < minimumCount {
      cases.insert(
        CorpusCase(
          name: "corpus-too-small", directory: root, spec: nil,
          problem: "the corpus has \(cases.count) cases; at least \(minimumCount) are required"), at: 0)
    }
    return cases
  }

  static func load(name: String, directory: URL) -> CorpusCase {
    func broken(_ problem: String) -> CorpusCase { CorpusCase(name: name, directory: directory, spec: nil, problem: problem) }
    guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent("case.json").path) else {
      return broken("the folder has no readable case.json")
    }
    guard let object = try? JSONSerialization.jsonObject(with: data), let dictionary = object as? [String: Any] else {
      return broken("case.json is not a JSON object")
    }
    let unknown = Set(dictionary.keys).subtracting(keys)
    if !unknown.isEmpty { return broken("case.json has unknown keys \(unknown.sorted())") }
    if let setup = dictionary["setup"] as? [String: Any], !Set(setup.keys).isSubset(of: setupKeys) {
      return broken("case.json setup has unknown keys \(Set(setup.keys).subtracting(setupKeys).sorted())")
    }
    let spec: Spec
    do { spec = try JSONDecoder().decode(Spec.self, from: data) } catch { return broken("case.json does not fit the format: \(error)") }
    let parts = name.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count >= 2, prefixes.contains(String(parts[0])), parts.allSatisfy({ !$0.isEmpty }),
      name.allSatisfy({ $0 == "-" || ($0.isASCII && ($0.isLowercase || $0.isNumber)) })
    else { return broken("the folder name is not kebab-case with one of the prefixes \(prefixes)") }
    if spec.note.trimmingCharacters(in: .whitespaces).isEmpty { return broken("case.json has an empty note") }
    if !exitCodes.contains(spec.exit) { return broken("case.json expects exit \(spec.exit), which the specification does not define") }
    var patterns = (spec.stderr ?? []) + (spec.warnings ?? []) + (spec.stderrExcludes ?? [])
    patterns += Array((spec.contains ?? [:]).values.joined()) + Array((spec.excludes ?? [:]).values.joined())
    for pattern in patterns where (try? NSRegularExpression(pattern: pattern)) == nil {
      return broken("case.json has an invalid regular expression \(pattern)")
    }
    if let stdin = spec.stdin, !FileManager.default.fileExists(atPath: directory.appendingPathComponent(stdin).path) {
      return broken("the stdin file \(stdin) is not in the case folder")
    }
    if let signal = spec.interrupt, !["INT", "TERM"].contains(signal) { return broken("interrupt must be \"INT\" or \"TERM\"") }
    let outputs = spec.outputs ?? []
    if ![0, 1].contains(spec.exit) && !outputs.isEmpty { return broken("a failing case (exit \(spec.exit)) cannot expect outputs") }
    for path in outputs + Array((spec.contains ?? [:]).keys) + Array((spec.excludes ?? [:]).keys)
    where path.hasPrefix("/") || path.contains("{") || path.split(separator: "/").contains("..") {
      return broken("output \(path) must be a plain path relative to the working folder")
    }
    for path in Array((spec.contains ?? [:]).keys) + Array((spec.excludes ?? [:]).keys) where !outputs.contains(path) {
      return broken("contains/excludes name \(path), which is not among the outputs")
    }
    return CorpusCase(name: name, directory: directory, spec: spec, problem: nil)
  }
}

@Suite struct CorpusTests {
  /// A run longer than this is a hang: the process is terminated and the case fails.
  static let timeout: TimeInterval = 30
  /// Longest quoted value an error or warning may show (about 80 characters, then "...").
  static let longestQuote = 100
  /// Swift type names and debug output that must never reach a user.
  static let debugText = [
    "FairAuditError", "FairAuditKit.", "Swift.", "Foundation.", "Optional(", "NotPositiveDefinite(", "(detail:", "(path:",
    "(reason:", "(column:", "(model:", "(option:", "(line:", "Error Domain=", "NSCocoaErrorDomain", "NSPOSIXErrorDomain",
    "UserInfo=", "ValidationError", "CocoaError", "DecodingError", "Fatal error", "error: internal error", "Stack dump",
  ]

  @Test("the corpus has at least 80 cases, covers every prefix, and every case.json parses")
  func corpusIsComplete() {
    let cases = CorpusCase.discover()
    let usable = cases.filter { $0.spec != nil }
    #expect(usable.count >= CorpusCase.minimumCount, "only \(usable.count) usable corpus cases in \(CorpusCase.root.path)")
    for c in cases { if let problem = c.problem { Issue.record("\(c.name): \(problem)") } }
    for prefix in CorpusCase.prefixes {
      #expect(usable.contains { $0.name.hasPrefix(prefix + "-") }, "no corpus case with the prefix \(prefix)-")
    }
  }

  @Test("a messy input case runs as a real process and behaves as its case.json says", arguments: CorpusCase.all)
  func corpusCase(_ c: CorpusCase) throws {
    guard let spec = c.spec else {
      Issue.record("\(c.name): \(c.problem ?? "no specification")")
      return
    }
    let fm = FileManager.default
    let work = try CLIRun.temporaryDirectory()
    defer { try? fm.removeItem(at: work) }
    let places = [("{case}", c.directory.path), ("{work}", work.path), ("{repo}", CLIRun.repositoryRoot.path)]
    func expand(_ s: String) -> String { places.reduce(s) { $0.replacingOccurrences(of: $1.0, with: $1.1) } }

    for folder in spec.setup?.folders ?? [] {
      try fm.createDirectory(at: work.appendingPathComponent(folder), withIntermediateDirectories: true)
    }
    for (path, text) in spec.setup?.files ?? [:] {
      let url = work.appendingPathComponent(path)
      try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }

    let arguments = spec.args.map(expand)
    // Inputs that must come out byte-identical: the case folder, and any existing file an
    // argument names outside the working folder (e.g. {repo}/Examples/bank/bank.csv).
    var protected = Self.regularFiles(under: c.directory)
    for argument in arguments {
      let url = argument.hasPrefix("/") ? URL(fileURLWithPath: argument) : work.appendingPathComponent(argument)
      var isDirectory: ObjCBool = false
      if !url.standardizedFileURL.path.hasPrefix(work.path + "/"), fm.fileExists(atPath: url.path, isDirectory: &isDirectory),
        !isDirectory.boolValue
      {
        protected.append(url)
      }
    }
    let inputsBefore = Self.contents(of: protected)
    let caseEntriesBefore = Self.entries(under: c.directory)
    let workBefore = Self.entries(under: work)
    let workFilesBefore = Self.contents(of: Self.regularFiles(under: work))

    let stdin = try spec.stdin.map { try Data(contentsOf: c.directory.appendingPathComponent($0)) }
    let signal: Int32? = spec.interrupt.map { $0 == "INT" ? SIGINT : SIGTERM }
    let r = try CLIRun.run(arguments, in: work, stdin: stdin, keepStdinOpen: signal != nil, signal: signal, timeout: Self.timeout)

    // Paths of this machine go back to their placeholders, so regexes and the quote-length rule
    // see what a user would see for a short path.
    var stderr = r.stderr
    for (placeholder, path) in places.sorted(by: { $0.1.count > $1.1.count }) {
      stderr = stderr.replacingOccurrences(of: path, with: placeholder)
      let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
      if resolved != path { stderr = stderr.replacingOccurrences(of: resolved, with: placeholder) }
    }
    let context = "\(c.name) (\(spec.note))\nexit \(r.status)\nstderr:\n\(stderr)"
    var problems: [String] = []

    if r.timedOut { problems.append("no exit within \(Int(Self.timeout)) s: a hang (the process was terminated)") }
    #expect(r.status == spec.exit, "exit \(r.status), expected \(spec.exit): \(context)")

    // stderr: one error line for a failure, none for success; warnings and errors only around it.
    let lines = stderr.split(separator: "\n").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    let errorLines = lines.filter { $0.hasPrefix("error: ") }
    let warningLines = lines.filter { $0.hasPrefix("warning: ") }
    let succeeded = [0, 1].contains(spec.exit), interrupted = [130, 143].contains(spec.exit)
    if succeeded {
      if !errorLines.isEmpty { problems.append("a successful run printed an error line") }
    } else {
      if interrupted ? errorLines.count > 1 : errorLines.count != 1 {
        problems.append("\(errorLines.count) lines start with \"error: \"; expected exactly one")
      }
      for line in lines where !line.hasPrefix("error: ") && !line.hasPrefix("warning: ") {
        problems.append("stderr line is neither an error nor a warning: \(line)")
      }
    }
    for pattern in spec.stderr ?? [] where !lines.contains(where: { Self.matches(pattern, $0) }) {
      problems.append("no stderr line matches \(pattern)")
    }
    for pattern in spec.warnings ?? [] where !warningLines.contains(where: { Self.matches(pattern, $0) }) {
      problems.append("no warning line matches \(pattern)")
    }
    for pattern in spec.stderrExcludes ?? [] {
      for line in lines where Self.matches(pattern, line) { problems.append("stderr line matches the excluded \(pattern): \(line)") }
    }
    for text in Self.debugText where stderr.contains(text) || r.stdout.contains(text) {
      problems.append("debug text \"\(text)\" in the output")
    }
    for (stream, text) in [("stdout", r.stdout), ("stderr", r.stderr)] {
      if let scalar = text.unicodeScalars.first(where: { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }) {
        problems.append("\(stream) holds the raw control character U+\(String(scalar.value, radix: 16, uppercase: true))")
      }
      if spec.exit != 15 && text.contains("NaN") { problems.append("\(stream) contains NaN") }
    }
    for line in lines {
      let quoted = line.split(separator: "\"", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }
      if let long = quoted.first(where: { $0.element.count > Self.longestQuote }) {
        problems.append("a quoted value of \(long.element.count) characters is not cut: \(line.prefix(120))...")
      }
    }

    // The inputs are never modified, and nothing appears next to them.
    let inputsAfter = Self.contents(of: protected)
    for url in protected where inputsAfter[url.path] != inputsBefore[url.path] {
      problems.append("input \(url.lastPathComponent) was modified or removed")
    }
    let caseEntriesAfter = Self.entries(under: c.directory)
    if caseEntriesAfter != caseEntriesBefore {
      problems.append("the case folder changed: \(caseEntriesAfter.symmetricDifference(caseEntriesBefore).sorted())")
    }

    // Outputs: all of them after a completed audit, nothing new (not even a temporary file) otherwise.
    let created = Self.entries(under: work).subtracting(workBefore)
    let outputs = spec.outputs ?? []
    if succeeded {
      var allowed = Set<String>()
      for output in outputs {
        let path = output.hasPrefix("./") ? String(output.dropFirst(2)) : output
        allowed.insert(path)
        var parent = (path as NSString).deletingLastPathComponent
        while !parent.isEmpty {
          allowed.insert(parent)
          parent = (parent as NSString).deletingLastPathComponent
        }
        guard let data = fm.contents(atPath: work.appendingPathComponent(path).path) else {
          problems.append("output \(output) was not written")
          continue
        }
        if data.isEmpty { problems.append("output \(output) is empty") }
        if path.hasSuffix(".json"), (try? JSONSerialization.jsonObject(with: data)) == nil {
          problems.append("output \(output) is not valid JSON")
        }
      }
      let stray = created.subtracting(allowed)
      if !stray.isEmpty { problems.append("files other than the outputs were left: \(stray.sorted())") }
      for (output, patterns) in spec.contains ?? [:] {
        let text = String(decoding: fm.contents(atPath: work.appendingPathComponent(output).path) ?? Data(), as: UTF8.self)
        for pattern in patterns where !Self.matches(pattern, text) { problems.append("\(output) does not match \(pattern)") }
      }
      for (output, patterns) in spec.excludes ?? [:] {
        let text = String(decoding: fm.contents(atPath: work.appendingPathComponent(output).path) ?? Data(), as: UTF8.self)
        for pattern in patterns where Self.matches(pattern, text) { problems.append("\(output) matches the excluded \(pattern)") }
      }
    } else {
      if !created.isEmpty { problems.append("a failed run left new files: \(created.sorted())") }
      let after = Self.contents(of: workFilesBefore.keys.map { URL(fileURLWithPath: $0) })
      for (path, bytes) in workFilesBefore where after[path] != bytes {
        problems.append("a failed run changed the existing \(URL(fileURLWithPath: path).lastPathComponent)")
      }
    }
    for problem in problems { Issue.record("\(problem)\n\(context)") }
  }

  static func matches(_ pattern: String, _ text: String) -> Bool {
    guard let regex = try? NSRegularExpression(pattern: pattern) else { return false }
    return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
  }

  /// Relative paths of every file and folder below `directory`, hidden ones included.
  static func entries(under directory: URL, prefix: String = "") -> Set<String> {
    var result = Set<String>()
    for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] {
      let relative = prefix.isEmpty ? name : prefix + "/" + name
      result.insert(relative)
      var isDirectory: ObjCBool = false
      let url = directory.appendingPathComponent(name)
      if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
        result.formUnion(entries(under: url, prefix: relative))
      }
    }
    return result
  }

  static func regularFiles(under directory: URL) -> [URL] {
    entries(under: directory).sorted().map { directory.appendingPathComponent($0) }.filter { url in
      var isDirectory: ObjCBool = false
      return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
  }

  static func contents(of urls: [URL]) -> [String: Data] {
    var result: [String: Data] = [:]
    for url in urls { result[url.path] = FileManager.default.contents(atPath: url.path) }
    return result
  }
}
