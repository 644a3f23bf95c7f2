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
        CLIRun.repositoryRoot.appendingPathComponent("Tests/FairAuditKitTests/Fixtures/sim_unfair_strata.csv").path, "--sensitive", "Sex",
        "--cluster", "ClusterID", "--target", "target", "--c", "0.02", "--audited-model", "ConstrainedGLMM", "--test-fraction", "0",
        "--no-sweep", "-o", "a.html", "--markdown", "a.md", "--json", "a.json",
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
    #expect(constraints.count == 1)
    #expect(constraints[0]["active"] as? Bool == true)
    for c in constraints {
      let g = c["covariance"] as! Double, bound = c["bound"] as! Double
      #expect(abs(g) <= bound + 1e-9)
      #expect((c["shadow_price"] as! Double) >= 0)
    }
    #expect(((model["random_intercepts"] as? [String: Any])?["variance"] as? Double ?? 0) > 0.1)
    let notes = model["notes"] as! [String]
    #expect(!notes.contains { $0.hasPrefix("Singular fit") })
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
    #expect(markdown.contains("Fair GLMM (constrained): fixed effects"))
  }

  @Test("an audited boosting Fair GLMM that stopped early exits 1 with the convergence check in the gate")
  func earlyStoppedAudited() throws {
    let dir = try CLIRun.temporaryDirectory()
    let run = try CLIRun.run(
      [
        CLIRun.repositoryRoot.appendingPathComponent("Tests/FairAuditKitTests/Fixtures/sim_unfair_strata.csv").path, "--sensitive", "Sex",
        "--cluster", "ClusterID", "--target", "target", "--audited-model", "FairGLMM", "--test-fraction", "0", "--no-sweep",
        "-o", "a.html", "--json", "a.json",
      ], in: dir)
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("a.json"))) as! [String: Any]
    let model = try #require((json["models"] as! [[String: Any]]).first { $0["kind"] as? String == "fairGLMM" })
    let gate = json["gate"] as! [String: Any]
    let checks = gate["checks"] as! [[String: Any]]
    let convergence = checks.first { ($0["criterion"] as? String)?.hasPrefix("fit converged") == true }
    if model["termination"] as? String == "converged" {
      #expect(run.status == 0)
      #expect(convergence == nil)
    } else {
      #expect(run.status == 1, "\(run.stderr)")
      #expect(convergence?["passed"] as? Bool == false)
      #expect(convergence?["value"] as? Double == model["gradient_norm"] as? Double)
      #expect(run.stderr.contains("Fair GLMM: stopped without converging"))
    }
  }
}
