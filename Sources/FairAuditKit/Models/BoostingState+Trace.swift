import Foundation

/// Per-probe sums shared by every candidate of a step: for u_i = W^{1/2} v_i and
/// h_i = W^{1/2} (v_i - R_i) = W^{1/2} H_{l-1} v_i, the totals, the per-cluster totals and X'u, X'h.
struct ProbeSums {
  var u: [[Double]]  // per probe: [sum, per-cluster...]
  var h: [[Double]]
  var xu: [[Double]]  // per probe: X'u
  var xh: [[Double]]
}

extension BoostingState {
  /// The probe sums of a step in one pass over row blocks (in parallel, added in block order): each
  /// block forms its rows of u and h, four rows at a time, and adds them and X'u, X'h at once, so
  /// no N x 2m matrix is stored. X's dense columns go through `addFourRows` (gathered four rows at a
  /// time), its one-hot columns through `SparseColumnGroup` (their nonzero entries only, the same
  /// bits). Block layout: the totals, slot s (0 all rows, 1 + c cluster c) of vector v (u_k at k,
  /// h_k at m + k) at s 2m + v; the dense products, vector v's at v d; the one-hot products,
  /// column s's at s 2m.
  func probeSums() -> ProbeSums {
    let m = probes.count, n = problem.n, slots = 1 + clusters, p = p, width = 2 * m
    let (dense, oneHot) = (denseColumns, oneHotColumns)
    let d = dense.count, productsAt = width * slots, oneHotAt = productsAt + width * d, length = oneHotAt + width * oneHot.count
    let (probes, rootW, clusterCodes) = (probes, rootW, problem.clusters)
    let sums = images.withUnsafeBufferPointer { images in
      TraceProbes.fourSigns.withUnsafeBufferPointer { fourSigns in
        problem.x.withUnsafeRows { x, rowStart in
          problem.x.storage.parallel.blockSum(rows: n, length: length) { range in
            var out = [Double](repeating: 0, count: length)
            var rows = [Double](repeating: 0, count: 4 * width)
            var gathered = [Double](repeating: 0, count: 4 * d)
            var coefficients = [SIMD4<Double>](repeating: SIMD4(), count: width)
            let group = SparseColumnGroup(columns: oneHot, width: width)
            out.withUnsafeMutableBufferPointer { o in
              rows.withUnsafeMutableBufferPointer { rows in
                gathered.withUnsafeMutableBufferPointer { gathered in
                  coefficients.withUnsafeMutableBufferPointer { coefficients in
                    let base = x.baseAddress!, g = gathered.baseAddress!
                    var first = range.lowerBound
                    while first < range.upperBound {
                      let count = min(4, range.upperBound - first)
                      // u and h of up to four rows (zero for missing ones), their totals, and the
                      // rows' dense values (zero for missing ones).
                      for r in 0..<4 {
                        let row = rows.baseAddress! + r * width
                        guard r < count else {
                          row.update(repeating: 0, count: width)
                          (g + r * d).update(repeating: 0, count: d)
                          continue
                        }
                        let i = first + r, values = base + rowStart[i]
                        Self.probeRow(
                          i, root: rootW[i], probes: probes, fourSigns: fourSigns.baseAddress!, images: images.baseAddress! + i * m,
                          into: row, totals: o.baseAddress!, cluster: o.baseAddress! + (1 + clusterCodes[i]) * width)
                        for (jd, j) in dense.enumerated() { g[r * d + jd] = values[j] }
                      }
                      for k in 0..<width { coefficients[k] = SIMD4(rows[k], rows[width + k], rows[2 * width + k], rows[3 * width + k]) }
                      Self.addFourRows(
                        into: o.baseAddress! + productsAt, g, g + d, g + 2 * d, g + 3 * d, coefficients: coefficients, columns: d)
                      for r in 0..<count { group.add(row: base + rowStart[first + r], coefficients: rows.baseAddress! + r * width) }
                      group.flush(into: o.baseAddress! + oneHotAt)
                      first += count
                    }
                  }
                }
              }
            }
            return out
          }
        }
      }
    }
    let totals = (0..<width).map { v in (0..<slots).map { sums[$0 * width + v] } }
    let products = (0..<width).map { v in
      var column = [Double](repeating: 0, count: p)
      for (jd, j) in dense.enumerated() { column[j] = sums[productsAt + v * d + jd] }
      for (s, j) in oneHot.enumerated() { column[j] = sums[oneHotAt + s * width + v] }
      return column
    }
    return ProbeSums(u: Array(totals[0..<m]), h: Array(totals[m...]), xu: Array(products[0..<m]), xh: Array(products[m...]))
  }

  /// Row i's u_k = root v_k[i] and h_k = root (v_k[i] - R_k[i]) written to `row` (u_k at k, h_k at
  /// m + k) and added to `totals` and `cluster` (the same layout). Four probes per SIMD4 step
  /// while their signs are bits of one word (`TraceProbes.fourSigns`), each lane the scalar
  /// expression; then one probe at a time.
  @inline(__always) static func probeRow(
    _ i: Int, root: Double, probes: TraceProbes, fourSigns: UnsafePointer<SIMD4<Double>>, images: UnsafePointer<Double>,
    into row: UnsafeMutablePointer<Double>, totals: UnsafeMutablePointer<Double>, cluster: UnsafeMutablePointer<Double>
  ) {
    let m = probes.count
    var k = 0
    if probes.words == 1 {
      let word = probes.signs[i]
      while k + 4 <= m {
        let v = fourSigns[Int(truncatingIfNeeded: (word >> UInt64(k)) & 15)]
        let u = root * v, h = root * (v - RowKernels.load(images + k))
        UnsafeMutableRawPointer(row + k).storeBytes(of: u, as: SIMD4<Double>.self)
        UnsafeMutableRawPointer(row + m + k).storeBytes(of: h, as: SIMD4<Double>.self)
        RowKernels.add(u, to: totals + k)
        RowKernels.add(u, to: cluster + k)
        RowKernels.add(h, to: totals + m + k)
        RowKernels.add(h, to: cluster + m + k)
        k += 4
      }
    }
    while k < m {
      let v = probes.value(k, i)
      let u = root * v, h = root * (v - images[k])
      row[k] = u
      row[m + k] = h
      totals[k] += u
      cluster[k] += u
      totals[m + k] += h
      cluster[m + k] += h
      k += 1
    }
  }

  /// out_k[j] += c_k0 x0[j] + c_k1 x1[j] + c_k2 x2[j] + c_k3 x3[j] for every k (rows of `out`, `columns`
  /// apart) and j < columns: four columns per SIMD step, the four rows' values loaded once per step
  /// and used for every k (each out_k[j] gets the same additions in the same order as k by k).
  @inline(__always) static func addFourRows(
    into out: UnsafeMutablePointer<Double>, _ x0: UnsafePointer<Double>, _ x1: UnsafePointer<Double>,
    _ x2: UnsafePointer<Double>, _ x3: UnsafePointer<Double>, coefficients: UnsafeMutableBufferPointer<SIMD4<Double>>, columns: Int
  ) {
    var j = 0
    while j &+ 4 <= columns {
      let r0 = RowKernels.load(x0 + j), r1 = RowKernels.load(x1 + j), r2 = RowKernels.load(x2 + j), r3 = RowKernels.load(x3 + j)
      var target = out + j
      for c in coefficients {
        var sum: SIMD4<Double> = r0 * c[0]
        sum += r1 * c[1]
        sum += r2 * c[2]
        sum += r3 * c[3]
        RowKernels.add(sum, to: target)
        target += columns
      }
      j &+= 4
    }
    while j < columns {
      for (k, c) in coefficients.enumerated() {
        out[k &* columns &+ j] += x0[j] * c[0] + x1[j] * c[1] + x2[j] * c[2] + x3[j] * c[3]
      }
      j &+= 1
    }
  }

  /// Hutchinson estimate of tr(M_r H_{l-1}) = mean_i (A_r'W^{1/2} H v_i)' F_r^{-1} (A_r'W^{1/2} v_i).
  func crossTrace(_ system: CandidateSystem, column r: Int, sums: ProbeSums) -> Double {
    var total = 0.0
    for i in sums.u.indices {
      let tu = [sums.u[i][0], sums.xu[i][r]] + sums.u[i][1...]
      let th = [sums.h[i][0], sums.xh[i][r]] + sums.h[i][1...]
      total += system.solver.bilinear(th, tu)
    }
    return total / Double(max(sums.u.count, 1))
  }

  /// EM update of Q, safeguarded. The EM value Q_EM = mean_i (V_ii + b_i^2), V the b block of the
  /// inverse penalised Fisher matrix F of all fixed and random effects (including the fairness
  /// and ridge penalties) at the current weights, is the fixed point of Phi(delta, .) =
  /// b'b/(2Q) + (q/2) log Q + (1/2) log det F(Q) + const. It is accepted only if Phi does not
  /// increase; otherwise the log-step towards it is halved (up to 10 times) and, failing that, Q is
  /// kept. So Q cannot run away, whatever the current delta.
  /// - Returns: Phi before and after the update.
  @discardableResult
  mutating func updateVariance() throws(FairAuditError) -> (Double, Double) {
    let information = information()
    let current = try information.solver(variance: q, state: self)
    let before = varianceObjective(current, variance: q)
    let variances = current.inverseDiagonal(p..<(p + clusters))
    var total = 0.0
    for c in 0..<clusters { total += variances[c] + delta[p + c] * delta[p + c] }
    let target = max(total / Double(clusters), 1e-8)
    guard target.isFinite else { throw numerical("the EM update of the variance is not finite") }
    var candidate = target, accepted = false
    for _ in 0...10 {
      let value = varianceObjective(try information.solver(variance: candidate, state: self), variance: candidate)
      if value <= before {
        q = candidate
        varianceObjective = value
        accepted = true
        break
      }
      candidate = (q * candidate).squareRoot()
    }
    if !accepted { varianceObjective = before }
    objective = penalisedObjective(loss: currentLoss, delta: delta)
    return (before, varianceObjective)
  }

  /// Phi(delta, Q) - (the likelihood and fairness terms, which do not depend on Q) + f(delta; Q).
  func varianceObjective(_ fisher: BlockArrowSolver, variance: Double) -> Double {
    var bb = 0.0
    for c in 0..<clusters { bb += delta[p + c] * delta[p + c] }
    let restOfF = penalisedObjective(loss: currentLoss, delta: delta) - bb / (2 * q)
    return restOfF + bb / (2 * variance) + Double(clusters) / 2 * Foundation.log(variance) + fisher.logDeterminant / 2
  }
}
