import Testing

@testable import FairAuditKit

@Suite struct ModelFrameTests {
  let csv = "age,group,score,y\n30,a,1.5,yes\n40,b,2.5,no\nNA,a,0.5,yes\n55,b,3.5,no\n22,a,1.0,no\n61,b,2.0,yes\n"

  @Test("rows with a missing value in a used column are dropped and counted")
  func dropsMissing() throws {
    let frame = try ModelFrame(table: try TestSupport.table(csv), roles: ModelRoles())
    #expect(frame.rows == [0, 1, 3, 4, 5])
    #expect(frame.droppedRows == ["age": 1])
    #expect(frame.positiveLabel == "yes")
    #expect(frame.y == [1, 0, 0, 0, 1])
  }

  @Test("excluding the column with missing values keeps its rows")
  func excludeKeepsRows() throws {
    let frame = try ModelFrame(table: try TestSupport.table(csv), roles: ModelRoles(exclude: ["age"]))
    #expect(frame.rows.count == 6)
  }

  @Test("a target with three values is not binary")
  func nonBinaryTarget() throws {
    let t = try TestSupport.table("x,y\n1,a\n2,b\n3,c\n")
    #expect(throws: FairAuditError.notBinary(column: "y", role: "target", levels: ["a", "b", "c"])) {
      try ModelFrame(table: t, roles: ModelRoles())
    }
  }

  @Test("an unusual pair of target labels needs --positive")
  func positiveRequired() throws {
    let t = try TestSupport.table("x,y\n1,good\n2,bad\n")
    #expect(throws: FairAuditError.positiveLabelRequired(column: "y", levels: ["bad", "good"])) {
      try ModelFrame(table: t, roles: ModelRoles())
    }
    let frame = try ModelFrame(table: t, roles: ModelRoles(positive: "good"))
    #expect(frame.y == [1, 0])
  }

  @Test("sensitive specs: binary column, level, threshold")
  func sensitiveSpecs() throws {
    let specs = try ["group", "group=b", "age<41", "age>=55"].map { try SensitiveFeatureSpec(parsing: $0) }
    let frame = try ModelFrame(table: try TestSupport.table(csv), roles: ModelRoles(sensitive: specs))
    #expect(frame.z(0) == [1, 0, 0, 1, 0])  // no yes/no pair: the less frequent level ("a", 2 of 5) is protected
    #expect(frame.z(1) == [0, 1, 1, 0, 1])
    #expect(frame.z(2) == [1, 1, 0, 1, 0])
    #expect(frame.z(3) == [0, 0, 1, 0, 1])
  }

  @Test("a sensitive group with no rows is an empty-group error")
  func emptyGroup() throws {
    let t = try TestSupport.table("x,s,y\n1,a,1\n2,a,0\n3,a,1\n")
    #expect(throws: FairAuditError.emptyGroup(feature: "s=b", group: "b")) {
      try ModelFrame(table: t, roles: ModelRoles(sensitive: [try SensitiveFeatureSpec(parsing: "s=b")]))
    }
  }

  @Test("a covariate constant in the rows used, or only in the training rows, is left out with a warning")
  func constantColumn() throws {
    let t = try TestSupport.table("k,j,x,y\n5,1,1,1\n5,1,2,0\n5,1,3,1\n5,2,4,0\n5,,5,1\n")
    let frame = try ModelFrame(table: t, roles: ModelRoles())
    #expect(frame.covariates.map(\.name) == ["j", "x"])
    #expect(frame.warnings == [.covariateLeftOut(column: "k", reason: .constant(value: "5"))])
    let design = try DesignMatrix(frame: frame, trainingRows: [0, 1, 2])
    #expect(design.names == ["(Intercept)", "x"])
    #expect(design.warnings == [.covariateLeftOut(column: "j", reason: .constant(value: "1"))])
  }

  @Test("bank-full design: 43 columns named and coded as the conventions say")
  func bankDesign() {
    let d = TestSupport.bankFullAllRows.design
    #expect(d.width == 43)
    #expect(d.names.contains("housing=no"))
    #expect(d.names.contains("job=admin."))
    #expect(!d.names.contains("job=blue-collar"))
  }

  @Test("the split is deterministic, stratified and disjoint")
  func split() throws {
    let frame = TestSupport.bankFullAllRows.frame
    let a = TrainTestSplit(frame: frame, fraction: 0.3, seed: 7), b = TrainTestSplit(frame: frame, fraction: 0.3, seed: 7)
    #expect(a.test == b.test)
    #expect(Set(a.test).isDisjoint(with: a.training))
    #expect(a.test.count + a.training.count == frame.rows.count)
    let rate = { (rows: [Int]) in rows.reduce(0) { $0 + frame.y[$1] } / Double(rows.count) }
    #expect(abs(rate(a.test) - rate(a.training)) < 1e-3)
    #expect(TrainTestSplit(frame: frame, fraction: 0.3, seed: 8).test != a.test)
  }
}
