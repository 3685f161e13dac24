import PlimsollCatalog
import PlimsollFindings

/// Offers one file to every cataloger that wants it, reading its contents at most once.
struct EntryAnalysis {
  let analyzers: AnalyzerSet

  /// Catalogs `entry`; `read(limit)` yields its contents (called at most once).
  func analyze(_ entry: EntryInfo, into facts: inout LayerFacts,
               read: (Int64) throws -> [UInt8]) rethrows {
    var contents: [UInt8]?
    for cataloger in analyzers.catalogers where cataloger.wants(entry) {
      guard entry.size <= cataloger.maxFileSize else {
        facts.warnings.append(ScanWarning(
          input: entry.path,
          message: "skipped by the \(cataloger.name) cataloger: \(entry.size) bytes exceeds its "
            + "\(cataloger.maxFileSize)-byte limit"))
        continue
      }
      if contents == nil { contents = try read(entry.size) }
      // Recorded even when empty: a rewritten file must hide what a lower layer's copy said.
      let result = cataloger.catalog(CatalogFile(entry: entry, contents: contents ?? []))
      facts.files.append(FileFacts(path: entry.path, cataloger: cataloger.name, result: result))
    }
    if !analyzers.fileAnalyzers.isEmpty { facts.regularFiles.append(entry.path) }
    for analyzer in analyzers.fileAnalyzers where analyzer.wants(entry) {
      guard entry.size <= analyzer.maxFileSize else {
        facts.warnings.append(ScanWarning(
          input: entry.path,
          message: "not searched by \(analyzer.name): \(entry.size) bytes exceeds the "
            + "\(analyzer.maxFileSize)-byte limit"))
        continue
      }
      if contents == nil { contents = try read(entry.size) }
      facts.findings += analyzer.analyze(CatalogFile(entry: entry, contents: contents ?? []))
    }
  }
}
