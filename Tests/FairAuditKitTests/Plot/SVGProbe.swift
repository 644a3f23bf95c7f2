import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Parses chart output with XMLParser so tests check real structure (well-formedness, element
/// counts, decoded text) instead of substrings that could match by accident.
final class SVGProbe: NSObject, XMLParserDelegate {
  struct Node {
    let name: String
    let attributes: [String: String]
    /// Character data directly inside this element (decoded).
    var text: String

    func has(class token: String) -> Bool {
      (attributes["class"] ?? "").split(separator: " ").contains { $0 == token }
    }

    func number(_ name: String) -> Double? {
      attributes[name].flatMap(Double.init)
    }
  }

  private(set) var nodes: [Node] = []
  private var open: [Int] = []
  private(set) var wellFormed = false
  /// All decoded character data, concatenated.
  private(set) var allText = ""

  static func parse(_ svg: String) -> SVGProbe {
    let probe = SVGProbe()
    let parser = XMLParser(data: Data(svg.utf8))
    parser.delegate = probe
    probe.wellFormed = parser.parse()
    return probe
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    open.append(nodes.count)
    nodes.append(Node(name: elementName, attributes: attributes, text: ""))
  }

  func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
    _ = open.popLast()
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    allText += string
    if let index = open.last { nodes[index].text += string }
  }

  var root: Node? { nodes.first }

  func elements(_ name: String? = nil, class token: String? = nil) -> [Node] {
    nodes.filter { node in
      (name == nil || node.name == name) && (token.map { node.has(class: $0) } ?? true)
    }
  }

  /// Every numeric-looking geometry attribute parses as a finite number.
  func geometryIsFinite() -> Bool {
    let keys = ["x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height"]
    for node in nodes {
      for key in keys {
        guard let raw = node.attributes[key] else { continue }
        guard let value = Double(raw), value.isFinite else { return false }
      }
    }
    return true
  }
}
