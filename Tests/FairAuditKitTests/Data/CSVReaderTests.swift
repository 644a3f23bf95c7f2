import Testing

@testable import FairAuditKit

@Suite struct CSVReaderTests {
  func parse(_ text: String, delimiter: UInt8? = nil) throws -> CSVTable {
    try CSVReader(delimiter: delimiter).parse(Array(text.utf8), path: "t.csv")
  }

  @Test("quoted fields keep delimiters, doubled quotes and newlines")
  func quotedFields() throws {
    let t = try parse("a,b,c\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\n3,4,5\n")
    #expect(t.header == ["a", "b", "c"])
    #expect(t.columns[0] == ["x,1", "3"])
    #expect(t.columns[1] == ["say \"hi\"", "4"])
    #expect(t.columns[2] == ["two\nlines", "5"])
    #expect(t.recordLines == [2, 4])
  }

  @Test("CRLF, CR and LF line ends and a missing final newline")
  func lineEnds() throws {
    for text in ["a;b\r\n1;2\r\n3;4", "a;b\r1;2\r3;4\r", "a;b\n1;2\n3;4\n"] {
      let t = try parse(text)
      #expect(t.columns[0] == ["1", "3"])
      #expect(t.columns[1] == ["2", "4"])
    }
  }

  @Test("a UTF-8 byte-order mark is skipped")
  func byteOrderMark() throws {
    let t = try CSVReader().parse([0xEF, 0xBB, 0xBF] + Array("x,y\n1,2\n".utf8), path: "t.csv")
    #expect(t.header == ["x", "y"])
  }

  @Test("delimiter detection among comma, semicolon, tab and pipe", arguments: [",", ";", "\t", "|"])
  func detectsDelimiter(_ d: String) throws {
    let text = ["name\(d)\"v,1\"\(d)w", "a\(d)1\(d)2", "b\(d)3\(d)4"].joined(separator: "\n")
    let t = try parse(text)
    #expect(t.delimiter == d.utf8.first!)
    #expect(t.header.count == 3)
  }

  @Test("blank lines are skipped")
  func blankLines() throws {
    let t = try parse("a,b\n1,2\n\n3,4\n\n")
    #expect(t.rowCount == 2)
    #expect(t.columns[0] == ["1", "3"])
    #expect(t.columns[1] == ["2", "4"])
    let empty = try parse("a,b\n,2\n\n3,\n")
    #expect(empty.columns[0] == ["", "3"])
    #expect(empty.columns[1] == ["2", ""])
  }

  @Test("a ragged record names its line")
  func raggedRecord() {
    #expect(throws: FairAuditError.malformedCSV(path: "t.csv", line: 3, reason: "record has more than 2 fields (delimiter \",\")")) {
      try parse("a,b\n1,2\n1,2,3\n")
    }
    #expect(
      throws: FairAuditError.malformedCSV(path: "t.csv", line: 3, reason: "record has 1 fields but the header has 2 (delimiter \",\")")
    ) {
      try parse("a,b\n1,2\n1\n")
    }
  }

  @Test("an unterminated quote names the line where it opened")
  func unterminatedQuote() {
    #expect(throws: FairAuditError.malformedCSV(path: "t.csv", line: 2, reason: "a quoted field is never closed")) {
      try parse("a,b\n\"1,2\n3,4\n")
    }
  }

  @Test("an empty file is rejected; duplicate and empty header names are repaired with warnings")
  func headers() throws {
    #expect(throws: FairAuditError.self) { try parse("") }
    let duplicated = try parse("a,a,a.2,a\n1,2,3,4\n")
    #expect(duplicated.header == ["a", "a.3", "a.2", "a.4"])
    #expect(duplicated.duplicates == ["a": ["a", "a.3", "a.4"]])
    #expect(duplicated.warnings == [.duplicateHeader(name: "a", renamedTo: ["a.3", "a.4"])])
    let unnamed = try parse(",a,,b\n0,1,2,3\n")
    #expect(unnamed.header == ["column_1", "a", "column_3", "b"])
    #expect(unnamed.warnings == [.emptyHeader(position: 1, renamedTo: "column_1"), .emptyHeader(position: 3, renamedTo: "column_3")])
    let trailing = try parse("a,b,\n1,2,\n3,4,\n")
    #expect(trailing.header == ["a", "b"] && trailing.columns.count == 2 && trailing.warnings == [.trailingDelimiter])
  }

  @Test("a file with no candidate delimiter needs --delimiter")
  func undeterminedDelimiter() {
    #expect(
      throws: FairAuditError.malformedCSV(
        path: "t.csv", line: 1, reason: "cannot determine the delimiter (none of , ; tab | separates the header); use --delimiter")
    ) {
      try parse("onecolumn\n1\n2\n")
    }
    #expect(throws: Never.self) { try parse("onecolumn\n1\n", delimiter: UInt8(ascii: ",")) }
  }

  @Test("a missing file and the bundled bank data")
  func files() throws {
    #expect(throws: FairAuditError.fileNotFound(path: "no/such.csv")) { try CSVReader().read(path: "no/such.csv") }
    let t = try CSVReader().read(path: TestSupport.bankFull)
    #expect(t.rowCount == 45_211)
    #expect(t.header.count == 17)
    #expect(t.delimiter == UInt8(ascii: ";"))
  }

  @Test("a column quoted throughout by a writer that leaves numbers unquoted (R write.csv) is text")
  func quotedFactors() throws {
    let r = try parse("\"\",\"district\",\"age\",\"y\"\n\"1\",\"1\",23.5,\"yes\"\n\"2\",\"2\",30,NA\n")
    #expect(r.quotedText == [0, 1, 3])
    let table = DataTable(csv: r, path: "t.csv")
    #expect(!table.columns[1].isNumeric && table.columns[2].isNumeric)
    let everythingQuoted = try parse("\"a\",\"b\"\n\"1\",\"2\"\n")
    #expect(everythingQuoted.quotedText.isEmpty)  // quoting everything says nothing about types
    #expect(DataTable(csv: everythingQuoted, path: "t.csv").columns[0].isNumeric)
  }
}
