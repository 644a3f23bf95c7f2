/// Inline content written as a Swift string interpolation: the literal segments are project
/// prose, an interpolated `String` becomes `.text` (escaped when rendered), numbers go through
/// `NumberFormat`, so data cannot reach the output unescaped by forgetting a call.
///
///     "The target \(strong: name) is positive in \(count: n) rows (\(percent: share))."
public struct InlineText: Sendable, Equatable, ExpressibleByStringInterpolation {
  public var inlines: [Inline]

  public init(_ inlines: [Inline] = []) { self.inlines = inlines }

  public init(stringLiteral value: String) { inlines = value.isEmpty ? [] : [.prose(value)] }

  public init(stringInterpolation: StringInterpolation) { inlines = stringInterpolation.inlines }

  public mutating func append(_ other: InlineText) { inlines += other.inlines }

  public static func + (lhs: InlineText, rhs: InlineText) -> InlineText { InlineText(lhs.inlines + rhs.inlines) }

  /// Parts joined by a project-owned separator.
  public static func joined(_ parts: [InlineText], separator: InlineText) -> InlineText {
    var out = InlineText()
    for (i, part) in parts.enumerated() {
      if i > 0 { out.append(separator) }
      out.append(part)
    }
    return out
  }

  public struct StringInterpolation: StringInterpolationProtocol {
    var inlines: [Inline] = []

    public init(literalCapacity: Int, interpolationCount: Int) {}

    public mutating func appendLiteral(_ literal: String) { if !literal.isEmpty { inlines.append(.prose(literal)) } }
    /// Untrusted text: escaped by the renderer.
    public mutating func appendInterpolation(_ text: String) { inlines.append(.text(text)) }
    public mutating func appendInterpolation(strong text: InlineText) { inlines.append(.strong(text.inlines)) }
    public mutating func appendInterpolation(emphasis text: InlineText) { inlines.append(.emphasis(text.inlines)) }
    public mutating func appendInterpolation(code: StaticString) { inlines.append(.code(code.description)) }
    public mutating func appendInterpolation(_ text: InlineText) { inlines += text.inlines }
    public mutating func appendInterpolation(_ n: Int) { inlines.append(.prose(String(n))) }
    public mutating func appendInterpolation(count n: Int) { inlines.append(.prose(NumberFormat.count(n))) }
    public mutating func appendInterpolation(percent x: Double) { inlines.append(.prose(NumberFormat.percent(x))) }
    public mutating func appendInterpolation(fixed x: Double, _ digits: Int) { inlines.append(.prose(NumberFormat.fixed(x, digits))) }
    public mutating func appendInterpolation(scientific x: Double) { inlines.append(.prose(NumberFormat.scientific(x))) }
    public mutating func appendInterpolation(significant x: Double, _ digits: Int = 4) {
      inlines.append(.prose(NumberFormat.significant(x, digits)))
    }
    /// A rate: "n/a" when undefined, else fixed decimals (as `ReportBuilder.num`).
    public mutating func appendInterpolation(rate x: Double, _ digits: Int = 3) {
      inlines.append(.prose(x.isNaN ? "n/a" : NumberFormat.fixed(x, digits)))
    }
  }
}
