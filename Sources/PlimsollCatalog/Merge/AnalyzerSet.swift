import Dispatch
public import PlimsollDiagnostics
public import PlimsollFindings
public import PlimsollLayers

/// What one cataloger found in one file of a layer.
public struct FileFacts: Codable, Sendable {
  /// Absolute path inside the image.
  public var path: String
  /// The cataloger that read it.
  public var cataloger: String
  public var result: CatalogResult
  /// The database path the cataloger read the file as, when that is not `path` itself: the
  /// file counts only where the image's symbolic links lead this path to `path`.
  public var linkedPath: String?

  public init(path: String, cataloger: String, result: CatalogResult, linkedPath: String? = nil) {
    self.path = path
    self.cataloger = cataloger
    self.result = result
    self.linkedPath = linkedPath
  }

  /// The path the cataloger saw: `linkedPath`, else `path`.
  public var catalogedPath: String { linkedPath ?? path }
}

/// What the catalogers and file analyzers recorded for one layer.
public struct CatalogFacts: Codable, Sendable {
  /// One entry per (file, cataloger) that read it.
  public var files: [FileFacts] = []
  /// Findings of file analyzers (secrets), located by path; the merge adds layer details.
  public var findings: [Finding] = []
  /// Every regular file the layer writes, recorded only when file analyzers run, so the merge
  /// can tell that a finding's file was later overwritten.
  public var regularFiles: [String] = []

  public init() {}
}

/// Lets one large file at a time be held in memory across the layers walked in parallel, so
/// peak memory is bounded by the largest file rather than the sum of the largest per layer.
enum LargeFileGate {
  /// Files above this size take the gate.
  static let threshold: Int64 = 8 << 20
  static let semaphore = DispatchSemaphore(value: 1)
}

/// The catalogers and file analyzers a scan runs: the layer analysis of an inventory scan.
///
/// Each file is offered to every cataloger and analyzer that wants it and read at most once.
public struct AnalyzerSet: LayerAnalysis {
  public var catalogers: [any Cataloger]
  public var fileAnalyzers: [any FileAnalyzer]
  /// The file size and time-per-file bounds.
  public var limits: ResourceLimits
  /// Bumped when the layout of `CatalogFacts` or the walk itself changes.
  static let formatRevision = 4

  public init(catalogers: [any Cataloger], fileAnalyzers: [any FileAnalyzer] = [],
              limits: ResourceLimits = .configured) {
    self.catalogers = catalogers
    self.fileAnalyzers = fileAnalyzers
    self.limits = limits
  }

  /// The format revision plus every cataloger's and analyzer's name and version, and the
  /// file size limit when it is not the default (it decides which files are read).
  public var cacheKey: String {
    "r\(Self.formatRevision)-" + catalogers.map { "\($0.name)\($0.version)" }.sorted().joined(separator: ",")
      + fileAnalyzers.map { "+\($0.name)\($0.version)" }.sorted().joined()
      + (limits.fileBytes == ResourceLimits().fileBytes ? "" : "-f\(limits.fileBytes)")
  }

  public func emptyFacts() -> CatalogFacts { CatalogFacts() }

  public func analyze(
    _ entry: EntryInfo, into facts: inout CatalogFacts, warnings: inout [ScanWarning],
    read: (Int64) throws -> [UInt8]
  ) throws {
    var contents: [UInt8]?
    var holdsGate = false
    defer { if holdsGate { LargeFileGate.semaphore.signal() } }
    var deadline: ContinuousClock.Instant?
    var overFileLimit = false
    /// The contents, or nil (and a warning) when the file is over the reader's limit.
    func load(limit: Int64, skippedBy reader: String) throws -> [UInt8]? {
      guard entry.size <= limit else {
        warnings.append(ScanWarning(
          input: entry.path,
          message: "not read by \(reader): \(entry.size) bytes exceeds its \(limit)-byte limit"))
        return nil
      }
      guard entry.size <= limits.fileBytes else {
        if !overFileLimit {
          overFileLimit = true
          warnings.append(ResourceLimitExceeded(.fileBytes, input: entry.path, maximum: "\(limits.fileBytes) bytes")
            .warning("not read (\(entry.size) bytes)"))
        }
        return nil
      }
      if contents == nil {
        if entry.size > LargeFileGate.threshold, !holdsGate {
          LargeFileGate.semaphore.wait()
          holdsGate = true
        }
        contents = try read(entry.size)
        deadline = .now + limits.fileTime
      }
      return contents
    }
    /// Whether the file's time is up (warned once); the remaining readers skip it.
    var cutShort = false
    func timeIsUp(after reader: String) -> Bool {
      guard !cutShort, let deadline, ContinuousClock.now >= deadline else { return cutShort }
      cutShort = true
      warnings.append(ResourceLimitExceeded(.fileTime, input: entry.path, maximum: "\(limits.fileTime)")
        .warning("stopped in \(reader); what the rest of the file holds is not reported"))
      return true
    }
    for cataloger in catalogers {
      // Read under its own path, or under each database path a link of the image could give it.
      let linkedPaths: [String?] = cataloger.wants(entry)
        ? [nil] : Self.databasePaths(of: entry, for: cataloger).map { $0 }
      for linkedPath in linkedPaths {
        guard let bytes = try load(limit: cataloger.maxFileSize, skippedBy: "the \(cataloger.name) cataloger")
        else { break }
        var offered = entry
        if let linkedPath { offered.path = linkedPath }
        // Recorded even when empty: a rewritten file must hide what a lower layer's copy said.
        let result = cataloger.catalog(LayerFile(entry: offered, contents: bytes, deadline: deadline))
        facts.files.append(FileFacts(path: entry.path, cataloger: cataloger.name, result: result,
                                     linkedPath: linkedPath))
        if timeIsUp(after: "the \(cataloger.name) cataloger") { break }
      }
      if cutShort { break }
    }
    if !fileAnalyzers.isEmpty { facts.regularFiles.append(entry.path) }
    for analyzer in fileAnalyzers where !cutShort && analyzer.wants(entry) {
      guard let bytes = try load(limit: analyzer.maxFileSize, skippedBy: analyzer.name) else { continue }
      facts.findings += analyzer.analyze(LayerFile(entry: entry, contents: bytes, deadline: deadline))
      _ = timeIsUp(after: analyzer.name)
    }
  }

  /// The paths in the cataloger's database directories that a symbolic link of the image
  /// could make `entry` (`/usr/lib/apk/db/installed` → `/lib/apk/db/installed`) and at which
  /// the cataloger wants the file: the entry's path from a component named like a directory's
  /// last one, moved under that directory.
  static func databasePaths(of entry: EntryInfo, for cataloger: any Cataloger) -> [String] {
    let directories = cataloger.databaseDirectories
    if directories.isEmpty { return [] }
    let path = Array(entry.path.utf8)
    var candidates: [String] = []
    for directory in directories {
      guard let slash = directory.utf8.lastIndex(of: UInt8(ascii: "/")) else { continue }
      let marker = Array(directory.utf8[slash...]) + [UInt8(ascii: "/")]
      guard path.count > marker.count else { continue }
      for start in 0...(path.count - marker.count) where path[start] == marker[0] {
        guard path[start..<(start + marker.count)].elementsEqual(marker) else { continue }
        // From the slash that ends the directory's name: `/installed`.
        let rest = String(decoding: path[(start + marker.count - 1)...], as: UTF8.self)
        let candidate = directory + rest
        if candidate == entry.path || candidates.contains(candidate) { continue }
        var relocated = entry
        relocated.path = candidate
        if cataloger.wants(relocated) { candidates.append(candidate) }
      }
    }
    return candidates
  }
}
