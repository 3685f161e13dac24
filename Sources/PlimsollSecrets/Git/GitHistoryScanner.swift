import Foundation
import PlimsollDiagnostics
public import PlimsollFindings

/// Finds secrets in a git repository's history: every blob any commit added or changed is
/// scanned once (however many commits hold it), and each secret is reported once, at the
/// first commit that added it, with whether HEAD still holds it.
///
/// The repository is read through the `git` command (`git log --raw` for the blobs each
/// commit introduced, merges included, `git cat-file --batch` for their contents), which reads
/// loose and packed objects and resolves deltas exactly as git does.
public struct GitHistoryScanner: Sendable {
  public var scanner: SecretScanner
  /// Only commits after this date (`git log --since`).
  public var since: String?
  /// A revision range (`A..B`) instead of every ref.
  public var range: String?

  public init(scanner: SecretScanner, since: String? = nil, range: String? = nil) {
    self.scanner = scanner
    self.since = since
    self.range = range
  }

  /// Where a blob first appeared.
  struct Introduction {
    var commit: String
    var date: String
    var path: String
  }

  /// The findings of the repository at `path`.
  public func scan(repository path: String) throws -> FindingReport {
    var report = FindingReport(target: path)
    let top = try git(["rev-parse", "--show-toplevel"], in: path).trimmingCharacters(in: .whitespacesAndNewlines)
    // A merge's diff against its first parent lists what the merge itself wrote (a conflict
    // resolution, an "evil merge") besides what its branch brought, which is already seen.
    var arguments = ["log", "--reverse", "--no-renames", "--raw", "--no-abbrev", "--diff-merges=first-parent",
                     "--format=%x01%H %aI"]
    if let since { arguments.append("--since=\(since)") }
    arguments.append(range ?? "--all")
    let log = try git(arguments, in: top)
    var blobs: [String: Introduction] = [:]
    var order: [String] = []
    var commit = ""
    var date = ""
    var commits = 0
    for line in log.split(separator: "\n", omittingEmptySubsequences: true) {
      if line.hasPrefix("\u{1}") {
        let parts = line.dropFirst().split(separator: " ", maxSplits: 1)
        commit = String(parts.first ?? "")
        date = parts.count > 1 ? String(parts[1]) : ""
        commits += 1
        continue
      }
      // `:100644 100644 <old> <new> M\tpath`
      guard line.hasPrefix(":"), let tab = line.firstIndex(of: "\t") else { continue }
      let fields = line[..<tab].split(separator: " ")
      guard fields.count >= 5, fields[1] != "160000", fields[1] != "000000", fields[4] != "D" else { continue }
      let blob = String(fields[3])
      if blobs[blob] == nil {
        blobs[blob] = Introduction(commit: commit, date: date, path: String(line[line.index(after: tab)...]))
        order.append(blob)
      }
    }
    let head = Set((try? git(["ls-tree", "-r", "HEAD"], in: top))?.split(separator: "\n").compactMap { line -> String? in
      let fields = line.split(separator: " ", maxSplits: 3)
      return fields.count >= 3 ? String(fields[2].prefix(40)) : nil
    } ?? [])
    var first: [String: (SecretMatch, Introduction)] = [:]
    var firstOrder: [String] = []
    var inHead = Set<String>()
    var skipped = 0
    try readBlobs(order, in: top) { blob, bytes in
      guard let introduction = blobs[blob] else { return }
      let outcome = bytes.withUnsafeBytes { scanner.scanFile(bytes: $0, path: introduction.path) }
      if case .skippedTooLarge = outcome { skipped += 1 }
      for match in outcome.matches {
        if head.contains(blob) { inHead.insert(match.fingerprint) }
        if first[match.fingerprint] == nil {
          first[match.fingerprint] = (match, introduction)
          firstOrder.append(match.fingerprint)
        }
      }
    }
    for fingerprint in firstOrder {
      guard let (match, introduction) = first[fingerprint] else { continue }
      var finding = match.finding()
      let present = inHead.contains(fingerprint)
      finding.properties["commit"] = introduction.commit
      finding.properties["commitDate"] = introduction.date
      finding.properties["inHead"] = present ? "true" : "false"
      finding.description = "Added in commit \(introduction.commit.prefix(12)) (\(introduction.date))"
        + (present ? "; still in HEAD." : "; no longer in HEAD, but in every clone's history.")
      report.findings.append(finding)
    }
    if skipped > 0 {
      report.warnings.append(ScanWarning(input: path, message: "\(skipped) blobs over the size limit were not scanned"))
    }
    report.warnings.append(ScanWarning(input: path, message: "history scanned: \(commits) commits, \(order.count) blobs"))
    return report
  }

  /// Runs git and returns its standard output; a failure is an error naming the repository.
  func git(_ arguments: [String], in directory: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "-C", directory] + arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    do {
      try process.run()
    } catch {
      throw InputError(directory, "cannot run git: \(error.localizedDescription)")
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let message = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      let text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
      throw InputError(directory, "not a readable git repository (git \(arguments.first ?? ""): \(text))")
    }
    return String(decoding: data, as: UTF8.self)
  }

  /// Streams the contents of `blobs` through `git cat-file --batch`.
  func readBlobs(_ blobs: [String], in directory: String, _ body: (String, [UInt8]) throws -> Void) throws {
    guard !blobs.isEmpty else { return }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "-C", directory, "cat-file", "--batch"]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    // Feed the names from another thread so a full output pipe cannot stall the writer.
    let request = Data(blobs.joined(separator: "\n").appending("\n").utf8)
    let writer = Thread {
      input.fileHandleForWriting.write(request)
      try? input.fileHandleForWriting.close()
    }
    writer.start()
    let reader = output.fileHandleForReading
    var buffer: [UInt8] = []
    var position = 0
    func fill(_ count: Int) -> Bool {
      while buffer.count - position < count {
        let chunk = reader.availableData
        if chunk.isEmpty { return false }
        if position > 1 << 20 {
          buffer.removeFirst(position)
          position = 0
        }
        buffer.append(contentsOf: chunk)
      }
      return true
    }
    for _ in blobs {
      // `<sha> blob <size>\n<contents>\n`, or `<sha> missing\n`.
      var newline: Int?
      while newline == nil {
        newline = buffer[position...].firstIndex(of: UInt8(ascii: "\n"))
        if newline == nil, !fill(buffer.count - position + 1) { break }
      }
      guard let end = newline else { break }
      let header = String(decoding: buffer[position..<end], as: UTF8.self).split(separator: " ")
      position = end + 1
      guard header.count == 3, header[1] == "blob", let size = Int(header[2]) else { continue }
      guard fill(size + 1) else { break }
      let contents = Array(buffer[position..<(position + size)])
      position += size + 1
      try body(String(header[0]), contents)
    }
    process.waitUntilExit()
  }
}
