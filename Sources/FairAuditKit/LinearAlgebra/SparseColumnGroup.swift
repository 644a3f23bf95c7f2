/// Products X'C over a group of rows (C a vector of `width` coefficients per row) for the columns
/// of X that are mostly zero (one-hot dummies), from each row's nonzero entries only: row by row,
/// a partial sum per touched column, added to the totals when the group ends.
///
/// For one column this is the dense group sum x_0j c_0 + x_1j c_1 + ... (left to right) with its
/// zero terms left out. Those are exact zeros (X and C finite), which cannot change a sum, and a
/// sum that starts at +0 is never -0: the same bits as the dense kernel's group sum, at the cost
/// of the nonzero entries.
final class SparseColumnGroup {
  /// The columns of X, in the order of the totals.
  let columns: [Int]
  let width: Int
  private let partial: UnsafeMutablePointer<Double>
  private let touched: UnsafeMutablePointer<Int>
  private let isTouched: UnsafeMutablePointer<Bool>
  private var touchedCount = 0

  init(columns: [Int], width: Int) {
    self.columns = columns
    self.width = width
    partial = .allocate(capacity: max(1, columns.count * width))
    partial.initialize(repeating: 0, count: max(1, columns.count * width))
    touched = .allocate(capacity: max(1, columns.count))
    isTouched = .allocate(capacity: max(1, columns.count))
    isTouched.initialize(repeating: false, count: max(1, columns.count))
  }

  deinit {
    partial.deallocate()
    touched.deallocate()
    isTouched.deallocate()
  }

  /// Adds x_j c for the row's nonzero x_j, c its `width` coefficients.
  @inline(__always) func add(row x: UnsafePointer<Double>, coefficients c: UnsafePointer<Double>) {
    for (s, j) in columns.enumerated() {
      let xv = x[j]
      if xv == 0 { continue }
      if !isTouched[s] {
        isTouched[s] = true
        touched[touchedCount] = s
        touchedCount += 1
      }
      RowKernels.addScaled(xv, c, to: partial + s * width, count: width)
    }
  }

  /// Adds the group's partial sums to `totals` (column s of `columns` at s * width) and starts a
  /// new group.
  @inline(__always) func flush(into totals: UnsafeMutablePointer<Double>) {
    for t in 0..<touchedCount {
      let s = touched[t], sum = partial + s * width
      // 1 x = x exactly: the totals get the partial sums themselves.
      RowKernels.addScaled(1, sum, to: totals + s * width, count: width)
      sum.update(repeating: 0, count: width)
      isTouched[s] = false
    }
    touchedCount = 0
  }
}
