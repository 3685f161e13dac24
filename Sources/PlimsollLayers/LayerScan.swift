public import Foundation
public import PlimsollDiagnostics
import PlimsollIO
public import PlimsollSource

/// Options of a layer scan.
public struct ScanOptions: Sendable {
  /// Where layer facts are cached; nil disables the cache.
  public var cacheDirectory: URL?
  /// Layer size, entry, path, file size and time bounds (`ResourceLimits.configured` by default).
  public var limits: ResourceLimits
  /// Layers walked at once (default: the core count).
  public var parallelism: Int
  /// What a root-directory walk leaves out (source trees); nil walks everything.
  public var pathFilter: PathFilter?

  public init(cacheDirectory: URL? = FactsCache.defaultRoot(), limits: ResourceLimits = .configured,
              parallelism: Int = ProcessInfo.processInfo.activeProcessorCount, pathFilter: PathFilter? = nil) {
    self.cacheDirectory = cacheDirectory
    self.limits = limits
    self.parallelism = max(1, parallelism)
    self.pathFilter = pathFilter
  }
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

/// The facts of every layer of an artifact, in order, with what it cost.
public struct ScannedLayers<Facts: Codable & Sendable>: Sendable {
  /// One entry per layer (one for a root filesystem), base first.
  public var layers: [WalkedLayer<Facts>]
  /// Problems with the cache itself (never with the image).
  public var cacheWarnings: [ScanWarning]
  public var statistics: ScanStatistics
}

/// Runs one analysis over every layer of an artifact: facts come from the cache where
/// present, the other layers are walked in parallel (bounded by `parallelism`) and cached.
public struct LayerScan<Analysis: LayerAnalysis>: Sendable {
  public var analysis: Analysis
  public var options: ScanOptions

  public init(analysis: Analysis, options: ScanOptions = ScanOptions()) {
    self.analysis = analysis
    self.options = options
  }

  /// The facts of `artifact`'s layers, or of its root directory walked as one layer.
  public func scan(_ artifact: Artifact) async throws -> ScannedLayers<Analysis.Facts> {
    var statistics = ScanStatistics()
    if let root = artifact.rootDirectory {
      let layer = try RootFSWalker(analysis: analysis, filter: options.pathFilter, limits: options.limits).walk(root: root)
      statistics.entries = layer.entryCount
      return ScannedLayers(layers: [layer], cacheWarnings: [], statistics: statistics)
    }
    let layers = artifact.layers
    let cache = options.cacheDirectory.map { FactsCache(directory: $0) }
    let key = analysis.cacheKey
    var results = [WalkedLayer<Analysis.Facts>?](repeating: nil, count: layers.count)
    var missing: [LayerDescriptor] = []
    for layer in layers {
      if let cached = cache?.load(diffID: layer.diffID.description, key: key, as: Analysis.Facts.self) {
        results[layer.index] = cached
      } else {
        missing.append(layer)
      }
    }
    statistics.layersFromCache = layers.count - missing.count
    statistics.layersWalked = missing.count
    let walker = LayerWalker(analysis: analysis, limits: options.limits)
    try await withThrowingTaskGroup(of: (Int, WalkedLayer<Analysis.Facts>).self) { group in
      var next = 0
      func launch() {
        let layer = missing[next]
        next += 1
        // Walks block (on files, or on a registry download still arriving): each gets a thread
        // of its own rather than one of the few that run tasks, which the downloads need.
        group.addTask { (layer.index, try await BlockingWork.run { try walker.walk(layer) }) }
      }
      // Layers still arriving from a registry are walked a few more at a time than there are
      // cores, so their downloads overlap.
      let width = missing.contains { $0.location.remote != nil } ? max(options.parallelism, 4) : options.parallelism
      while next < missing.count && next < width { launch() }
      while let (index, walked) = try await group.next() {
        results[index] = walked
        if next < missing.count { launch() }
      }
    }
    var cacheWarnings: [ScanWarning] = []
    if let cache {
      for layer in missing {
        if let walked = results[layer.index], let warning = cache.store(walked, key: key) {
          cacheWarnings.append(warning)
        }
      }
    }
    let walked = results.enumerated().map {
      $0.element ?? WalkedLayer(diffID: layers[$0.offset].diffID.description, facts: analysis.emptyFacts())
    }
    statistics.entries = walked.map(\.entryCount).reduce(0, +)
    return ScannedLayers(layers: walked, cacheWarnings: cacheWarnings, statistics: statistics)
  }
}
