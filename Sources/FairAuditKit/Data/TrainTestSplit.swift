/// Deterministic stratified split of a frame's rows into training and test positions.
/// Strata are target x cluster; within each stratum the order comes from `SplitMix64` with a
/// Fisher-Yates shuffle, and round(fraction * n) rows go to the test set.
public struct TrainTestSplit: Sendable {
  public let training: [Int]
  public let test: [Int]
  public let fraction: Double
  public let seed: UInt64

  /// fraction 0 puts every row in both sets (fit and evaluate on all rows).
  public init(frame: ModelFrame, fraction: Double, seed: UInt64) {
    self.fraction = fraction
    self.seed = seed
    let all = Array(frame.rows.indices)
    guard fraction > 0 else {
      training = all
      test = all
      return
    }
    var strata: [Int: [Int]] = [:]
    for i in all {
      let cluster = frame.clusterCodes.isEmpty ? 0 : frame.clusterCodes[i]
      strata[cluster * 2 + Int(frame.y[i]), default: []].append(i)
    }
    var rng = SplitMix64(seed: seed)
    var testSet: [Int] = []
    for (_, stratum) in strata.sorted(by: { $0.key < $1.key }) {
      var members = stratum
      rng.shuffle(&members)
      let k = Int((fraction * Double(members.count)).rounded())
      testSet += members.prefix(k)
    }
    let isTest = Set(testSet)
    training = all.filter { !isTest.contains($0) }
    test = testSet.sorted()
  }

  /// A split given by the caller (e.g. a simulated sample and the rest of its population).
  public init(training: [Int], test: [Int]) {
    self.training = training
    self.test = test
    fraction = Double(test.count) / Double(training.count + test.count)
    seed = 0
  }

  public var isFullData: Bool { fraction == 0 }
}
