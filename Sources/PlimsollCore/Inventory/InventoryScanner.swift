import Foundation
import PlimsollCatalog
import PlimsollFindings
import PlimsollSource

/// Options of an inventory scan.
public struct ScanOptions: Sendable {
  /// Where layer facts are cached; nil disables the cache.
  public var cacheDirectory: URL?
  public var limits: WalkLimits
  /// Layers walked at once (default: the core count).
  public var parallelism: Int

  public init(cacheDirectory: URL? = FactsCache.defaultRoot(), limits: WalkLimits = WalkLimits(),
              parallelism: Int = ProcessInfo.processInfo.activeProcessorCount) {
    self.cacheDirectory = cacheDirectory
    self.limits = limits
    self.parallelism = max(1, parallelism)
  }
}

/// Builds the inventory of an artifact: walks each layer (in parallel, cached by diffID),
/// merges them in order, and attributes each package to its layer.
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
    var statistics = ScanStatistics()
    let layerRefs = artifact.layers.map {
      LayerRef(index: $0.index, diffID: $0.diffID.description, createdBy: $0.createdBy)
    }
    var merge = LayerMerge()
    var cacheWarnings: [ScanWarning] = []
    if let root = artifact.rootDirectory {
      let facts = try RootFSWalker(analyzers: analyzers).walk(root: root)
      statistics.entries = facts.entryCount
      merge.apply(facts, index: 0)
    } else {
      let all = try await layerFacts(artifact.layers, warnings: &cacheWarnings,
                                     statistics: &statistics)
      for (index, facts) in all.enumerated() {
        statistics.entries += facts.entryCount
        merge.apply(facts, index: index)
      }
    }
    let merged = merge.result(layers: layerRefs)

    let packages = merged.packages
    let target = TargetSummary(
      name: artifact.name, sourceKind: artifact.kind.rawValue, tags: artifact.tags,
      manifestDigest: artifact.manifestDigest?.description,
      configDigest: artifact.configDigest?.description,
      platform: artifact.platform?.description,
      layers: artifact.layers.map {
        LayerSummary(index: $0.index, diffID: $0.diffID.description, digest: $0.digest.description,
                     mediaType: $0.mediaType, size: $0.size, createdBy: $0.createdBy)
      })
    let inventory = Inventory(target: target, os: merged.os, packages: packages,
                              warnings: merged.warnings + cacheWarnings)
    return ScanResult(inventory: inventory, findings: merge.layeredFindings(layers: layerRefs),
                      statistics: statistics)
  }

  /// Facts of every layer, in order: from the cache where possible, else walked in parallel.
  func layerFacts(_ layers: [LayerDescriptor], warnings: inout [ScanWarning],
                  statistics: inout ScanStatistics) async throws -> [LayerFacts]
  {
    let cache = options.cacheDirectory.map { FactsCache(directory: $0) }
    let version = analyzers.version
    var results = [LayerFacts?](repeating: nil, count: layers.count)
    var missing: [LayerDescriptor] = []
    for layer in layers {
      if let cached = cache?.load(diffID: layer.diffID.description, version: version) {
        results[layer.index] = cached
      } else {
        missing.append(layer)
      }
    }
    statistics.layersFromCache = layers.count - missing.count
    statistics.layersWalked = missing.count
    let walker = LayerWalker(analyzers: analyzers, limits: options.limits)
    try await withThrowingTaskGroup(of: (Int, LayerFacts).self) { group in
      var next = 0
      func launch() {
        let layer = missing[next]
        next += 1
        group.addTask { (layer.index, try walker.walk(layer)) }
      }
      while next < missing.count && next < options.parallelism { launch() }
      while let (index, facts) = try await group.next() {
        results[index] = facts
        if next < missing.count { launch() }
      }
    }
    if let cache {
      for layer in missing {
        if let facts = results[layer.index], let warning = cache.store(facts, version: version) {
          warnings.append(warning)
        }
      }
    }
    return results.enumerated().map { $0.element ?? LayerFacts(diffID: layers[$0.offset].diffID.description) }
  }
}

/// What one scan of an artifact produced.
public struct ScanResult: Sendable {
  public var inventory: Inventory
  /// Findings of the file analyzers (secrets), located by layer.
  public var findings: [Finding]
  public var statistics: ScanStatistics
}

/// How much work a scan did.
public struct ScanStatistics: Sendable, Codable {
  /// Layers streamed and analysed.
  public var layersWalked = 0
  /// Layers whose facts came from the cache.
  public var layersFromCache = 0
  /// Tar entries (or directory entries) seen.
  public var entries = 0

  public init() {}
}
