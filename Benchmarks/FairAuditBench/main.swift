import FairAuditKit
import Foundation

var config = AuditConfiguration(inputPath: CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "Examples/bank/bank-full.csv")
config.roles.sensitive = [try SensitiveFeatureSpec(parsing: "housing"), try SensitiveFeatureSpec(parsing: "loan")]
config.testFraction = 0
let t0 = Date()
let result = try AuditPipeline.run(config)
print("seconds", Date().timeIntervalSince(t0))
let m = result.evaluations[0].model
print(m.logLikelihood, m.summary)
for c in m.coefficients.prefix(5) { print(c.name, c.estimate, c.standardError) }
print(result.evaluations[0].test.performance)
