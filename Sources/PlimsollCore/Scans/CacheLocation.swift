public import Foundation

/// Where Plimsoll keeps what it caches: layer facts, the advisory database, and the folder
/// engine exports stream into while a command runs.
public struct CacheLocation: Sendable {
  /// The cache root (`--cache-dir`, else `$XDG_CACHE_HOME/plimsoll` or `~/.cache/plimsoll`).
  public var root: URL
  /// Whether layer facts are read and written (`--no-cache` turns it off).
  public var usesLayerCache: Bool

  public init(root: String? = nil, usesLayerCache: Bool = true) {
    self.root = root.map { URL(fileURLWithPath: $0) } ?? FactsCache.defaultRoot()
    self.usesLayerCache = usesLayerCache
  }

  /// The advisory database file.
  public var databasePath: String {
    root.appendingPathComponent(AdvisoryDatabase.fileName).path
  }

  /// Where `--keep-blobs` keeps registry blobs by digest.
  public var blobs: URL { root.appendingPathComponent("blobs/sha256", isDirectory: true) }

  /// The options of a layer scan that caches here (or not at all).
  public var scanOptions: ScanOptions {
    ScanOptions(cacheDirectory: usesLayerCache ? root : nil)
  }

  /// The engine-exports folder, cleared of what interrupted runs left there: under the cache,
  /// or under the system's temporary directory when the layer cache is off.
  public func engineExports() -> URL {
    let directory = EngineExports.directory(cache: usesLayerCache ? root : nil)
    EngineExports.removeStale(in: directory)
    return directory
  }
}
