import ArgumentParser

/// A comma-separated list of names (`--features a,b`), spaces around items trimmed.
struct CommaList: ExpressibleByArgument {
  let items: [String]

  init?(argument: String) { items = Self.split(argument) }

  static func split(_ s: String, keepEmpty: Bool = false) -> [String] {
    s.split(separator: ",", omittingEmptySubsequences: !keepEmpty).map { $0.trimmingCharacters(in: .whitespaces) }
  }
}

/// A comma-separated list of non-negative finite numbers (`--c 0.1,0.05`); anything else is a
/// usage error (exit 64) naming the option.
struct NumberList: ExpressibleByArgument {
  let values: [Double]

  init(values: [Double]) { self.values = values }

  init?(argument: String) {
    var values: [Double] = []
    for text in CommaList.split(argument) {
      guard let v = Double(text), v.isFinite, v >= 0 else { return nil }
      values.append(v)
    }
    self.values = values
  }

  var defaultValueDescription: String { values.map { String($0) }.joined(separator: ",") }
}
