import Dispatch
import PlimsollCatalog
import PlimsollFindings

/// Lets one large file at a time be held in memory across the layers walked in parallel, so
/// peak memory is bounded by the largest file rather than the sum of the largest per layer.
enum LargeFileGate {
  /// Files above this size take the gate.
  static let threshold: Int64 = 8 << 20
  nonisolated(unsafe) static let semaphore = DispatchSemaphore(value: 1)
}

/// Offers one file to every cataloger and file analyzer that wants it, reading its contents
/// at most once.
struct EntryAnalysis {
  let analyzers: AnalyzerSet

  /// Catalogs and analyzes `entry`; `read(limit)` yields its contents (called at most once).
  func analyze(_ entry: EntryInfo, into facts: inout LayerFacts,
               read: (Int64) throws -> [UInt8]) rethrows {
    var contents: [UInt8]?
    var holdsGate = false
    defer { if holdsGate { LargeFileGate.semaphore.signal() } }
    /// The contents, or nil (and a warning) when the file is over the reader's limit.
    func load(limit: Int64, skippedBy reader: String) throws -> [UInt8]? {
      guard entry.size <= limit else {
        facts.warnings.append(ScanWarning(
          input: entry.path,
          message: "not read by \(reader): \(entry.size) bytes exceeds its \(limit)-byte limit"))
        return nil
      }
      if contents == nil {
        if entry.size > LargeFileGate.threshold, !holdsGate {
          LargeFileGate.semaphore.wait()
          holdsGate = true
        }
        contents = try read(entry.size)
      }
      return contents
    }
    for cataloger in analyzers.catalogers where cataloger.wants(entry) {
      guard let bytes = try load(limit: cataloger.maxFileSize, skippedBy: "the \(cataloger.name) cataloger")
      else { continue }
      // Recorded even when empty: a rewritten file must hide what a lower layer's copy said.
      let result = cataloger.catalog(CatalogFile(entry: entry, contents: bytes))
      facts.files.append(FileFacts(path: entry.path, cataloger: cataloger.name, result: result))
    }
    if !analyzers.fileAnalyzers.isEmpty { facts.regularFiles.append(entry.path) }
    for analyzer in analyzers.fileAnalyzers where analyzer.wants(entry) {
      guard let bytes = try load(limit: analyzer.maxFileSize, skippedBy: analyzer.name) else { continue }
      facts.findings += analyzer.analyze(CatalogFile(entry: entry, contents: bytes))
    }
  }
}
