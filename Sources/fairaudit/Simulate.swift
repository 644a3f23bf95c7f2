import ArgumentParser
import FairAuditKit
import Foundation

struct Simulate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Generate a stratified sample from one of the paper's simulation scenarios (100 strata x 1,000 units), or a large bank-like data set (--rows)."
  )

  @Option(help: "unfair-strata, unfair-nostrata, fair-strata or fair-nostrata (default: unfair-strata).")
  var scenario: String?

  @Option(
    help: ArgumentHelp(
      "Instead of a scenario: N rows of bank-like data (stratum, housing, loan, numeric x and categorical c covariates, target y).",
      valueName: "N"))
  var rows: Int?

  @Option(help: ArgumentHelp("With --rows: levels of the stratum column (random intercepts).", valueName: "Q"))
  var strata: Int = 100

  @Option(help: ArgumentHelp("With --rows: covariate columns, housing and loan included.", valueName: "P"))
  var columns: Int = 20

  @Option(help: "Seed of the population and the sample.")
  var seed: UInt64 = 42

  @Option(name: [.customShort("o"), .long], help: "CSV file for the sample (columns ClusterID,F1,F2,F3,Sex,target).")
  var output: String = "sample.csv"

  @Option(help: "Also write the units not sampled (the test population) here.")
  var population: String?

  func validate() throws {
    if let rows {
      guard scenario == nil else { throw ValidationError("--scenario and --rows are two different generators; give one") }
      guard population == nil else { throw ValidationError("--population needs --scenario (a --rows data set has no population)") }
      guard rows >= 1 else { throw ValidationError("--rows must be at least 1") }
      guard strata >= 1 && strata <= 999 else { throw ValidationError("--strata must be between 1 and 999") }
      guard columns >= 2 else { throw ValidationError("--columns must be at least 2 (housing and loan)") }
      return
    }
    guard SimulationScenario(rawValue: scenario ?? "unfair-strata") != nil else {
      throw ValidationError("--scenario must be one of \(SimulationScenario.allCases.map(\.rawValue).joined(separator: ", "))")
    }
  }

  func run() throws {
    try runReportingErrors {
      OutputSet.install()
      var files = OutputSet()
      try files.add(output, option: "--output")
      if let population { try files.add(population, option: "--population") }
      if let rows {
        let sample = LargeSample(rows: rows, strata: strata, columns: columns, seed: seed)
        let parallel = ParallelWork(threads: ParallelWork.availableCores)
        try files.commit(streaming: [
          { writer in
            writer.write(Array(sample.header.utf8))
            // A few blocks per thread at a time: parallel drawing, bounded memory, file order.
            let batch = 2 * parallel.threads
            for start in stride(from: 0, to: sample.blockCount, by: batch) {
              let blocks = parallel.map(min(batch, sample.blockCount - start)) { sample.block(start + $0) }
              for block in blocks { writer.write(block) }
            }
          }
        ])
        print("\(rows) rows written to \(output)")
        return 0
      }
      let generated = SimulatedPopulation(scenario: SimulationScenario(rawValue: scenario ?? "unfair-strata")!, seed: seed)
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
