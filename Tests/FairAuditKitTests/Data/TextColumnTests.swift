import Testing

@testable import FairAuditKit

@Suite struct TextColumnTests {
  @Test("packed fields read back as written, empty ones included")
  func roundTrip() {
    let fields = ["", "a", "Müller", "", "1,5", "quote \" inside", "x\ny", ""]
    var column = TextColumn()
    for f in fields { column.append(f) }
    #expect(Array(column) == fields)
    #expect(column.count == fields.count)
    #expect(column.isEmpty(at: 0) && !column.isEmpty(at: 1) && column.isEmpty(at: 3) && column.isEmpty(at: 7))
    #expect(!column.allEmpty)
    let empty: TextColumn = ["", ""]
    #expect(empty.allEmpty && empty.count == 2)
  }

  @Test("the reader fills packed columns with quotes removed and R's unquoted NA kept as text")
  func readerFillsColumns() throws {
    let table = try CSVReader().parse(Array("a,b\n\"x,\"\"1\"\",\",NA\n,\"\"\n".utf8), path: "t.csv")
    #expect(Array(table.columns[0]) == ["x,\"1\",", ""])
    #expect(Array(table.columns[1]) == ["NA", ""])
  }
}
