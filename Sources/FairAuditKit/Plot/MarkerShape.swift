/// Point symbols for line series. Shape varies with colour so series stay distinguishable
/// in greyscale prints and for readers who cannot separate the hues.
public enum MarkerShape: Int, Sendable, CaseIterable {
  case circle, square, triangle, diamond

  /// Shape for the i-th series, cycling.
  public static func forSeries(_ index: Int) -> MarkerShape {
    allCases[((index % allCases.count) + allCases.count) % allCases.count]
  }

  /// The marker centred at (cx, cy) with half-size `r`; `children` may hold a `<title>` tooltip.
  func element(
    cx: Double, cy: Double, r: Double, fill: String, cssClass: String, children: [SVGElement] = []
  ) -> SVGElement {
    switch self {
    case .circle:
      return .circle(cx: cx, cy: cy, r: r, fill: fill, cssClass: cssClass, children: children)
    case .square:
      let s = r * 0.9
      return .rect(
        x: cx - s, y: cy - s, width: 2 * s, height: 2 * s, fill: fill, cssClass: cssClass,
        children: children)
    case .triangle:
      let h = r * 1.2
      return polygon([(cx, cy - h), (cx + h, cy + h * 0.8), (cx - h, cy + h * 0.8)], fill, cssClass, children)
    case .diamond:
      let h = r * 1.25
      return polygon([(cx, cy - h), (cx + h, cy), (cx, cy + h), (cx - h, cy)], fill, cssClass, children)
    }
  }

  private func polygon(
    _ points: [(Double, Double)], _ fill: String, _ cssClass: String, _ children: [SVGElement]
  ) -> SVGElement {
    let list = points.map { SVGElement.number($0.0) + "," + SVGElement.number($0.1) }.joined(separator: " ")
    return SVGElement("polygon", [("class", cssClass), ("points", list), ("fill", fill)], children: children)
  }
}
