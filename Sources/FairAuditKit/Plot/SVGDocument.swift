/// The root `<svg>` of one chart: fixed size, accessible name and description, and an id prefix
/// so several charts can be inlined in one HTML page without `aria-labelledby` collisions.
public struct SVGDocument: Sendable, Equatable {
  public var width: Double
  public var height: Double
  public var title: String
  public var description: String
  public var id: String
  public var children: [SVGElement]

  /// `id` defaults to a slug of the title plus a hash of it; pass one when two charts share a title.
  public init(
    width: Double, height: Double, title: String, description: String, id: String? = nil,
    children: [SVGElement] = []
  ) {
    self.width = width
    self.height = height
    self.title = title
    self.description = description
    self.id = SVGDocument.sanitizedID(id ?? SVGDocument.defaultID(for: title))
    self.children = children
  }

  public func render() -> String {
    root().render()
  }

  /// The whole chart as one element tree (useful for tests and for embedding).
  public func root() -> SVGElement {
    let w = SVGElement.number(width)
    let h = SVGElement.number(height)
    let attrs: [(String, String)] = [
      ("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(w) \(h)"), ("width", w), ("height", h),
      ("role", "img"), ("aria-labelledby", "\(id)-title \(id)-desc"), ("class", "fa-chart"),
      ("font-family", "sans-serif"), ("font-size", "12px"),
    ]
    let head = [
      SVGElement("title", [("id", "\(id)-title")], text: title),
      SVGElement("desc", [("id", "\(id)-desc")], text: description),
      SVGElement.rect(x: 0, y: 0, width: width, height: height, fill: Palette.background, cssClass: "fa-background"),
    ]
    return SVGElement("svg", attrs, children: head + children)
  }

  /// "fa-" + ASCII slug of the title + FNV-1a hash of the full title: stable across runs and
  /// distinct for titles that slug identically (e.g. differing only in non-ASCII characters).
  public static func defaultID(for title: String) -> String {
    var slug = ""
    for scalar in title.lowercased().unicodeScalars {
      if scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) {
        slug.unicodeScalars.append(scalar)
      } else if !slug.isEmpty && !slug.hasSuffix("-") {
        slug += "-"
      }
      if slug.count >= 40 { break }
    }
    while slug.hasSuffix("-") { slug.removeLast() }
    let hash = String(fnv1a(title), radix: 16)
    let padded = String(repeating: "0", count: max(0, 8 - hash.count)) + hash
    return "fa-" + (slug.isEmpty ? "" : slug + "-") + padded
  }

  /// Ids must be valid XML names: keep [A-Za-z0-9_-], and start with a letter.
  static func sanitizedID(_ id: String) -> String {
    let kept = id.unicodeScalars.filter { scalar in
      scalar.isASCII
        && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_")
    }
    let s = String(String.UnicodeScalarView(kept))
    guard let first = s.unicodeScalars.first, first.properties.isAlphabetic else { return "fa-" + s }
    return s
  }

  /// 32-bit FNV-1a over UTF-8: tiny, dependency-free and identical on every platform.
  static func fnv1a(_ s: String) -> UInt32 {
    var h: UInt32 = 0x811C_9DC5
    for byte in s.utf8 {
      h ^= UInt32(byte)
      h = h &* 0x0100_0193
    }
    return h
  }
}
