import Foundation

/// The paper's simulation study: R replications of each scenario; every method is fitted on the
/// stratified sample (about 400 units) and evaluated on the rest of the population (about 99,600).
public struct Reproduction: Sendable {
  public struct Cell: Sendable {
    public var accuracy: [Double] = []
    public var disparateImpact: [Double] = []
    public var seconds: [Double] = []
    public var failures = 0
  }

  public let replications: Int
  public let seed: UInt64
  public let configuration: AuditConfiguration
  /// cells[scenario][model kind]
  public private(set) var cells: [SimulationScenario: [ModelKind: Cell]] = [:]
  public private(set) var trainingSizes: [Int] = []
  /// One line per replication whose model suite failed: scenario, seed and the error.
  public private(set) var failures: [String] = []

  /// c = 0.1 and rho = 0.8 as in the authors' simulation (an explicit rho: their samples have
  /// N of about 400, so it is 320/N); ClusterID is the cluster.
  public init(replications: Int, seed: UInt64, configuration: AuditConfiguration = Reproduction.authorsConfiguration) {
    self.replications = replications
    self.seed = seed
    self.configuration = configuration
  }

  /// The authors' settings: the defaults with rho = 0.8.
  public static var authorsConfiguration: AuditConfiguration {
    var c = AuditConfiguration(inputPath: "")
    c.rho = 0.8
    return c
  }

  public mutating func run(progress: (String) -> Void = { _ in }) {
    for scenario in SimulationScenario.allCases {
      runScenario(scenario)
      progress("\(scenario.rawValue): \(replications) replications done")
    }
  }

  /// All replications of one scenario; population seeds are seed + 1,000,003 s + r.
  public mutating func runScenario(_ scenario: SimulationScenario) {
    let s = UInt64(SimulationScenario.allCases.firstIndex(of: scenario) ?? 0)
    var row: [ModelKind: Cell] = [:]
    for r in 0..<replications {
      let populationSeed = seed &+ s &* 1_000_003 &+ UInt64(r)
      if let error = replicate(SimulatedPopulation(scenario: scenario, seed: populationSeed), into: &row) {
        failures.append("`\(scenario.rawValue)`, population seed \(populationSeed): \(error)")
      }
    }
    cells[scenario] = row
  }

  /// Fits and evaluates one replication; returns the error message when a fit fails.
  mutating func replicate(_ population: SimulatedPopulation, into row: inout [ModelKind: Cell]) -> String? {
    let (table, training, test) = population.table()
    trainingSizes.append(training.count)
    do {
      let roles = ModelRoles(
        target: "target", sensitive: [try SensitiveFeatureSpec(parsing: "Sex")], cluster: "ClusterID",
        features: ["F1", "F2", "F3", "Sex"])
      let frame = try ModelFrame(table: table, roles: roles)
      let split = TrainTestSplit(training: training, test: test)
      let design = try DesignMatrix(frame: frame, trainingRows: training)
      let problem = ModelProblem(frame: frame, design: design, rows: training)
      let suite = try ModelSuite(problem: problem, configuration: configuration)
      for kind in ModelKind.allCases where !suite.models.contains(where: { $0.kind == kind }) { row[kind, default: Cell()].failures += 1 }
      for model in suite.models {
        let evaluation = AuditPipeline.evaluate(model, frame: frame, design: design, split: split)
        row[model.kind, default: Cell()].accuracy.append(evaluation.test.performance.accuracy)
        row[model.kind, default: Cell()].disparateImpact.append(evaluation.test.features[0].disparateImpact)
        row[model.kind, default: Cell()].seconds.append(suite.seconds[model.kind] ?? .nan)
      }
      if !suite.failures.isEmpty { return suite.failures.map { $0.error.message }.joined(separator: "; ") }
    } catch {
      for kind in ModelKind.allCases { row[kind, default: Cell()].failures += 1 }
      return error.message
    }
    return nil
  }
}
