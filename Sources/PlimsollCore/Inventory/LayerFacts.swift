import PlimsollCatalog
import PlimsollFindings

/// What one cataloger found in one file of a layer.
public struct FileFacts: Codable, Sendable {
  /// Absolute path inside the image.
  public var path: String
  /// The cataloger that read it.
  public var cataloger: String
  public var result: CatalogResult
}

/// Everything one layer (or a root filesystem) says, before layers are merged.
///
/// Facts depend only on the layer's content and the analyzer set, so they are cached by
/// diffID plus `AnalyzerSet.version`.
public struct LayerFacts: Codable, Sendable {
  public var diffID: String
  public var files: [FileFacts]
  /// Paths this layer deletes from lower layers (`.wh.NAME`).
  public var whiteouts: [String]
  /// Directories whose lower content this layer hides (`.wh..wh..opq`).
  public var opaqueDirectories: [String]
  public var warnings: [ScanWarning]
  /// Entries in the layer's tar.
  public var entryCount: Int
  /// Findings of file analyzers (secrets), located by path; the merge adds layer details.
  public var findings: [Finding]
  /// Every regular file the layer writes, recorded only when file analyzers run, so the merge
  /// can tell that a finding's file was later overwritten.
  public var regularFiles: [String]

  public init(diffID: String, files: [FileFacts] = [], whiteouts: [String] = [],
              opaqueDirectories: [String] = [], warnings: [ScanWarning] = [], entryCount: Int = 0,
              findings: [Finding] = [], regularFiles: [String] = []) {
    self.diffID = diffID
    self.files = files
    self.whiteouts = whiteouts
    self.opaqueDirectories = opaqueDirectories
    self.warnings = warnings
    self.entryCount = entryCount
    self.findings = findings
    self.regularFiles = regularFiles
  }
}

/// Looks at file contents for findings (the secret scanner is one), layer by layer.
public protocol FileAnalyzer: Sendable {
  /// A stable name that keys the cache with the analyzer's `version`.
  var name: String { get }
  /// Bumped when the analyzer's output for the same input changes.
  var version: String { get }
  /// Largest file read; larger ones are skipped and counted.
  var maxFileSize: Int64 { get }
  /// Whether to read this entry (path, size and mode only).
  func wants(_ entry: EntryInfo) -> Bool
  /// Findings in one file; their `location.path` is the file's path.
  func analyze(_ file: CatalogFile) -> [Finding]
}

/// The catalogers a scan runs, with a version string that keys the facts cache.
public struct AnalyzerSet: Sendable {
  public var catalogers: [any Cataloger]
  public var fileAnalyzers: [any FileAnalyzer]
  /// Bumped whenever any cataloger's output for the same input changes.
  public static let revision = 2

  public init(catalogers: [any Cataloger], fileAnalyzers: [any FileAnalyzer] = []) {
    self.catalogers = catalogers
    self.fileAnalyzers = fileAnalyzers
  }

  /// Identifies the analyzer set: revision plus cataloger and analyzer names and versions.
  public var version: String {
    "r\(Self.revision)-" + catalogers.map(\.name).sorted().joined(separator: ",")
      + fileAnalyzers.map { "+\($0.name)\($0.version)" }.sorted().joined()
  }
}
