import Testing

@testable import FairAuditKit

@Suite struct DataTableTests {
  @Test("numeric vs categorical inference and missing markers")
  func typing() throws {
    let t = try TestSupport.table("x,c,m\n1.5,a,NA\n2,b,?\n,a,3\n")
    #expect(t.columns[0].isNumeric)
    #expect(!t.columns[1].isNumeric)
    #expect(t.columns[2].isNumeric)
    #expect(t.columns[0].isMissing(2))
    #expect(t.columns[2].isMissing(0) && t.columns[2].isMissing(1))
    if case .categorical(_, let levels) = t.columns[1].values { #expect(levels == ["a", "b"]) }
  }

  @Test("unknown columns suggest close names")
  func suggestions() throws {
    let t = try TestSupport.table("housing,loan,y\n1,0,1\n")
    #expect(throws: FairAuditError.unknownColumn(name: "housng", role: "sensitive", suggestions: ["housing"])) {
      try t.column(named: "housng", role: "sensitive")
    }
  }

  @Test("a NaN in a used numeric column names column, row and line")
  func nonFinite() throws {
    let t = try TestSupport.table("x,z,y\n1,0,1\nNaN,1,0\n3,1,1\n2,0,0\n")
    #expect(throws: FairAuditError.nonFiniteValue(column: "x", row: 2, line: 3, value: "NaN")) {
      try ModelFrame(table: t, roles: ModelRoles(sensitive: [try SensitiveFeatureSpec(parsing: "z")]))
    }
  }
}
