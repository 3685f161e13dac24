import Foundation
import PlimsollCatalog
import PlimsollDiagnostics
import PlimsollFindings
import PlimsollLayers
import PlimsollSource

/// Builds the inventory of an artifact: the layer engine walks each layer once (in parallel,
/// cached by diffID) with the catalogers and file analyzers, then the package merge applies
/// the layers in order and attributes each package to its layer.
public struct InventoryScanner: Sendable {
  public var analyzers: AnalyzerSet
  public var options: ScanOptions

  public init(analyzers: AnalyzerSet, options: ScanOptions = ScanOptions()) {
    self.analyzers = analyzers
    self.options = options
  }

  /// Scans an artifact. Throws `InputError` for unusable input (naming the layer or file).
  public func inventory(of artifact: Artifact) async throws -> Inventory {
    try await scan(artifact).inventory
  }

  /// Scans an artifact: its inventory, the file analyzers' findings (with the layer that holds
  /// each, even if a later layer deleted the file), and how much work it took.
  public func scan(_ artifact: Artifact) async throws -> ScanResult {
    let scanned = try await LayerScan(analysis: analyzers, options: options).scan(artifact)
    let layerRefs = artifact.layers.map {
      LayerRef(index: $0.index, diffID: $0.diffID.description, createdBy: $0.createdBy)
    }
    var merge = PackageMerge(catalogers: analyzers.catalogers)
    var findings = LayeredFindings()
    var permissions = PermissionMerge()
    for (index, layer) in scanned.layers.enumerated() {
      merge.apply(layer, index: index)
      permissions.apply(layer.permissions, deletions: layer.deletions, index: index)
      findings.apply(layer.findings, deletions: layer.deletions, rewrittenFiles: layer.regularFiles,
                     index: index)
    }
    let merged = merge.result(layers: layerRefs)
    let target = TargetSummary(
      name: artifact.name, sourceKind: artifact.kind.rawValue, tags: artifact.tags,
      manifestDigest: artifact.manifestDigest?.description,
      configDigest: artifact.configDigest?.description,
      platform: artifact.platform?.description,
      layers: artifact.layers.map {
        LayerSummary(index: $0.index, diffID: $0.diffID.description, digest: $0.digest.description,
                     mediaType: $0.mediaType, size: $0.size, createdBy: $0.createdBy)
      })
    let inventory = Inventory(target: target, os: merged.os, packages: merged.packages,
                              warnings: artifact.warnings + merged.warnings + scanned.cacheWarnings)
    return ScanResult(inventory: inventory, findings: findings.located(in: layerRefs),
                      permissions: permissions.shipped, statistics: scanned.statistics,
                      packageHistory: merge.history)
  }
}

/// What one scan of an artifact produced.
public struct ScanResult: Sendable {
  public var inventory: Inventory
  /// Findings of the file analyzers (secrets), located by layer.
  public var findings: [Finding]
  /// Setuid/setgid files and world-writable directories the image ships, by layer index.
  public var permissions: [ShippedPermission]
  public var statistics: ScanStatistics
  /// Every package's runs of visibility over the layers, removed ones included (the ledger's
  /// source).
  public var packageHistory: [PackageRun]
}
