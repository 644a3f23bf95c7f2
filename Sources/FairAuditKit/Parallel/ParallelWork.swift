import Foundation

/// Independent pieces of work spread over a fixed number of threads. Each piece's result lands
/// in its own slot, and every reduction runs afterwards in index order, so the output is the same
/// bytes whatever the thread count: the partition of the work (which rows form a block, which
/// sweep point is a piece) never depends on `threads`, only who computes it does.
public struct ParallelWork: Sendable {
  /// Worker threads, at least 1.
  public let threads: Int

  public init(threads: Int) { self.threads = max(1, threads) }

  /// One thread: the reference order every parallel run must reproduce.
  public static let serial = ParallelWork(threads: 1)

  /// The cores this process may use (`--threads` default).
  public static var availableCores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

  /// Rows per block of the row-block reductions. Fixed, so that the summation order of a
  /// reduction depends on the number of rows only.
  public static let blockRows = 8_192

  /// `body(i)` for i in 0..<count, in index order. The calling thread and up to `threads - 1`
  /// threads of the `WorkPool` take the next index in turn (pieces of uneven cost keep every thread
  /// busy, and a nested call gets the threads the outer ones leave idle); the result goes to slot i
  /// whoever computes it, so the output does not depend on the schedule.
  /// - Throws: the error of the lowest index that failed (the one a serial loop would meet first).
  public func map<T, E: Error>(_ count: Int, _ body: (Int) throws(E) -> T) throws(E) -> [T] {
    if count == 0 { return [] }
    let workers = min(threads, count)
    if workers == 1 {
      var out: [T] = []
      out.reserveCapacity(count)
      for i in 0..<count { out.append(try body(i)) }
      return out
    }
    let slots = ResultSlots<T, E>(count: count)
    withoutActuallyEscaping(body) { body in
      let box = UncheckedBox(body)
      WorkPool.shared.run(count: count, threads: workers) { i in
        do throws(E) { slots.set(i, .success(try box.value(i))) } catch { slots.set(i, .failure(error)) }
      }
    }
    return try slots.collect()
  }

  /// The fixed row blocks of `n` rows: [0, B), [B, 2B), ... with B = `blockRows`.
  public static func rowBlocks(_ n: Int, blockRows: Int = ParallelWork.blockRows) -> [Range<Int>] {
    stride(from: 0, to: n, by: blockRows).map { $0..<min($0 + blockRows, n) }
  }

  /// `body(block)` for every fixed row block of `n` rows, in parallel; each call must write only
  /// its own rows of any shared buffer (elementwise passes over the rows).
  public func forEachBlock(rows n: Int, _ body: (Range<Int>) -> Void) {
    let blocks = Self.rowBlocks(n)
    _ = map(blocks.count) { (b: Int) -> Void in body(blocks[b]) }
  }

  /// sum over row blocks of `body(block)`, each a vector of `length`, computed in parallel and added
  /// in block order: sum_b v_b with the same rounding for any thread count.
  public func blockSum(
    rows n: Int, length: Int, blockRows: Int = ParallelWork.blockRows, _ body: (Range<Int>) -> [Double]
  ) -> [Double] {
    let blocks = Self.rowBlocks(n, blockRows: blockRows)
    let parts = map(blocks.count) { (b: Int) -> [Double] in body(blocks[b]) }
    var total = [Double](repeating: 0, count: length)
    for part in parts {
      for j in 0..<length { total[j] += part[j] }
    }
    return total
  }
}

/// One slot per piece of work, written by exactly one worker each, read after all have finished.
private final class ResultSlots<T, E: Error>: @unchecked Sendable {
  private var slots: [Result<T, E>?]
  init(count: Int) { slots = Array(repeating: nil, count: count) }
  func set(_ i: Int, _ value: Result<T, E>) {
    // Distinct indices touch distinct elements; the array is never resized.
    slots.withUnsafeMutableBufferPointer { $0[i] = value }
  }
  func collect() throws(E) -> [T] {
    var out: [T] = []
    out.reserveCapacity(slots.count)
    for slot in slots {
      switch slot! {
      case .success(let v): out.append(v)
      case .failure(let e): throw e
      }
    }
    return out
  }
}

/// Hands a non-Sendable closure to the workers; it only reads shared state or writes its own slot.
private struct UncheckedBox<V>: @unchecked Sendable {
  let value: V
  init(_ value: V) { self.value = value }
}
