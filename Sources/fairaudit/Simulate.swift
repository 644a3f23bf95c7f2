import ArgumentParser
import FairAuditKit
import Foundation

struct Simulate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Generate a stratified sample from one of the paper's simulation scenarios (100 strata x 1,000 units).")

  @Option(help: "unfair-strata, unfair-nostrata, fair-strata or fair-nostrata.")
  var scenario: String = "unfair-strata"

  @Option(help: "Seed of the population and the sample.")
  var seed: UInt64 = 42

  @Option(name: [.customShort("o"), .long], help: "CSV file for the sample (columns ClusterID,F1,F2,F3,Sex,target).")
  var output: String = "sample.csv"

  @Option(help: "Also write the units not sampled (the test population) here.")
  var population: String?

  func validate() throws {
    guard SimulationScenario(rawValue: scenario) != nil else {
      throw ValidationError("--scenario must be one of \(SimulationScenario.allCases.map(\.rawValue).joined(separator: ", "))")
    }
  }

  func run() throws {
    try runReportingErrors {
      OutputSet.install()
      var files = OutputSet()
      try files.add(output, option: "--output")
      if let population { try files.add(population, option: "--population") }
      let generated = SimulatedPopulation(scenario: SimulationScenario(rawValue: scenario)!, seed: seed)
      var contents = [generated.csv(units: generated.sample)]
      if population != nil {
        let sampled = Set(generated.sample)
        contents.append(generated.csv(units: generated.stratum.indices.filter { !sampled.contains($0) }))
      }
      try files.commit(contents)
      print("\(generated.sample.count) sampled units written to \(output)")
      return 0
    }
  }
}

struct Reproduce: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run the paper's simulation study (six methods x four scenarios) and write a Markdown summary.")

  @Option(help: "Replications per scenario.")
  var replications: Int = 50

  @Option(help: "Base seed of the replications.")
  var seed: UInt64 = 2024

  @Option(name: [.customShort("o"), .long], help: "Markdown file to write.")
  var output: String = "docs/reproduction.md"

  func validate() throws {
    guard replications >= 1 else { throw ValidationError("--replications must be at least 1") }
  }

  func run() throws {
    try runReportingErrors {
      OutputSet.install()
      var files = OutputSet()
      try files.add(output, option: "--output")
      var study = Reproduction(replications: replications, seed: seed)
      study.run { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
      try files.commit([study.markdown(command: "fairaudit reproduce --replications \(replications) --seed \(seed)")])
      print("written to \(output)")
      return 0
    }
  }
}
