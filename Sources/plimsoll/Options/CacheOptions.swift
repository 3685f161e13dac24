import ArgumentParser
import PlimsollCore

/// `--cache-dir`, declared once for every command that caches.
struct CacheOptions: ParsableArguments {
  @Option(help: ArgumentHelp(
    "Cache directory: layer facts, the advisory database, engine exports (default: "
      + "$XDG_CACHE_HOME/plimsoll or ~/.cache/plimsoll)."))
  var cacheDir: String?

  /// The cache these options name.
  func location(usesLayerCache: Bool = true) -> CacheLocation {
    CacheLocation(root: cacheDir, usesLayerCache: usesLayerCache)
  }
}
