/// A population of 100 strata x 1,000 units drawn as in the authors' generator
/// (`create_data_cluster_unfair_lr(100000, 100, 42)`), with one seeded random stream instead of
/// re-seeding for every Bernoulli draw (paper digest section 6.2, RNG quirks), and a stratified
/// sample of 3 to 5 units per stratum drawn without replacement.
public struct SimulatedPopulation: Sendable {
  public static let header = ["ClusterID", "F1", "F2", "F3", "Sex", "target"]

  public let scenario: SimulationScenario
  /// Per unit: stratum (1-based), F1, F2, F3, Sex (0/1), target (0/1).
  public let stratum: [Int]
  public let features: [[Double]]
  public let sex: [Double]
  public let target: [Double]
  /// Indices of the sampled (training) units, in population order.
  public let sample: [Int]

  public init(scenario: SimulationScenario, seed: UInt64, strata: Int = 100, unitsPerStratum: Int = 1000) {
    self.scenario = scenario
    var rng = SplitMix64(seed: seed)
    let b = (0..<strata).map { _ in scenario.strataSD * rng.normal() }
    let beta = scenario.coefficients
    var stratum: [Int] = [], features: [[Double]] = [], sex: [Double] = [], target: [Double] = []
    for i in 0..<strata {
      for _ in 0..<unitsPerStratum {
        let f = [rng.normal(), rng.normal(), rng.normal()]
        let s: Double = rng.uniform() < 0.5 ? 1 : 0
        let eta = beta[0] + beta[1] * f[0] + beta[2] * f[1] + beta[3] * f[2] + beta[4] * s + b[i]
        stratum.append(i + 1)
        features.append(f)
        sex.append(s)
        target.append(rng.uniform() < StableMath.logistic(eta) ? 1 : 0)
      }
    }
    var sample: [Int] = []
    for i in 0..<strata {
      var units = Array((i * unitsPerStratum)..<((i + 1) * unitsPerStratum))
      rng.shuffle(&units)
      sample += units.prefix(3 + rng.integer(below: 3)).sorted()
    }
    self.stratum = stratum
    self.features = features
    self.sex = sex
    self.target = target
    self.sample = sample
  }

  /// CSV text (comma-separated, header `ClusterID,F1,F2,F3,Sex,target`) of the given units.
  public func csv(units: [Int]) -> String {
    var out = Self.header.joined(separator: ",") + "\n"
    for u in units {
      let f = features[u].map { NumberFormat.significant($0, 10) }.joined(separator: ",")
      out += "\(stratum[u]),\(f),\(Int(sex[u])),\(Int(target[u]))\n"
    }
    return out
  }

  /// Sample rows first, then the remaining population: the layout `Reproduction` audits.
  public func table() -> (table: DataTable, training: [Int], test: [Int]) {
    let inSample = Set(sample)
    let order = sample + stratum.indices.filter { !inSample.contains($0) }
    let columns: [DataColumn] = [
      DataColumn(name: "ClusterID", values: .numeric(order.map { Double(stratum[$0]) }), firstNonFinite: nil),
      DataColumn(name: "F1", values: .numeric(order.map { features[$0][0] }), firstNonFinite: nil),
      DataColumn(name: "F2", values: .numeric(order.map { features[$0][1] }), firstNonFinite: nil),
      DataColumn(name: "F3", values: .numeric(order.map { features[$0][2] }), firstNonFinite: nil),
      DataColumn(name: "Sex", values: .numeric(order.map { sex[$0] }), firstNonFinite: nil),
      DataColumn(name: "target", values: .numeric(order.map { target[$0] }), firstNonFinite: nil),
    ]
    let table = DataTable(path: "simulated-\(scenario.rawValue)", columns: columns, recordLines: Array(2..<(order.count + 2)))
    return (table, Array(0..<sample.count), Array(sample.count..<order.count))
  }
}
