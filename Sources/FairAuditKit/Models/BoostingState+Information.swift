/// Weighted sums over the rows at the current fit, shared by every candidate of a step:
/// with them each candidate's system, score and quadratic fit change cost O(q), not O(N).
struct StepSums {
  var weight = 0.0
  var weightX: [Double]
  var weightXX: [Double]
  var clusterWeight: [Double]
  /// clusterWeightX[c * p + j] = sum_{i in c} w_i x_ij
  var clusterWeightX: [Double]
  var residual = 0.0
  var residualX: [Double]
  var clusterResidual: [Double]

  /// Where each sum sits in a row pass's vector: w x, w x^2, r x (p each), then w x per cluster
  /// (q x p), sum w, w per cluster, sum r, r per cluster.
  struct Layout {
    let p: Int
    let q: Int
    var weightX: Int { 0 }
    var weightXX: Int { p }
    var residualX: Int { 2 * p }
    var clusterWeightX: Int { 3 * p }
    var weight: Int { clusterWeightX + q * p }
    var clusterWeight: Int { weight + 1 }
    var residual: Int { clusterWeight + q }
    var clusterResidual: Int { residual + 1 }
    var length: Int { clusterResidual + q }
  }

  /// The sums read from a pass's vector in `layout`.
  init(_ total: ArraySlice<Double>, layout l: Layout) {
    let o = total.startIndex
    weightX = Array(total[(o + l.weightX)..<(o + l.weightXX)])
    weightXX = Array(total[(o + l.weightXX)..<(o + l.residualX)])
    residualX = Array(total[(o + l.residualX)..<(o + l.clusterWeightX)])
    clusterWeightX = Array(total[(o + l.clusterWeightX)..<(o + l.weight)])
    weight = total[o + l.weight]
    clusterWeight = Array(total[(o + l.clusterWeight)..<(o + l.residual)])
    residual = total[o + l.residual]
    clusterResidual = Array(total[(o + l.clusterResidual)..<(o + l.length)])
  }

  /// Row i's terms added to `o` (in `layout`): four columns per SIMD4 step, each lane the scalar
  /// additions, then the rest one by one.
  @inline(__always) static func add(
    row: UnsafePointer<Double>, weight wi: Double, residual ri: Double, cluster c: Int, layout l: Layout,
    into o: UnsafeMutablePointer<Double>
  ) {
    let p = l.p, clusterBase = l.clusterWeightX + c * p
    var j = 0
    while j + 3 < p {
      let xv = RowKernels.load(row + j), product = wi * xv
      RowKernels.add(product, to: o + l.weightX + j)
      RowKernels.add(product * xv, to: o + l.weightXX + j)
      RowKernels.add(ri * xv, to: o + l.residualX + j)
      RowKernels.add(product, to: o + clusterBase + j)
      j += 4
    }
    while j < p {
      let xv = row[j], product = wi * xv
      o[l.weightX + j] += product
      o[l.weightXX + j] += product * xv
      o[l.residualX + j] += ri * xv
      o[clusterBase + j] += product
      j += 1
    }
    o[l.weight] += wi
    o[l.clusterWeight + c] += wi
    o[l.residual] += ri
    o[l.clusterResidual + c] += ri
  }
}

extension BoostingState {
  /// The Q-independent pieces of the penalised Fisher matrix at the current weights: X'WX + kappa
  /// (not on the intercept), X'WZ and diag(Z'WZ), reused for every Q an EM update tries; and the
  /// step sums at the same weights, which the next step's candidates need.
  struct Information {
    let a: Matrix
    let b: Matrix
    let clusterWeight: [Double]
    let sums: StepSums

    /// One pass over the row blocks (in parallel, added in block order) for X'WX and the step
    /// sums, X'WZ and diag(Z'WZ) being among the latter: each row is read once, eight rows at a
    /// time, and every sum gets the additions, in the order, of its own pass (`weightedCrossProduct`,
    /// `clusterProducts`, a pass of the step sums), so the results are those bits. Where the
    /// cluster products would not be summed block by block (too many block partials), the
    /// products are those passes.
    init(state: BoostingState) {
      let x = state.problem.x, p = state.p, q = state.clusters, n = state.problem.n
      let layout = StepSums.Layout(p: p, q: q)
      let (w, r, clusterCodes) = (state.w, state.residual, state.problem.clusters)
      let pass = { (range: Range<Int>, withCrossProduct: Bool) -> [Double] in
        let at = withCrossProduct ? p * p : 0
        var out = [Double](repeating: 0, count: at + layout.length)
        x.withUnsafeRows { a, rowStart in
          w.withUnsafeBufferPointer { w in
            out.withUnsafeMutableBufferPointer { o in
              var first = range.lowerBound
              while first < range.upperBound {
                let last = min(first + 8, range.upperBound)
                if withCrossProduct {
                  RowKernels.addWeightedCrossProduct(into: o.baseAddress!, a, rowStart, rows: first..<last, columns: p, w)
                }
                for i in first..<last {
                  StepSums.add(
                    row: a.baseAddress! + rowStart[i], weight: w[i], residual: r[i], cluster: clusterCodes[i], layout: layout,
                    into: o.baseAddress! + at)
                }
                first = last
              }
            }
          }
        }
        return out
      }
      let total: [Double], stepTotal: ArraySlice<Double>
      var a: Matrix, b: Matrix, d: [Double]
      if x.clusterProductsInBlocks(clusters: q) {
        total = x.storage.parallel.blockSum(rows: n, length: p * p + layout.length) { pass($0, true) }
        a = RowKernels.mirrored(Array(total[0..<(p * p)]), p)
        stepTotal = total[(p * p)...]
        b = Matrix(rows: p, columns: q)
        for c in 0..<q { for j in 0..<p { b[j, c] = stepTotal[stepTotal.startIndex + layout.clusterWeightX + c * p + j] } }
        d = Array(stepTotal[(stepTotal.startIndex + layout.clusterWeight)..<(stepTotal.startIndex + layout.residual)])
      } else {
        a = x.weightedCrossProduct(w)
        (b, d) = state.problem.clusterBlocks(weights: w, ridge: 0)
        total = x.storage.parallel.blockSum(rows: n, length: layout.length) { pass($0, false) }
        stepTotal = total[...]
      }
      for j in 1..<p { a[j, j] += state.ridge }
      self.a = a
      self.b = b
      clusterWeight = d
      sums = StepSums(stepTotal, layout: layout)
    }

    func solver(variance: Double, state: BoostingState) throws(FairAuditError) -> BlockArrowSolver {
      do {
        return try BlockArrowSolver(a: a, b: b, d: clusterWeight.map { $0 + 1 / variance }, lowRank: state.directions, weights: state.rho)
      } catch {
        throw state.numerical("the penalised Fisher matrix is not positive definite (pivot \(error.pivot), Q = \(variance))")
      }
    }
  }

  /// The last information computed, if delta has not moved since.
  var cachedInformation: Information? { lastInformation.flatMap { $0.delta == delta ? $0.information : nil } }

  /// The information at the current delta: that of the last call when delta has not moved since
  /// (a step's sums come from the variance update before it), else a new pass, kept for the next.
  mutating func information() -> Information {
    if let cached = cachedInformation { return cached }
    let information = Information(state: self)
    lastInformation = (delta, information)
    return information
  }

  /// The shared sums of a step (see `information()`).
  mutating func stepSums() -> StepSums { information().sums }

  /// F(delta, Q) at the current weights and variance; the Q-independent pieces of the last variance
  /// update are reused when delta has not moved since (the returned iterate is usually the last).
  func penalisedFisher() throws(FairAuditError) -> BlockArrowSolver {
    let information = cachedInformation ?? Information(state: self)
    return try information.solver(variance: q, state: self)
  }
}
