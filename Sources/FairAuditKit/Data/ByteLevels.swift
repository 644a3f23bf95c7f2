/// The distinct byte strings of a text column, coded in order of first appearance, found by an
/// open-addressing table hashed on the bytes (FNV-1a): no `String` and no `Hasher` per cell.
/// Byte-distinct values that are equal as Swift strings (canonically equivalent Unicode) are
/// merged afterwards, per distinct value, by `ColumnTyping.categorical`.
struct ByteLevels {
  /// Code per row, in first-appearance order.
  private(set) var codes: [Int32] = []
  /// The distinct values' bytes, back to back, and the end offset of each.
  private var bytes: [UInt8] = []
  private var ends: [Int] = []
  private var hashes: [UInt64] = []
  /// Code + 1 per slot (0 = empty); the slot count is a power of two at least twice the levels.
  private var slots = [Int32](repeating: 0, count: 64)

  var count: Int { ends.count }

  init(_ raw: TextColumn) {
    codes.reserveCapacity(raw.count)
    for i in raw.indices { codes.append(raw.withField(i) { code(of: $0) }) }
  }

  /// The text of distinct value `c`.
  func level(_ c: Int) -> String {
    let start = c == 0 ? 0 : ends[c - 1]
    return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<ends[c]]), as: UTF8.self) }
  }

  private mutating func code(of field: UnsafeBufferPointer<UInt8>) -> Int32 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in field { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
    while slots[slot] != 0 {
      let c = Int(slots[slot] - 1)
      if hashes[c] == hash && equals(c, field) { return Int32(c) }
      slot = (slot + 1) & mask
    }
    let c = ends.count
    bytes.append(contentsOf: field)
    ends.append(bytes.count)
    hashes.append(hash)
    slots[slot] = Int32(c + 1)
    if 2 * ends.count > slots.count { grow() }
    return Int32(c)
  }

  private func equals(_ c: Int, _ field: UnsafeBufferPointer<UInt8>) -> Bool {
    let start = c == 0 ? 0 : ends[c - 1]
    guard ends[c] - start == field.count else { return false }
    return bytes.withUnsafeBufferPointer { b in
      for k in 0..<field.count where b[start + k] != field[k] { return false }
      return true
    }
  }

  private mutating func grow() {
    slots = [Int32](repeating: 0, count: slots.count * 2)
    let mask = slots.count - 1
    for (c, hash) in hashes.enumerated() {
      var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
      while slots[slot] != 0 { slot = (slot + 1) & mask }
      slots[slot] = Int32(c + 1)
    }
  }
}
