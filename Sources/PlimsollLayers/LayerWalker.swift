public import PlimsollDiagnostics
public import PlimsollIO
public import PlimsollSource

/// Streams one layer once: verifies its digests, decompresses by magic bytes, reads the tar,
/// records whiteouts and symbolic links, and offers each regular file to the analysis. Nothing is extracted to
/// disk, and no path outside the layer root is ever formed.
public struct LayerWalker<Analysis: LayerAnalysis>: Sendable {
  public var analysis: Analysis
  /// Layer size, entry count and path length bounds.
  public var limits: ResourceLimits

  public init(analysis: Analysis, limits: ResourceLimits = .configured) {
    self.analysis = analysis
    self.limits = limits
  }

  /// Walks a layer blob and returns its facts. Throws for unusable input (corrupt
  /// compression, truncated tar, digest mismatch), naming the layer.
  public func walk(_ layer: LayerDescriptor) throws -> WalkedLayer<Analysis.Facts> {
    let layerTar = try VerifiedLayerTar(layer, maxBytes: limits.layerBytes)
    let walked = try walkTar(layerTar.tar, diffID: layer.diffID.description)
    try layerTar.finish()
    return walked
  }

  /// Walks an uncompressed or compressed tar stream (also used for tests and tar inputs).
  public func walkTar(_ tar: TarReader, diffID: String) throws -> WalkedLayer<Analysis.Facts> {
    var layer = WalkedLayer(diffID: diffID, facts: analysis.emptyFacts())
    var regularFiles = Set<String>()
    while let entry = try tar.next() {
      layer.entryCount += 1
      guard layer.entryCount <= limits.layerEntries else {
        throw ResourceLimitExceeded(.layerEntries, input: tar.name, maximum: "\(limits.layerEntries) entries")
      }
      guard entry.rawPath.utf8.count <= ResourceLimits.pathBytes else {
        layer.warnings.append(ResourceLimitExceeded(
          .pathBytes, input: "\(tar.name):\(entry.rawPath.prefix(64))…",
          maximum: "\(ResourceLimits.pathBytes) bytes").warning("entry ignored"))
        continue
      }
      guard let path = ArchivePath.normalize(entry.rawPath) else {
        layer.warnings.append(ScanWarning(
          input: "\(tar.name):\(entry.rawPath)",
          message: "entry path leaves the layer root; ignored"))
        continue
      }
      if let whiteout = LayerWhiteout(path: path) {
        layer.deletions.record(whiteout)
        continue
      }
      layer.permissions.record(path: path, isRegularFile: entry.type == .file,
                               isDirectory: entry.type == .directory, mode: entry.mode,
                               rememberPath: true)
      switch entry.type {
      case .file:
        regularFiles.insert(path)
        let info = EntryInfo(path: path, size: entry.size, mode: entry.mode)
        try analysis.analyze(info, into: &layer.facts, warnings: &layer.warnings) { limit in
          try tar.readContents(limit: limit)
        }
      case .hardlink:
        let target = ArchivePath.normalize(entry.linkTarget)
        if target == nil || !regularFiles.contains(target ?? "") {
          layer.warnings.append(ScanWarning(
            input: "\(tar.name):\(path)",
            message: "hard link to '\(entry.linkTarget)', which is not an earlier file of this layer"))
        }
      case .symlink:
        layer.symlinks[path] = entry.linkTarget
      default:
        continue
      }
    }
    return layer
  }
}
