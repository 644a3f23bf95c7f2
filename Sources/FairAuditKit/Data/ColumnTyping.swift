/// Decides what one raw CSV column is (docs/conventions.md, "Column types"):
/// 1. numeric when every non-missing value reads as a number, plainly or in the one separator
///    format (`DecimalMark`) that all of them fit; up to `maxMarkers` distinct digit-free texts
///    (`unknown`, `N/A`, `-`) in fewer cells than the numbers are read as missing, with a warning;
/// 2. a date column when every non-missing value is a date in one layout (`DateText`);
/// 3. otherwise categorical, levels in byte-wise order; so is a column quoted throughout by a
///    writer that leaves numbers unquoted (R's write.csv factors coded "1", "2").
struct ColumnTyping {
  static let maxMarkers = 5

  let column: DataColumn
  let warnings: [AuditWarning]

  /// - Parameter quotedText: the writer quoted every value and not those of other columns (R's
  ///   factors and strings): never numeric.
  init(name: String, raw: TextColumn, missing: Set<String>, decimal: DecimalMark, quotedText: Bool = false) {
    var notes: [AuditWarning] = []
    if !quotedText, let numeric = Self.numeric(name: name, raw: raw, missing: missing, decimal: decimal, notes: &notes) {
      column = numeric
    } else if let dates = Self.dates(name: name, raw: raw, missing: missing) {
      column = dates
    } else {
      column = Self.categorical(name: name, raw: raw, missing: missing)
    }
    warnings = notes
  }

  /// The formats to try, in order: plain first; the comma formats as `decimal` allows.
  static func formats(for decimal: DecimalMark) -> [NumberText.Format] {
    switch decimal {
    case .auto: return [.plain, .decimalComma, .thousandsComma]
    case .comma: return [.decimalComma]
    case .point: return [.plain, .thousandsComma]
    }
  }

  static func numeric(name: String, raw: TextColumn, missing: Set<String>, decimal: DecimalMark, notes: inout [AuditWarning]) -> DataColumn?
  {
    var numbers = [Double](repeating: .nan, count: raw.count)
    var nonFinite: (Int, String)? = nil
    var markers: [String: Int] = [:]
    var failures: [Int] = []
    var numericCells = 0
    let first = formats(for: decimal)[0]
    // Plain numbers are read from the bytes; the general path below gets every other value.
    let fast =
      first == .plain
      && !missing.contains { marker in
        var m = marker
        return m.withUTF8 { NumberText.plainFast($0) } != nil
      }
    // Texts already met that are missing or markers, by their bytes, with the cells of each: a
    // repeated `NA` or `unknown` costs a byte comparison, not a string and a hash per cell.
    var known: [(bytes: [UInt8], marker: String?, cells: Int)] = []
    for i in raw.indices {
      if fast, let v = raw.withField(i, NumberText.plainFast) {
        numbers[i] = v
        numericCells += 1
        continue
      }
      if let hit = raw.withField(i, { f in known.firstIndex { $0.bytes.elementsEqual(f) } }) {
        known[hit].cells += 1
        continue
      }
      let s = raw[i]
      if missing.contains(s) {
        if known.count < 8 { known.append((raw.withField(i, Array.init), nil, 0)) }
        continue
      }
      if let v = NumberText.parse(Substring(s), first) {
        numbers[i] = v
        numericCells += 1
        if !v.isFinite && nonFinite == nil { nonFinite = (i, s) }
      } else if NumberText.isMarker(Substring(s)) {
        markers[s, default: 0] += 1
        if markers.count > maxMarkers { return nil }
        if known.count < 8 { known.append((raw.withField(i, Array.init), s, 0)) }
      } else {
        failures.append(i)
        if failures.count == 1, !Self.looksLikeNumber(s) { return nil }
      }
    }
    for entry in known { if let marker = entry.marker { markers[marker, default: 0] += entry.cells } }
    if !failures.isEmpty {
      guard let format = chooseFormat(failures.map { Substring(raw[$0]) }, decimal: decimal, name: name, notes: &notes) else { return nil }
      for i in failures {
        guard let v = NumberText.parse(Substring(raw[i]), format) else { return nil }
        numbers[i] = v
        numericCells += 1
      }
      notes.append(.numberFormat(column: name, format: format.label))
    }
    let markerCells = markers.values.reduce(0, +)
    guard markerCells < numericCells || (markerCells == 0 && numericCells == 0) else { return nil }
    if markerCells > 0 {
      notes.append(.textAsMissing(column: name, markers: markers.keys.sorted(), cells: markerCells))
    }
    return DataColumn(name: name, values: .numeric(numbers), firstNonFinite: nonFinite)
  }

  /// Digits, signs, separators and spaces only: worth trying the comma formats.
  static func looksLikeNumber(_ s: String) -> Bool {
    s.contains(where: \.isASCIIDigit) && s.allSatisfy { $0.isASCIIDigit || ",.-+ ".contains($0) }
  }

  /// The comma format that reads every failing value, when only one does or `--decimal` says;
  /// values that read both ways (`1,500`) leave the column as text with a warning.
  static func chooseFormat(_ values: [Substring], decimal: DecimalMark, name: String, notes: inout [AuditWarning]) -> NumberText.Format? {
    let candidates = formats(for: decimal).filter { $0 != .plain }
    let fitting = candidates.filter { f in values.allSatisfy { NumberText.parse($0, f) != nil } }
    guard !fitting.isEmpty else { return nil }
    if fitting.count == 1 { return fitting[0] }
    if let example = values.first(where: { $0.contains(",") }) {
      notes.append(.ambiguousNumbers(column: name, example: String(example)))
    }
    return nil
  }

  static func dates(name: String, raw: TextColumn, missing: Set<String>) -> DataColumn? {
    // Most text columns fail at their first value: decide that before collecting every value.
    guard let firstPresent = raw.firstIndex(where: { !missing.contains($0) }),
      DateText.components(Substring(raw[firstPresent])) != nil
    else { return nil }
    let present = raw.indices.filter { !missing.contains(raw[$0]) }
    guard !present.isEmpty, let days = DateText.column(present.map { Substring(raw[$0]) }) else { return nil }
    var values = [Double](repeating: .nan, count: raw.count)
    for (k, i) in present.enumerated() { values[i] = days[k] }
    return DataColumn(name: name, values: .numeric(values), firstNonFinite: nil, isDate: true)
  }

  static func categorical(name: String, raw: TextColumn, missing: Set<String>) -> DataColumn {
    // Codes by bytes first; then, once per distinct value, missing markers and string equality
    // (canonically equivalent spellings are one level, represented as first written).
    let distinct = ByteLevels(raw)
    var index: [String: Int32] = [:]
    var texts: [String] = []
    var merged = [Int32](repeating: -1, count: distinct.count)
    for c in 0..<distinct.count {
      let s = distinct.level(c)
      if missing.contains(s) { continue }
      if let k = index[s] {
        merged[c] = k
      } else {
        merged[c] = Int32(texts.count)
        index[s] = Int32(texts.count)
        texts.append(s)
      }
    }
    // Re-code so level order is byte-wise ascending (stable, locale-free).
    let order = texts.indices.sorted { Array(texts[$0].utf8).lexicographicallyPrecedes(Array(texts[$1].utf8)) }
    var remap = [Int32](repeating: 0, count: texts.count)
    for (newCode, old) in order.enumerated() { remap[old] = Int32(newCode) }
    let final = merged.map { $0 < 0 ? -1 : remap[Int($0)] }
    let codes = distinct.codes.map { final[Int($0)] }
    return DataColumn(name: name, values: .categorical(codes: codes, levels: order.map { texts[$0] }), firstNonFinite: nil)
  }
}
