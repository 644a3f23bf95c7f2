/// One SVG node with ordered attributes, so charts are assembled as data and every
/// attribute value and text run passes through `XMLEscape` exactly once, in one place.
public struct SVGElement: Sendable, Equatable {
  /// An attribute kept in insertion order, because dictionary order would make output non-deterministic.
  public struct Attribute: Sendable, Equatable {
    public let name: String
    public let value: String

    public init(_ name: String, _ value: String) {
      self.name = name
      self.value = value
    }
  }

  public var name: String
  public var attributes: [Attribute]
  public var children: [SVGElement]
  /// Character data written after the children (a `<title>` child may precede the text of `<text>`).
  public var text: String?

  public init(
    _ name: String, _ attributes: [(String, String)] = [], children: [SVGElement] = [], text: String? = nil
  ) {
    self.name = name
    self.attributes = attributes.map { Attribute($0.0, $0.1) }
    self.children = children
    self.text = text
  }

  /// Serialises the subtree; one element per line keeps reports diffable.
  public func render() -> String {
    var out = ""
    write(into: &out)
    return out
  }

  /// Elements holding text get no line breaks inside, so no stray whitespace reaches the rendered text.
  private func write(into out: inout String, newline: Bool = true) {
    let tag = SVGElement.sanitizedName(name)
    let end = newline ? "\n" : ""
    out += "<" + tag
    for attribute in attributes {
      out += " " + SVGElement.sanitizedName(attribute.name) + "=\"" + SVGElement.escaped(attribute.value) + "\""
    }
    if children.isEmpty && text == nil {
      out += "/>" + end
      return
    }
    let inline = text != nil || !newline
    out += inline || children.isEmpty ? ">" : ">\n"
    for child in children { child.write(into: &out, newline: !inline) }
    if let text { out += SVGElement.escaped(text) }
    out += "</" + tag + ">" + end
  }

  /// XML-escaped and flattened to one line: SVG collapses line breaks to spaces anyway, and a
  /// blank line inside an inline `<svg>` would end the HTML block of a CommonMark report.
  static func escaped(_ s: String) -> String {
    guard s.contains(where: { $0.isNewline || $0 == "\t" }) else { return XMLEscape.escape(s) }
    let flat = String(s.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    return XMLEscape.escape(flat)
  }

  /// Names come from code, not data, but a stray character must never break the markup.
  static func sanitizedName(_ name: String) -> String {
    let kept = name.unicodeScalars.filter { scalar in
      scalar.isASCII
        && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_:".unicodeScalars.contains(scalar))
    }
    return kept.isEmpty ? "g" : String(String.UnicodeScalarView(kept))
  }
}

// MARK: - Numbers

extension SVGElement {
  /// Coordinates with at most two decimals and no trailing zeros; non-finite input becomes "0"
  /// so that a bug upstream can never produce invalid SVG.
  public static func number(_ x: Double) -> String {
    guard x.isFinite else { return "0" }
    var s = NumberFormat.fixed(x, 2)
    if s.contains(".") {
      while s.hasSuffix("0") { s.removeLast() }
      if s.hasSuffix(".") { s.removeLast() }
    }
    return s == "-0" ? "0" : s
  }
}

// MARK: - Shape constructors

extension SVGElement {
  /// A rectangle; negative sizes are flipped so bars below zero still render.
  static func rect(
    x: Double, y: Double, width: Double, height: Double, fill: String, cssClass: String,
    extra: [(String, String)] = [], children: [SVGElement] = []
  ) -> SVGElement {
    let attrs: [(String, String)] = [
      ("class", cssClass), ("x", number(min(x, x + width))), ("y", number(min(y, y + height))),
      ("width", number(abs(width))), ("height", number(abs(height))), ("fill", fill),
    ]
    return SVGElement("rect", attrs + extra, children: children)
  }

  static func line(
    x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, cssClass: String,
    width: Double = 1, dash: String? = nil
  ) -> SVGElement {
    var attrs: [(String, String)] = [
      ("class", cssClass), ("x1", number(x1)), ("y1", number(y1)), ("x2", number(x2)), ("y2", number(y2)),
      ("stroke", stroke), ("stroke-width", number(width)),
    ]
    if let dash { attrs.append(("stroke-dasharray", dash)) }
    return SVGElement("line", attrs)
  }

  static func circle(
    cx: Double, cy: Double, r: Double, fill: String, cssClass: String, extra: [(String, String)] = [],
    children: [SVGElement] = []
  ) -> SVGElement {
    let attrs: [(String, String)] = [
      ("class", cssClass), ("cx", number(cx)), ("cy", number(cy)), ("r", number(r)), ("fill", fill),
    ]
    return SVGElement("circle", attrs + extra, children: children)
  }

  static func group(_ cssClass: String, _ children: [SVGElement], extra: [(String, String)] = []) -> SVGElement {
    SVGElement("g", [("class", cssClass)] + extra, children: children)
  }

  static func title(_ text: String) -> SVGElement {
    SVGElement("title", text: text)
  }
}

// MARK: - Text

extension SVGElement {
  /// Horizontal text alignment, as SVG's `text-anchor`.
  public enum Anchor: String, Sendable {
    case start, middle, end
  }

  /// A text run; when `maxWidth` is given and the text is too wide it is cut with an ellipsis
  /// and the full text goes into a `<title>` tooltip, so nothing from the data is lost.
  static func label(
    _ text: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = 12,
    fill: String = Palette.text, cssClass: String = "fa-label", maxWidth: Double? = nil,
    extra: [(String, String)] = []
  ) -> SVGElement {
    var shown = text
    if let maxWidth { shown = TextMetrics.truncate(text, toWidth: maxWidth, fontSize: size) }
    let attrs: [(String, String)] = [
      ("class", cssClass), ("x", number(x)), ("y", number(y)), ("font-size", number(size) + "px"),
      ("text-anchor", anchor.rawValue), ("fill", fill),
    ]
    let tooltip = shown == text ? [] : [title(text)]
    return SVGElement("text", attrs + extra, children: tooltip, text: shown)
  }

  /// White outline behind text drawn over data, so labels stay legible on bars and lines.
  static let halo: [(String, String)] = [
    ("stroke", "#ffffff"), ("stroke-width", "3"), ("stroke-linejoin", "round"), ("paint-order", "stroke"),
  ]
}
