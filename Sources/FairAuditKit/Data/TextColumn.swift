/// The raw fields of one CSV column, packed: the UTF-8 bytes of every field back to back and
/// the end offset of each. About the field's length plus 4 bytes per cell, against 16 bytes
/// plus a heap allocation for a `String` per cell; a field becomes a `String` only when read.
public struct TextColumn: RandomAccessCollection, Equatable, ExpressibleByArrayLiteral, Sendable {
  /// Largest total byte count of one column (the offsets are 32-bit).
  public static let maxBytes = Int(UInt32.max)

  private(set) var bytes: [UInt8] = []
  private(set) var ends: [UInt32] = []

  public init() {}

  public init(arrayLiteral elements: String...) {
    for e in elements { append(e) }
  }

  public var startIndex: Int { 0 }
  public var endIndex: Int { ends.count }

  public subscript(i: Int) -> String {
    let start = i == 0 ? 0 : Int(ends[i - 1])
    return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<Int(ends[i])]), as: UTF8.self) }
  }

  /// The bytes of field i, without making a string.
  public func withField<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    let start = i == 0 ? 0 : Int(ends[i - 1])
    return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<Int(ends[i])])) }
  }

  /// Whether field i is empty, without making a string.
  public func isEmpty(at i: Int) -> Bool { ends[i] == (i == 0 ? 0 : ends[i - 1]) }

  /// Bytes of all fields together.
  var byteCount: Int { bytes.count }

  /// Whether the column's fields are all empty.
  public var allEmpty: Bool { bytes.isEmpty }

  /// Appends a field given as bytes. - Returns: false when the column would exceed `maxBytes`.
  @discardableResult
  mutating func append(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
    guard bytes.count + field.count <= Self.maxBytes else { return false }
    bytes.append(contentsOf: field)
    ends.append(UInt32(bytes.count))
    return true
  }

  mutating func appendEmpty() { ends.append(UInt32(bytes.count)) }

  mutating func append(_ field: String) {
    var s = field
    s.withUTF8 { _ = append($0) }
  }

  mutating func reserve(rows: Int, bytes count: Int) {
    ends.reserveCapacity(rows)
    bytes.reserveCapacity(count)
  }
}
