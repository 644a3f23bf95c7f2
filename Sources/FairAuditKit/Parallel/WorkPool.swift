import Foundation

/// The threads behind `ParallelWork.map`: a process-wide pool in which the thread that posts a
/// job works on it too, and every idle thread takes the next index of the most recently posted
/// job that has indices left and room (at most `threads` threads on a job). Nested jobs (the row
/// blocks of a fit inside a sweep path) so get the threads that other jobs leave idle, where a
/// nested `DispatchQueue.concurrentPerform` would run on its caller's thread alone. Who runs an
/// index never changes what it computes (`ParallelWork` gives each index its own result slot), so
/// the results stay the same bits.
final class WorkPool: @unchecked Sendable {
  static let shared = WorkPool()

  /// One `run` call: indices handed out once each.
  private final class Job {
    let count: Int
    let limit: Int
    /// Set to nil by the poster once every index has finished, so no reference to it outlives `run`.
    var body: ((Int) -> Void)?
    var next = 0
    var active = 0
    var finished = 0
    init(count: Int, limit: Int, body: @escaping (Int) -> Void) {
      self.count = count
      self.limit = limit
      self.body = body
    }
    var hasRoom: Bool { next < count && active < limit }
  }

  private let condition = NSCondition()
  /// Jobs with indices left to hand out, oldest first.
  private var open: [Job] = []
  private var threadsStarted = 0

  /// `body(i)` for i in 0..<count on the calling thread and up to `threads - 1` pool threads;
  /// returns when every call has returned.
  func run(count: Int, threads: Int, _ body: @escaping (Int) -> Void) {
    let job = Job(count: count, limit: max(1, threads), body: body)
    condition.lock()
    while threadsStarted < threads - 1 {
      threadsStarted += 1
      let thread = Thread { [unowned self] in self.work() }
      thread.stackSize = 8 << 20
      thread.start()
    }
    open.append(job)
    job.active += 1  // the poster
    condition.broadcast()
    while job.next < job.count {
      let i = take(job)
      condition.unlock()
      Self.execute(job, i)
      condition.lock()
      job.finished += 1
    }
    job.active -= 1
    while job.finished < job.count { condition.wait() }
    job.body = nil
    condition.unlock()
  }

  /// The next index of `job`, with the lock held; the job leaves `open` with its last index.
  private func take(_ job: Job) -> Int {
    let i = job.next
    job.next += 1
    if job.next == job.count, let slot = open.firstIndex(where: { $0 === job }) { open.remove(at: slot) }
    return i
  }

  /// Runs one index outside the lock; the closure's retain ends when this returns, before the
  /// index counts as finished.
  @inline(never) private static func execute(_ job: Job, _ i: Int) {
    job.body?(i)
  }

  /// A pool thread: waits for a job with room, runs one index of the newest, repeats.
  private func work() {
    condition.lock()
    while true {
      guard let job = open.last(where: \.hasRoom) else {
        condition.wait()
        continue
      }
      job.active += 1
      let i = take(job)
      condition.unlock()
      Self.execute(job, i)
      condition.lock()
      job.active -= 1
      job.finished += 1
      if job.finished == job.count { condition.broadcast() }
    }
  }
}
