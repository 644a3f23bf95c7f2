import Testing

@testable import FairAuditKit

@Suite struct TextMetricsTests {
  @Test func wideGlyphsMeasureWiderThanNarrowOnes() {
    #expect(TextMetrics.width("", fontSize: 12) == 0)
    #expect(TextMetrics.width("WWW", fontSize: 12) > TextMetrics.width("iii", fontSize: 12))
    #expect(TextMetrics.width("abc", fontSize: 24) == 2 * TextMetrics.width("abc", fontSize: 12))
    #expect(abs(TextMetrics.width("M", fontSize: 10) - 8.33 * TextMetrics.allowance) < 1e-9)
  }

  @Test func shortLabelsAreKept() {
    #expect(TextMetrics.truncate("housing", toWidth: 200, fontSize: 12) == "housing")
  }

  @Test func longLabelsAreCutWithAnEllipsisWithinTheWidth() {
    let label = "education=tertiary, job=management, marital=single"
    let cut = TextMetrics.truncate(label, toWidth: 100, fontSize: 12)
    #expect(cut.hasSuffix("\u{2026}"))
    #expect(cut.count < label.count)
    #expect(label.hasPrefix(String(cut.dropLast())))
    #expect(TextMetrics.width(cut, fontSize: 12) <= 100)
  }

  @Test func truncationNeverSplitsACharacter() {
    let label = String(repeating: "e\u{301}", count: 40)  // e + combining acute
    let cut = TextMetrics.truncate(label, toWidth: 50, fontSize: 12)
    #expect(cut.unicodeScalars.dropLast().allSatisfy { $0 == "e" || $0 == "\u{301}" })
    #expect(cut.unicodeScalars.dropLast().last == "\u{301}")
  }
}
