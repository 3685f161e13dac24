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
      let result = cataloger.catalog(CatalogFile(entry: entry, contents: contents ?? []))
      if result.packages.isEmpty && result.ownedFiles.isEmpty && result.osRelease == nil
        && result.warnings.isEmpty
      {
        continue
      }
      facts.files.append(FileFacts(path: entry.path, cataloger: cataloger.name, result: result))
    }
  }
}
