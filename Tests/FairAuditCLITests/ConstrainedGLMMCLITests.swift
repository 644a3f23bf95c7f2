import Foundation
import Testing

/// The constrained GLMM end to end: model table, report sections, JSON (constraints, KKT residuals,
/// reduced-Hessian SE note) and the gate through `--audited-model ConstrainedGLMM`.
@Suite struct ConstrainedGLMMCLITests {
  @Test("--audited-model ConstrainedGLMM: the JSON has its constraints, multipliers and KKT residuals; the report compares prices")
  func endToEnd() throws {
    let dir = try CLIRun.temporaryDirectory()
    let run = try CLIRun.run(
      [
        CLIRun.bankSmall, "--sensitive", "housing,loan", "--cluster", "job", "--c", "0.02", "--audited-model", "ConstrainedGLMM",
        "--test-fraction", "0", "--no-sweep", "-o", "a.html", "--markdown", "a.md", "--json", "a.json",
      ], in: dir)
    #expect(run.status == 0, "\(run.stderr)")
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("a.json"))) as! [String: Any]
    #expect(json["schema_version"] as? String == "1.3")
    #expect((json["gate"] as! [String: Any])["audited_model"] as? String == "Fair GLMM (constrained)")
    let models = json["models"] as! [[String: Any]]
    let model = try #require(models.first { $0["kind"] as? String == "constrainedGLMM" })
    #expect(model["label"] as? String == "Fair GLMM (constrained)")
    #expect(model["termination"] as? String == "converged")
    let kkt = try #require(model["kkt_residuals"] as? [String: Double])
    #expect(kkt.values.allSatisfy { $0 < 1e-6 })
    let constraints = try #require(model["constraints"] as? [[String: Any]])
    #expect(constraints.count == 2)
    for c in constraints {
      let g = c["covariance"] as! Double, bound = c["bound"] as! Double
      #expect(abs(g) <= bound + 1e-9)
      #expect((c["shadow_price"] as! Double) >= 0)
    }
    #expect((model["random_intercepts"] as? [String: Any])?["variance"] as? Double != nil)
    let notes = model["notes"] as! [String]
    #expect(notes.contains { $0.hasPrefix("Standard errors") })
    let boosting = try #require(models.first { $0["kind"] as? String == "fairGLMM" })
    #expect(boosting["stop_reason"] as? String != nil)
    #expect(boosting["gradient_tolerance"] as? Double != nil)
    if boosting["termination"] as? String == "converged" {
      #expect((boosting["gradient_norm"] as! Double) <= (boosting["gradient_tolerance"] as! Double))
    }
    let markdown = try String(contentsOf: dir.appendingPathComponent("a.md"), encoding: .utf8)
    #expect(markdown.contains("Random effects and the price of fairness"))
    #expect(markdown.contains("Implied penalty weight"))
    #expect(markdown.contains("Fair GLMM (constrained): fairness constraints at the optimum"))
  }
}
