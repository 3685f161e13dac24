import Foundation
import PlimsollCatalog
import PlimsollFindings
import PlimsollIO
import PlimsollSource

/// Limits that keep hostile input from exhausting memory or disk.
public struct WalkLimits: Sendable {
  /// Largest uncompressed layer accepted (decompression bomb guard).
  public var maxLayerBytes: Int64

  public init(maxLayerBytes: Int64 = 64 << 30) {
    self.maxLayerBytes = maxLayerBytes
  }
}

/// Streams one layer once: verifies its digests, decompresses by magic bytes, reads the tar,
/// records whiteouts, and offers each file to the analyzers. Nothing is extracted to disk.
public struct LayerWalker: Sendable {
  public var analyzers: AnalyzerSet
  public var limits: WalkLimits

  public init(analyzers: AnalyzerSet, limits: WalkLimits = WalkLimits()) {
    self.analyzers = analyzers
    self.limits = limits
  }

  /// Walks a layer blob and returns its facts. Throws for unusable input (corrupt
  /// compression, truncated tar, digest mismatch), naming the layer.
  public func walk(_ layer: LayerDescriptor) throws -> LayerFacts {
    let layerTar = try VerifiedLayerTar(layer, maxBytes: limits.maxLayerBytes)
    let facts = try walkTar(layerTar.tar, diffID: layer.diffID.description)
    try layerTar.finish()
    return facts
  }

  /// Walks an uncompressed or compressed tar stream (also used for tests and tar inputs).
  func walkTar(_ tar: TarReader, diffID: String) throws -> LayerFacts {
    var facts = LayerFacts(diffID: diffID)
    let analysis = EntryAnalysis(analyzers: analyzers)
    var regularFiles = Set<String>()
    while let entry = try tar.next() {
      facts.entryCount += 1
      guard let path = ArchivePath.normalize(entry.rawPath) else {
        facts.warnings.append(ScanWarning(
          input: "\(tar.name):\(entry.rawPath)",
          message: "entry path leaves the layer root; ignored"))
        continue
      }
      switch LayerWhiteout(path: path) {
      case .opaque(let directory)?:
        facts.opaqueDirectories.append(directory)
        continue
      case .deletes(let deleted)?:
        facts.whiteouts.append(deleted)
        continue
      case nil:
        break
      }
      switch entry.type {
      case .file:
        regularFiles.insert(path)
        let info = EntryInfo(path: path, size: entry.size, mode: entry.mode)
        try analysis.analyze(info, into: &facts) { limit in
          try tar.readContents(limit: limit)
        }
      case .hardlink:
        let target = ArchivePath.normalize(entry.linkTarget)
        if target == nil || !regularFiles.contains(target ?? "") {
          facts.warnings.append(ScanWarning(
            input: "\(tar.name):\(path)",
            message: "hard link to '\(entry.linkTarget)', which is not an earlier file of this layer"))
        }
      default:
        continue
      }
    }
    return facts
  }
}
