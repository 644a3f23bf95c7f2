/// Confusion counts per cell of the sensitive features' intersection (cell key: the z bits, the
/// first feature most significant), the unit of the stratified bootstrap. With fixed predictions a
/// row matters only through its cell and its (y, yhat) pair, so resampling the counts is
/// resampling the rows.
struct Strata: Sendable {
  let features: Int
  private(set) var cells: [Int: ConfusionCounts] = [:]

  init(features: Int) { self.features = features }

  /// Sets a cell's counts (tests and simulations that start from counts).
  mutating func set(key: Int, _ counts: ConfusionCounts) { cells[key] = counts }

  mutating func add(key: Int, y: Double, yhat: Bool) {
    cells[key, default: ConfusionCounts()].add(y: y, yhat: yhat ? 1 : 0)
  }

  /// One replicate: n_s draws with replacement from each cell's n_s rows, cells in key order.
  func resample(seed: UInt64) -> Strata {
    var g = SplitMix64(seed: seed)
    var out = Strata(features: features)
    for key in cells.keys.sorted() {
      guard let c = cells[key] else { continue }
      let n = c.count
      // Rows ordered TP, FP, TN, FN: a draw below a bound falls in that category.
      let tp = c.truePositives, fp = tp + c.falsePositives, tn = fp + c.trueNegatives
      var d = ConfusionCounts()
      for _ in 0..<n {
        let i = g.integer(below: n)
        if i < tp {
          d.truePositives += 1
        } else if i < fp {
          d.falsePositives += 1
        } else if i < tn {
          d.trueNegatives += 1
        } else {
          d.falseNegatives += 1
        }
      }
      out.cells[key] = d
    }
    return out
  }

  /// The protected (z_k = 1) and reference (z_k = 0) groups' counts of feature k.
  func groupCounts(feature k: Int) -> (ConfusionCounts, ConfusionCounts) {
    let shift = features - 1 - k
    var protected = ConfusionCounts(), reference = ConfusionCounts()
    for key in cells.keys.sorted() {
      guard let c = cells[key] else { continue }
      if (key >> shift) & 1 == 1 { protected.merge(c) } else { reference.merge(c) }
    }
    return (protected, reference)
  }
}

extension ConfusionCounts {
  mutating func merge(_ other: ConfusionCounts) {
    truePositives += other.truePositives
    falsePositives += other.falsePositives
    trueNegatives += other.trueNegatives
    falseNegatives += other.falseNegatives
  }
}
