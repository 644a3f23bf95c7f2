/// Encodes an `Encodable` value into a `JSONValue` tree, so that Codable documents are written by
/// `JSONValue`'s deterministic serializer (sorted keys, fixed number formatting, NaN -> null).
///
/// Conventions: `Double` and `Float` become `.number`, integers `.integer`; an optional that is nil
/// is written as `null`, also through `encodeIfPresent` (the key stays present). A type that leaves
/// a key out instead writes its own `encode(to:)` and skips the key.
struct JSONValueEncoder {
  func encode<T: Encodable>(_ value: T) throws -> JSONValue {
    let root = Node()
    try root.encode(value, codingPath: [])
    return root.value
  }
}

/// One value under construction; containers hold the node they write into.
private final class Node {
  private enum Content {
    case empty
    case scalar(JSONValue)
    case object([String: Node])
    case array([Node])
  }

  private var content = Content.empty

  var value: JSONValue {
    switch content {
    case .empty: return .object([:])  // an encode(to:) that wrote nothing
    case .scalar(let v): return v
    case .object(let members): return .object(members.mapValues(\.value))
    case .array(let items): return .array(items.map(\.value))
    }
  }

  func set(_ v: JSONValue) { content = .scalar(v) }

  func makeObject() { if case .object = content {} else { content = .object([:]) } }
  func makeArray() { if case .array = content {} else { content = .array([]) } }

  func child(forKey key: String) -> Node {
    makeObject()
    guard case .object(var members) = content else { preconditionFailure() }
    let node = Node()
    content = .empty  // keeps `members` uniquely referenced
    members[key] = node
    content = .object(members)
    return node
  }

  func appended() -> Node {
    makeArray()
    guard case .array(var items) = content else { preconditionFailure() }
    let node = Node()
    content = .empty
    items.append(node)
    content = .array(items)
    return node
  }

  var count: Int {
    switch content {
    case .array(let items): return items.count
    case .object(let members): return members.count
    case .empty, .scalar: return 0
    }
  }

  func encode<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
    switch value {
    case let x as Double: set(.number(x))
    case let x as Float: set(.number(Double(x)))
    case let x as Int: set(.integer(x))
    case let x as any BinaryInteger: set(.integer(Int(x)))
    case let x as String: set(.string(x))
    case let x as Bool: set(.bool(x))
    default: try value.encode(to: NodeEncoder(node: self, codingPath: codingPath))
    }
  }
}

private struct IndexKey: CodingKey {
  let intValue: Int?
  var stringValue: String { String(intValue ?? 0) }
  init(_ index: Int) { intValue = index }
  init?(stringValue: String) { nil }
  init?(intValue: Int) { self.intValue = intValue }
}

private struct NodeEncoder: Encoder {
  let node: Node
  let codingPath: [any CodingKey]
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    node.makeObject()
    return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    node.makeArray()
    return UnkeyedContainer(node: node, codingPath: codingPath)
  }

  func singleValueContainer() -> any SingleValueEncodingContainer { SingleContainer(node: node, codingPath: codingPath) }
}

private struct SingleContainer: SingleValueEncodingContainer {
  let node: Node
  let codingPath: [any CodingKey]
  mutating func encodeNil() throws { node.set(.null) }
  mutating func encode(_ value: Bool) throws { node.set(.bool(value)) }
  mutating func encode(_ value: String) throws { node.set(.string(value)) }
  mutating func encode(_ value: Double) throws { node.set(.number(value)) }
  mutating func encode(_ value: Float) throws { node.set(.number(Double(value))) }
  mutating func encode(_ value: Int) throws { node.set(.integer(value)) }
  mutating func encode(_ value: Int8) throws { node.set(.integer(Int(value))) }
  mutating func encode(_ value: Int16) throws { node.set(.integer(Int(value))) }
  mutating func encode(_ value: Int32) throws { node.set(.integer(Int(value))) }
  mutating func encode(_ value: Int64) throws { node.set(.integer(Int(value))) }
  mutating func encode(_ value: UInt) throws { node.set(.integer(Int(value))) }
  mutating func encode(_ value: UInt8) throws { node.set(.integer(Int(value))) }
  mutating func encode(_ value: UInt16) throws { node.set(.integer(Int(value))) }
  mutating func encode(_ value: UInt32) throws { node.set(.integer(Int(value))) }
  mutating func encode(_ value: UInt64) throws { node.set(.integer(Int(value))) }
  mutating func encode<T: Encodable>(_ value: T) throws { try node.encode(value, codingPath: codingPath) }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
  let node: Node
  let codingPath: [any CodingKey]

  private func put<T: Encodable>(_ value: T?, _ key: Key) throws {
    let child = node.child(forKey: key.stringValue)
    if let value { try child.encode(value, codingPath: codingPath + [key]) } else { child.set(.null) }
  }

  mutating func encodeNil(forKey key: Key) throws { try put(Int?.none, key) }
  mutating func encode(_ value: Bool, forKey key: Key) throws { try put(value, key) }
  mutating func encode(_ value: String, forKey key: Key) throws { try put(value, key) }
  mutating func encode(_ value: Double, forKey key: Key) throws { try put(value, key) }
  mutating func encode(_ value: Float, forKey key: Key) throws { try put(value, key) }
  mutating func encode(_ value: Int, forKey key: Key) throws { try put(value, key) }
  mutating func encode(_ value: Int8, forKey key: Key) throws { try put(value, key) }
  mutating func encode(_ value: Int16, forKey key: Key) throws { try put(value, key) }
  mutating func encode(_ value: Int32, forKey key: Key) throws { try put(value, key) }
  mutating func encode(_ value: Int64, forKey key: Key) throws { try put(value, key) }
  mutating func encode(_ value: UInt, forKey key: Key) throws { try put(value, key) }
  mutating func encode(_ value: UInt8, forKey key: Key) throws { try put(value, key) }
  mutating func encode(_ value: UInt16, forKey key: Key) throws { try put(value, key) }
  mutating func encode(_ value: UInt32, forKey key: Key) throws { try put(value, key) }
  mutating func encode(_ value: UInt64, forKey key: Key) throws { try put(value, key) }
  mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try put(value, key) }

  // nil is written as null, not left out (see JSONValueEncoder).
  mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try put(value, key) }
  mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try put(value, key) }
  mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try put(value, key) }
  mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try put(value, key) }
  mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try put(value, key) }
  mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try put(value, key) }
  mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try put(value, key) }
  mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try put(value, key) }
  mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try put(value, key) }
  mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try put(value, key) }
  mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try put(value, key) }
  mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try put(value, key) }
  mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try put(value, key) }
  mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try put(value, key) }
  mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try put(value, key) }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey>
  {
    NodeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
  }

  mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
    NodeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
  }

  mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.child(forKey: "super"), codingPath: codingPath) }
  mutating func superEncoder(forKey key: Key) -> any Encoder {
    NodeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key])
  }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
  let node: Node
  let codingPath: [any CodingKey]
  var count: Int { node.count }

  private func next() -> (Node, [any CodingKey]) {
    let path = codingPath + [IndexKey(node.count)]
    return (node.appended(), path)
  }

  mutating func encodeNil() throws { next().0.set(.null) }
  mutating func encode<T: Encodable>(_ value: T) throws {
    let (child, path) = next()
    try child.encode(value, codingPath: path)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
    let (child, path) = next()
    return NodeEncoder(node: child, codingPath: path).container(keyedBy: keyType)
  }

  mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
    let (child, path) = next()
    return NodeEncoder(node: child, codingPath: path).unkeyedContainer()
  }

  mutating func superEncoder() -> any Encoder {
    let (child, path) = next()
    return NodeEncoder(node: child, codingPath: path)
  }
}
