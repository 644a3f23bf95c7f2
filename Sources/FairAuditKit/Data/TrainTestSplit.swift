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
    // Strata by key cluster * 2 + y in an array (codes are dense), visited in key order, empty ones skipped.
    let keyCount = 2 * ((frame.clusterCodes.max() ?? 0) + 1)
    var strata = [[Int]](repeating: [], count: keyCount)
    for i in all {
      let cluster = frame.clusterCodes.isEmpty ? 0 : frame.clusterCodes[i]
      strata[cluster * 2 + Int(frame.y[i])].append(i)
    }
    var rng = SplitMix64(seed: seed)
    var testSet: [Int] = []
    for stratum in strata where !stratum.isEmpty {
      var members = stratum
      rng.shuffle(&members)
      let k = Int((fraction * Double(members.count)).rounded())
      testSet += members.prefix(k)
    }
    // A flag per row instead of a hashed set; both lists in row order.
    var isTest = [Bool](repeating: false, count: all.count)
    for i in testSet { isTest[i] = true }
    training = all.filter { !isTest[$0] }
    test = all.filter { isTest[$0] }
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
