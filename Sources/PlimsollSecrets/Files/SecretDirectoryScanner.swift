import Foundation
import PlimsollFindings
import PlimsollDiagnostics
import PlimsollIO

/// Why a tree cannot be scanned at all (a problem with one file is a warning instead).
public enum SecretDirectoryError: LocalizedError, Equatable {
  /// The path does not exist.
  case notFound(String)

  public var errorDescription: String? {
    switch self {
    case .notFound(let path): "\(path): no such file or directory"
    }
  }
}

/// Counts of what a tree scan read and skipped.
public struct SecretScanStatistics: Sendable, Hashable {
  public var filesScanned = 0
  public var bytesScanned = 0
  public var skippedBinary = 0
  public var skippedTooLarge = 0
  public var skippedAllowed = 0
  public var skippedSymlinks = 0
  public var unreadable = 0

  /// All counts zero.
  public init() {}
}

/// The result of a tree scan: the report and the counts behind it.
public struct SecretTreeResult: Sendable {
  public var report: FindingReport
  public var statistics: SecretScanStatistics
}

/// Scans a directory tree (or one file) for secrets, in parallel across files.
///
/// Never follows a symbolic link (so never leaves the tree), skips `.git`, and turns an
/// unreadable file into a warning rather than a failure.
public struct SecretDirectoryScanner: Sendable {
  public let scanner: SecretScanner
  /// The most files read at once; defaults to the number of active cores.
  public let concurrency: Int

  /// A tree scanner running `scanner` on up to `concurrency` files at once.
  public init(scanner: SecretScanner,
              concurrency: Int = ProcessInfo.processInfo.activeProcessorCount) {
    self.scanner = scanner
    self.concurrency = max(1, concurrency)
  }

  /// One regular file to read, with the path reports show.
  struct Entry: Sendable {
    let absolute: String
    let display: String
  }

  /// What one file yielded.
  struct FileResult: Sendable {
    var matches: [SecretMatch] = []
    var warning: ScanWarning?
    var outcome: SecretScanOutcome?
    var bytes = 0
  }

  /// Scans `path`; `target` names it in the report (defaults to `path`).
  public func scan(path: String, target: String? = nil) async throws -> SecretTreeResult {
    guard let status = FileStatus(path, followingSymlinks: false) else {
      throw SecretDirectoryError.notFound(path)
    }
    var statistics = SecretScanStatistics()
    var warnings: [ScanWarning] = []
    var entries: [Entry] = []
    switch status.kind {
    case .directory:
      walk(directory: path, relative: "", into: &entries, statistics: &statistics,
           warnings: &warnings)
    case .regular:
      entries.append(Entry(absolute: path, display: path))
    case .symbolicLink:
      statistics.skippedSymlinks += 1
      warnings.append(ScanWarning(input: path, message: "symbolic link not followed"))
    case .socket, .other:
      break
    }

    let results = await scanAll(entries)
    var findings: [Finding] = []
    for (entry, result) in zip(entries, results) {
      findings += result.matches.map { $0.finding() }
      if let warning = result.warning {
        warnings.append(warning)
        statistics.unreadable += 1
        continue
      }
      switch result.outcome {
      case .scanned:
        statistics.filesScanned += 1
        statistics.bytesScanned += result.bytes
      case .skippedBinary: statistics.skippedBinary += 1
      case .skippedTooLarge(let size):
        statistics.skippedTooLarge += 1
        warnings.append(ScanWarning(
          input: entry.display,
          message: "skipped: \(size) bytes is over the \(scanner.maxFileSize)-byte limit"))
      case .skippedAllowedPath: statistics.skippedAllowed += 1
      case nil: break
      }
    }
    findings.sort {
      ($0.location?.path ?? "", $0.location?.startLine ?? 0, $0.id)
        < ($1.location?.path ?? "", $1.location?.startLine ?? 0, $1.id)
    }
    let report = FindingReport(target: target ?? path, findings: findings, warnings: warnings)
    return SecretTreeResult(report: report, statistics: statistics)
  }

  /// Scans every entry, at most `concurrency` at a time, keeping the input order.
  func scanAll(_ entries: [Entry]) async -> [FileResult] {
    var results = [FileResult](repeating: FileResult(), count: entries.count)
    let scanner = self.scanner
    await withTaskGroup(of: (Int, FileResult).self) { group in
      var next = 0
      func submit() {
        let index = next
        let entry = entries[index]
        next += 1
        group.addTask { (index, Self.scanFile(entry, scanner: scanner)) }
      }
      while next < entries.count && next < concurrency { submit() }
      while let (index, result) = await group.next() {
        results[index] = result
        if next < entries.count { submit() }
      }
    }
    return results
  }

  /// Reads and scans one file; a read error becomes a warning.
  static func scanFile(_ entry: Entry, scanner: SecretScanner) -> FileResult {
    var result = FileResult()
    if scanner.isAllowed(path: entry.display) {
      result.outcome = .skippedAllowedPath
      return result
    }
    let descriptor = open(entry.absolute, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
    guard descriptor >= 0 else {
      result.warning = ScanWarning(
        input: entry.display, message: "cannot open: \(String(cString: strerror(errno)))")
      return result
    }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      result.warning = ScanWarning(
        input: entry.display, message: "cannot stat: \(String(cString: strerror(errno)))")
      return result
    }
    let size = Int(info.st_size)
    if size > scanner.maxFileSize {
      result.outcome = .skippedTooLarge(size)
      return result
    }
    var buffer = [UInt8](repeating: 0, count: size)
    var filled = 0
    var failure: Int32 = 0
    /// Reads until `filled` reaches `limit`, end of file, or an error.
    func fill(upTo limit: Int) {
      buffer.withUnsafeMutableBytes { raw in
        guard let base = raw.baseAddress else { return }
        while filled < limit {
          let count = read(descriptor, base + filled, limit - filled)
          if count < 0 {
            if errno == EINTR { continue }
            failure = errno
            return
          }
          if count == 0 { break }  // The file shrank while being read.
          filled += count
        }
      }
    }
    // The binary test needs only the first 8 KiB: a binary file is never read whole.
    fill(upTo: min(size, 8192))
    if failure == 0, buffer.withUnsafeBytes({
      SecretScanner.isBinary(UnsafeRawBufferPointer(rebasing: $0[0..<filled]))
    }) {
      result.outcome = .skippedBinary
      return result
    }
    if failure == 0 { fill(upTo: size) }
    if failure != 0 {
      result.warning = ScanWarning(
        input: entry.display, message: "cannot read: \(String(cString: strerror(failure)))")
      return result
    }
    result.bytes = filled
    let outcome = buffer.withUnsafeBytes { raw in
      scanner.scanFile(bytes: UnsafeRawBufferPointer(rebasing: raw[0..<filled]),
                       path: entry.display)
    }
    result.outcome = outcome
    result.matches = outcome.matches
    return result
  }

  /// Collects regular files under `directory`, depth first, without following links.
  func walk(directory: String, relative: String, into entries: inout [Entry],
            statistics: inout SecretScanStatistics, warnings: inout [ScanWarning]) {
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    } catch {
      statistics.unreadable += 1
      warnings.append(ScanWarning(
        input: relative.isEmpty ? directory : relative, message: "cannot list directory"))
      return
    }
    for name in names {
      let absolute = directory.hasSuffix("/") ? directory + name : directory + "/" + name
      let display = relative.isEmpty ? name : relative + "/" + name
      guard let status = FileStatus(absolute, followingSymlinks: false) else {
        statistics.unreadable += 1
        warnings.append(ScanWarning(input: display, message: "cannot stat"))
        continue
      }
      switch status.kind {
      case .directory:
        if name == ".git" { continue }
        if scanner.isAllowed(path: display + "/") {
          statistics.skippedAllowed += 1
          continue
        }
        walk(directory: absolute, relative: display, into: &entries, statistics: &statistics,
             warnings: &warnings)
      case .regular:
        entries.append(Entry(absolute: absolute, display: display))
      case .symbolicLink:
        statistics.skippedSymlinks += 1
      case .socket, .other:
        break  // Sockets, devices, FIFOs: never read.
      }
    }
  }
}
