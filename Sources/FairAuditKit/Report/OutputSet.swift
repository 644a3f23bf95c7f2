import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The files one run writes, all or none: checked before any work (never the input, never the
/// same file twice, never a folder), then written to temporary files beside their targets and
/// renamed only when every one is complete. An error, SIGINT or SIGTERM leaves no new output
/// and no temporary file (`install()` sets the signal handlers).
public struct OutputSet: Sendable {
  public struct Item: Sendable {
    public let path: String
    public let option: String
  }

  public private(set) var items: [Item] = []

  public init() {}

  /// Adds a path for `option` (`-o`, `--json`, ...). - Throws: `.invalidOption` (exit 64) when it
  /// is the input (a command without an input passes nil), a path already given, or a folder.
  public mutating func add(_ path: String, option: String, input: String? = nil) throws(FairAuditError) {
    guard !path.isEmpty else { throw .invalidOption(option: option, reason: "empty file name") }
    let target = Self.identity(path)
    if let input, !CSVReader.isStandardInput(input), target == Self.identity(input) {
      throw .invalidOption(option: option, reason: "\(MessageText.path(path)) is the input file; fairaudit never overwrites its input")
    }
    if let other = items.first(where: { Self.identity($0.path) == target }) {
      throw .invalidOption(
        option: option, reason: "\(MessageText.path(path)) is also the file of \(other.option); give each output its own file")
    }
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
      throw .invalidOption(
        option: option,
        reason:
          "\(MessageText.path(path)) is a folder; name a file inside it, e.g. \(MessageText.path((path as NSString).appendingPathComponent("report.html")))"
      )
    }
    items.append(Item(path: path, option: option))
  }

  /// The canonical absolute path (symbolic links resolved, including the parent folder's), so that
  /// `./a.csv`, `a.csv` and a link to it compare equal.
  public static func identity(_ path: String) -> String {
    let url = URL(fileURLWithPath: path).standardizedFileURL
    let resolved = url.resolvingSymlinksInPath()
    if FileManager.default.fileExists(atPath: resolved.path) { return resolved.path }
    return url.deletingLastPathComponent().resolvingSymlinksInPath().appendingPathComponent(url.lastPathComponent).path
  }

  /// Writes `contents[i]` to `items[i]`: first every temporary file, then every rename.
  /// - Throws: `.cannotWrite` (exit 31); nothing new is left behind.
  public func commit(_ contents: [String]) throws(FairAuditError) {
    precondition(contents.count == items.count)
    var temporaries: [(String, String)] = []
    defer {
      for (temporary, _) in temporaries { unlink(temporary) }
      PendingFiles.clear()
    }
    for (item, text) in zip(items, contents) {
      let url = URL(fileURLWithPath: item.path)
      let folder = url.deletingLastPathComponent()
      let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).fairaudit-\(getpid()).tmp").path
      do {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        PendingFiles.register(temporary)
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else {
          throw CocoaError(.fileWriteUnknown)
        }
        temporaries.append((temporary, item.path))
      } catch {
        throw .cannotWrite(path: item.path, reason: Self.reason(error, folder: folder.path))
      }
    }
    for (temporary, target) in temporaries {
      guard rename(temporary, target) == 0 else {
        throw .cannotWrite(path: target, reason: String(cString: strerror(errno)))
      }
    }
    temporaries.removeAll()
  }

  /// Like `commit(_:)` for outputs too large to hold as one string: `producers[i]` hands the bytes
  /// of `items[i]` to its writer chunk by chunk, in order. - Throws: `.cannotWrite` (exit 31).
  public func commit(streaming producers: [(ChunkWriter) -> Void]) throws(FairAuditError) {
    precondition(producers.count == items.count)
    var temporaries: [(String, String)] = []
    defer {
      for (temporary, _) in temporaries { unlink(temporary) }
      PendingFiles.clear()
    }
    for (item, produce) in zip(items, producers) {
      let url = URL(fileURLWithPath: item.path)
      let folder = url.deletingLastPathComponent()
      let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).fairaudit-\(getpid()).tmp").path
      do {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      } catch {
        throw .cannotWrite(path: item.path, reason: Self.reason(error, folder: folder.path))
      }
      PendingFiles.register(temporary)
      guard let file = fopen(temporary, "wb") else {
        throw .cannotWrite(path: item.path, reason: Self.reason(CocoaError(.fileWriteUnknown), folder: folder.path))
      }
      temporaries.append((temporary, item.path))
      let writer = ChunkWriter(file: file)
      produce(writer)
      let closed = fclose(file) == 0
      if let failure = writer.failure ?? (closed ? nil : errno) {
        throw .cannotWrite(path: item.path, reason: String(cString: strerror(failure)))
      }
    }
    for (temporary, target) in temporaries {
      guard rename(temporary, target) == 0 else {
        throw .cannotWrite(path: target, reason: String(cString: strerror(errno)))
      }
    }
    temporaries.removeAll()
  }

  /// Appends chunks to one temporary output file; the first failed write is kept (as `errno`) and
  /// later chunks are skipped, so `commit(streaming:)` reports it.
  public final class ChunkWriter {
    let file: UnsafeMutablePointer<FILE>
    private(set) var failure: Int32?

    init(file: UnsafeMutablePointer<FILE>) { self.file = file }

    public func write(_ bytes: [UInt8]) {
      guard failure == nil, !bytes.isEmpty else { return }
      let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
      if written != bytes.count { failure = errno == 0 ? EIO : errno }
    }
  }

  static func reason(_ error: Error, folder: String) -> String {
    var isFolder: ObjCBool = false
    if !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) { return "its folder cannot be created" }
    if !isFolder.boolValue { return "\(MessageText.path(folder)) is a file, not a folder" }
    if !FileManager.default.isWritableFile(atPath: folder) { return "permission denied" }
    return "the file cannot be created"
  }

  /// Removes pending temporary files and exits 128 + signal on SIGINT and SIGTERM.
  /// The signals are also unblocked: a parent may start fairaudit with them blocked.
  public static func install() {
    signal(SIGINT, PendingFiles.onSignal)
    signal(SIGTERM, PendingFiles.onSignal)
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    sigaddset(&set, SIGTERM)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
  }
}

/// Temporary files being written, as C strings a signal handler may unlink (async-signal-safe).
enum PendingFiles {
  static let capacity = 16
  nonisolated(unsafe) static var paths = [UnsafeMutablePointer<CChar>?](repeating: nil, count: capacity)
  nonisolated(unsafe) static var count = 0

  static func register(_ path: String) {
    guard count < capacity else { return }
    paths[count] = strdup(path)
    count += 1
  }

  static func clear() {
    let n = count
    count = 0
    for i in 0..<n {
      free(paths[i])
      paths[i] = nil
    }
  }

  static let onSignal: @convention(c) (Int32) -> Void = { signal in
    for i in 0..<PendingFiles.count { if let p = PendingFiles.paths[i] { unlink(p) } }
    _exit(128 + signal)
  }
}
