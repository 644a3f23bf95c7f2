/// The CI gate as JUnit XML (`--junit`), so CI systems show it natively: one test case per
/// threshold check of the audited model (a failure carries the measured value and the limit),
/// and one per fitted model for its convergence (a fit that stopped without converging fails).
/// Every text is escaped by `XMLEscape`; numbers use `NumberFormat`, so the file is byte-stable.
public enum JUnitReport {
  public static func xml(_ r: AuditResult) -> String {
    let gate = r.checks.map { check in
      TestCase(
        name: "\(check.criterion) [\(check.subject)]", className: "fairaudit.gate.\(r.auditedModel.model.kind.optionName)",
        failure: check.passed
          ? nil : "value \(NumberFormat.significant(check.value, 6)) breaches the limit \(NumberFormat.significant(check.limit, 6))")
    }
    let convergence = r.evaluations.filter { !$0.model.kind.isExternal }.map { e in
      let s = e.model.summary
      return TestCase(
        name: "\(e.model.kind.label) converged", className: "fairaudit.models",
        failure: s.didConverge
          ? nil
          : "termination \(s.termination.rawValue) after \(s.iterations) iterations, max |gradient| \(NumberFormat.scientific(s.gradientNorm))"
      )
    }
    let suites = [("fairness gate", gate), ("model convergence", convergence)]
    let failures = suites.reduce(0) { $0 + $1.1.filter { $0.failure != nil }.count }
    let tests = suites.reduce(0) { $0 + $1.1.count }
    var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    s += "<testsuites name=\"fairaudit\" tests=\"\(tests)\" failures=\"\(failures)\">\n"
    for (name, cases) in suites {
      let failed = cases.filter { $0.failure != nil }.count
      s += "  <testsuite name=\"\(XMLEscape.escape(name))\" tests=\"\(cases.count)\" failures=\"\(failed)\">\n"
      for c in cases { s += c.xml }
      s += "  </testsuite>\n"
    }
    return s + "</testsuites>\n"
  }

  struct TestCase {
    let name: String
    let className: String
    let failure: String?

    var xml: String {
      let open = "    <testcase name=\"\(XMLEscape.escape(name))\" classname=\"\(XMLEscape.escape(className))\""
      guard let failure else { return open + "/>\n" }
      return open + ">\n      <failure message=\"\(XMLEscape.escape(failure))\"/>\n    </testcase>\n"
    }
  }
}
