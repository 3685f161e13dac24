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

  public init(diffID: String, files: [FileFacts] = [], whiteouts: [String] = [],
              opaqueDirectories: [String] = [], warnings: [ScanWarning] = [], entryCount: Int = 0) {
    self.diffID = diffID
    self.files = files
    self.whiteouts = whiteouts
    self.opaqueDirectories = opaqueDirectories
    self.warnings = warnings
    self.entryCount = entryCount
  }
}

/// The catalogers a scan runs, with a version string that keys the facts cache.
public struct AnalyzerSet: Sendable {
  public var catalogers: [any Cataloger]
  /// Bumped whenever any cataloger's output for the same input changes.
  public static let revision = 1

  public init(catalogers: [any Cataloger]) {
    self.catalogers = catalogers
  }

  /// Identifies the analyzer set: revision plus cataloger names.
  public var version: String {
    "r\(Self.revision)-" + catalogers.map(\.name).sorted().joined(separator: ",")
  }
}
