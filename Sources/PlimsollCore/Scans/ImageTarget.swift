import Foundation

/// An image (or root filesystem) a user named, resolved on demand: `docker:NAME`,
/// `docker-archive:FILE[:TAG]`, `oci:DIR[:TAG]`, `rootfs:DIR`, or a path recognised by content.
public struct ImageTarget: Sendable {
  public var reference: String
  /// The platform picked from a multi-platform index.
  public var platform: Platform
  public var cache: CacheLocation
  /// How to reach a registry, when the reference names an image in one.
  public var registry: RegistryImageSource.Options

  public init(_ reference: String, platform: Platform = Platform(os: "linux", architecture: "amd64"),
              cache: CacheLocation = CacheLocation(),
              registry: RegistryImageSource.Options = RegistryImageSource.Options()) {
    self.reference = reference
    self.platform = platform
    self.cache = cache
    self.registry = registry
  }

  /// Resolves the target and runs `body` with it; `docker:NAME` is exported from the engine,
  /// and a registry image is pulled, into a temporary folder under the cache that lives only
  /// while `body` runs. A registry layer whose facts `analysis` has cached is not downloaded.
  public func withArtifact<T>(
    analysis: AnalyzerSet? = nil, _ body: (Artifact) async throws -> T
  ) async throws -> T {
    if EngineImageSource.imageName(in: reference) != nil {
      return try await EngineImageSource.withArtifact(
        reference, platform: platform, directory: cache.engineExports(), body)
    }
    if let image = try RegistryImageSource.reference(in: reference) {
      return try await RegistryImageSource.withArtifact(
        image, name: reference, platform: platform, options: registry,
        directory: cache.engineExports(), hasFacts: cachedFacts(of: analysis), body)
    }
    return try await body(try SourceResolver.resolve(reference, platform: platform))
  }

  /// Whether the layer cache holds `analysis`'s facts for a diffID (never, without a cache).
  func cachedFacts(of analysis: AnalyzerSet?) -> @Sendable (String) -> Bool {
    guard let analysis, let directory = cache.scanOptions.cacheDirectory else { return { _ in false } }
    let facts = FactsCache(directory: directory)
    let key = analysis.cacheKey
    return { facts.contains(diffID: $0, key: key) }
  }

  /// The inventory `plimsoll sbom` writes: every default cataloger, with secrets in history
  /// lines masked before they reach the SBOM.
  public func inventory() async throws -> Inventory {
    try await withArtifact(analysis: DefaultCatalogers.analyzerSet) { resolved in
      var artifact = resolved
      if let scanner = ImageAnalyzers.secretScanner {
        artifact = HistoryRedaction.redact(artifact, scanner: scanner)
      }
      let scanner = InventoryScanner(analyzers: DefaultCatalogers.analyzerSet,
                                     options: cache.scanOptions)
      return try await scanner.inventory(of: artifact)
    }
  }
}
