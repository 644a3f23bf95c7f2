import Foundation

/// The memory the fits will still allocate, checked before the design matrix is built so that
/// an audit too large for the machine stops at once with `.insufficientMemory` instead of being
/// killed after minutes of work. Per used row: 8 bytes per design column (X, built once and shared)
/// plus `vectorBytesPerRow` for the per-row vectors of the fits and the evaluation (measured on
/// 1,000,000 rows of `fairaudit simulate --rows`, all six models, no sweeps: peak RSS 1,050 MB
/// minus X (272 MB) and the typed table (about 150 MB), about 630 bytes per row).
public struct MemoryBudget: Sendable {
  public static let vectorBytesPerRow = 640

  public let rows: Int
  public let designColumns: Int
  /// Bytes the audit expects to allocate from here on.
  public let needed: Int

  /// - Parameter designColumns: the width X will have (intercept, numerics, one per non-reference level).
  public init(rows: Int, designColumns: Int) {
    self.rows = rows
    self.designColumns = designColumns
    let perRow = 8 * designColumns + Self.vectorBytesPerRow
    needed = rows.multipliedReportingOverflow(by: perRow).overflow ? Int.max : rows * perRow
  }

  /// The design width of the frame's covariates: 1 + one per numeric + (levels - 1) per categorical.
  public init(frame: ModelFrame) {
    var width = 1
    for c in frame.covariates {
      switch c.values {
      case .numeric: width += 1
      case .categorical(_, let levels): width += max(levels.count - 1, 0)
      }
    }
    self.init(rows: frame.rows.count, designColumns: width)
  }

  /// - Parameter limit: bytes allowed (`--max-memory`); the smaller of it and the memory available.
  /// - Throws: `.insufficientMemory` when `needed` exceeds what is available.
  public func check(limit: Int?) throws(FairAuditError) {
    let available = [limit, Self.availableBytes()].compactMap { $0 }.min()
    if let available, needed > available {
      throw .insufficientMemory(rows: rows, designColumns: designColumns, neededBytes: needed, availableBytes: available)
    }
  }

  /// MemAvailable of /proc/meminfo, capped by a cgroup v2 limit (memory.max - memory.current); nil
  /// when neither can be read (then only `--max-memory` limits).
  public static func availableBytes() -> Int? {
    var result: Int? = nil
    if let text = contents("/proc/meminfo"),
      let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
      let kb = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
    {
      result = kb * 1024
    }
    if let maxText = contents("/sys/fs/cgroup/memory.max"), let limit = Int(maxText.trimmingCharacters(in: .whitespacesAndNewlines)),
      let currentText = contents("/sys/fs/cgroup/memory.current"),
      let current = Int(currentText.trimmingCharacters(in: .whitespacesAndNewlines))
    {
      let free = max(limit - current, 0)
      result = result.map { min($0, free) } ?? free
    }
    return result
  }

  static func contents(_ path: String) -> String? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    return String(decoding: data, as: UTF8.self)
  }
}
