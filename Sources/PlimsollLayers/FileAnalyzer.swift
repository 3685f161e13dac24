public import PlimsollFindings

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
  func analyze(_ file: LayerFile) -> [Finding]
}

/// File-analyzer findings of a stack of layers, each with the layer that holds it and the
/// layer that later deleted or replaced its file: a secret "removed" by a later layer still
/// ships in the image.
public struct LayeredFindings: Sendable {
  private var entries: [(finding: Finding, layer: Int, removedBy: Int?)] = []

  public init() {}

  /// Applies one layer: marks earlier findings whose file it deletes or rewrites, then adds
  /// its own (located by path).
  public mutating func apply(
    _ findings: [Finding], deletions: LayerDeletions, rewrittenFiles: [String], index: Int
  ) {
    if !entries.isEmpty {
      let rewritten = Set(rewrittenFiles)
      for position in entries.indices where entries[position].removedBy == nil {
        let path = entries[position].finding.location?.path ?? ""
        if rewritten.contains(path) || deletions.removes(path) {
          entries[position].removedBy = index
        }
      }
    }
    entries += findings.map { ($0, index, nil) }
  }

  /// The findings with their layer (diffID, `created_by`, index) and, for a file a later
  /// layer deleted or replaced, that layer and a note saying it still ships.
  public func located(in layers: [LayerRef]) -> [Finding] {
    entries.map { entry in
      var finding = entry.finding
      let layer = entry.layer < layers.count ? layers[entry.layer] : nil
      var location = finding.location ?? Location(path: "")
      location.layerDigest = layer?.diffID
      location.createdBy = layer?.createdBy
      finding.location = location
      finding.properties["layerIndex"] = String(entry.layer)
      if let removedBy = entry.removedBy {
        finding.properties["removedInLayer"] = String(removedBy)
        finding.description = "Deleted or replaced in layer \(removedBy), but still in the image "
          + "in layer \(entry.layer)." + (finding.description.map { " " + $0 } ?? "")
      }
      return finding
    }
  }
}
