/// Header names made usable: an empty name becomes `column_N` (N its 1-based position), and
/// the second, third, ... copy of a name becomes `name.2`, `name.3` (skipping names already
/// taken), each with a warning. Referring to a duplicated name is an error (`DataTable.column`).
struct HeaderNames {
  let names: [String]
  let warnings: [AuditWarning]
  let duplicates: [String: [String]]

  init(_ raw: [String]) {
    var taken = Set(raw)
    var names = raw
    var warnings: [AuditWarning] = []
    for (i, name) in raw.enumerated() where name.isEmpty {
      names[i] = Self.fresh("column_\(i + 1)", taken: &taken)
      warnings.append(.emptyHeader(position: i + 1, renamedTo: names[i]))
    }
    var copies: [String: [String]] = [:]
    var order: [String] = []
    var seen = Set<String>()
    for (i, name) in names.enumerated() where !raw[i].isEmpty {
      if seen.insert(name).inserted { continue }
      if copies[name] == nil { order.append(name) }
      let renamed = Self.fresh(name, taken: &taken, from: (copies[name]?.count ?? 0) + 2)
      copies[name, default: []].append(renamed)
      names[i] = renamed
    }
    for name in order { warnings.append(.duplicateHeader(name: name, renamedTo: copies[name] ?? [])) }
    self.names = names
    self.warnings = warnings
    duplicates = copies.reduce(into: [:]) { $0[$1.key] = [$1.key] + $1.value }
  }

  /// `base` if free (and `from` is nil), else `base.k` for the first free k >= `from` (default 2).
  static func fresh(_ base: String, taken: inout Set<String>, from: Int? = nil) -> String {
    if from == nil, taken.insert(base).inserted { return base }
    var k = from ?? 2
    while !taken.insert("\(base).\(k)").inserted { k += 1 }
    return "\(base).\(k)"
  }
}
