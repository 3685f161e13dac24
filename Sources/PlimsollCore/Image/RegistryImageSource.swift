public import Foundation

/// Images in a registry (`nginx:1.27`, `localhost:5000/team/app:1.4`): pulled into an OCI
/// layout under the cache, scanned like one, and deleted afterwards.
public enum RegistryImageSource {
  /// How to reach registries: plain HTTP, credentials.
  public struct Options: Sendable {
    /// Plain HTTP (`--insecure`).
    public var insecure = false
    /// `--username` with `--password-stdin`; else the Docker client's configuration.
    public var credentials: RegistryCredentials?
    /// CA certificates trusted besides the system's roots (`--ca-cert`).
    public var caCertificateFile: String?
    /// Keep pulled blobs in this `blobs/sha256` folder and reuse them (`--keep-blobs`).
    public var blobCache: URL?
    /// Mirrors of Docker Hub tried in order before it (`--registry-mirror`, as dockerd's
    /// `registry-mirrors`): `https://mirror.example.com`, `http://127.0.0.1:5000`.
    public var mirrors: [String]

    public init(insecure: Bool = false, credentials: RegistryCredentials? = nil,
                caCertificateFile: String? = nil, mirrors: [String] = []) {
      self.insecure = insecure
      self.credentials = credentials
      self.caCertificateFile = caCertificateFile
      self.mirrors = mirrors
    }
  }

  /// One place to pull from: a mirror or the image's own registry.
  struct Endpoint {
    var apiHost: String
    var insecure: Bool
    var label: String
  }

  /// The mirrors (for Docker Hub images only), then the registry itself.
  static func endpoints(for reference: PlimsollRegistry.ImageReference, options: Options) throws -> [Endpoint] {
    var endpoints: [Endpoint] = []
    if reference.registry == PlimsollRegistry.ImageReference.dockerHub {
      for mirror in options.mirrors {
        guard let url = URL(string: mirror), let scheme = url.scheme, scheme == "https" || scheme == "http",
          let host = url.host, url.path.isEmpty || url.path == "/"
        else {
          throw InputError(mirror, "a registry mirror is http(s)://host[:port]")
        }
        let apiHost = host + (url.port.map { ":\($0)" } ?? "")
        endpoints.append(Endpoint(apiHost: apiHost, insecure: scheme == "http", label: "mirror \(mirror)"))
      }
    }
    endpoints.append(Endpoint(apiHost: reference.apiHost, insecure: options.insecure, label: reference.registry))
    return endpoints
  }

  /// Runs `body` with a client of `reference`'s registry, or of each Docker Hub mirror first:
  /// a mirror that fails is a warning naming it, and the next endpoint is tried.
  /// Credentials are the given ones, else the Docker client's for that endpoint. What went
  /// wrong on the way (a mirror, a credential helper) is added to `warnings`, for the report.
  public static func withClient<T>(
    for reference: PlimsollRegistry.ImageReference, options: Options, warnings collected: inout [ScanWarning],
    _ body: (RegistryClient) async throws -> T
  ) async throws -> T {
    var seen: [ScanWarning] = []
    let result = try await withClient(for: reference, options: options) { client, warnings in
      seen = warnings
      return try await body(client)
    }
    collected += seen
    return result
  }

  /// `withClient`, handing `body` the warnings gathered before its endpoint answered.
  static func withClient<T>(
    for reference: PlimsollRegistry.ImageReference, options: Options,
    _ body: (RegistryClient, [ScanWarning]) async throws -> T
  ) async throws -> T {
    var collected: [ScanWarning] = []
    let endpoints = try endpoints(for: reference, options: options)
    for (position, endpoint) in endpoints.enumerated() {
      let last = position + 1 == endpoints.count
      var clientOptions = RegistryClient.Options()
      clientOptions.insecure = endpoint.insecure
      clientOptions.caCertificateFile = options.caCertificateFile
      var warnings: [String] = []
      clientOptions.credentials = options.credentials
        ?? DockerCredentials.lookup(registry: last ? reference.registry : endpoint.apiHost, warnings: &warnings)
      collected += warnings.map { ScanWarning(input: reference.description, message: $0) }
      do {
        return try await RegistryClient.withClient(reference, apiHost: endpoint.apiHost, options: clientOptions) {
          try await body($0, collected)
        }
      } catch let error as RegistryError where !last {
        collected.append(ScanWarning(
          input: reference.description,
          message: "\(endpoint.label): \(error.errorDescription ?? "\(error)"); trying \(endpoints[position + 1].label)"))
      }
    }
    throw InputError(reference.description, "no registry endpoint answered")
  }

  /// The registry reference `text` names, or nil when it names a path: one that exists, one
  /// with a source prefix (`docker:`, `oci:`, …), one written as a path (`/…`, `./…`, `~/…`)
  /// or an archive file name (`app.tar`). Throws when it is neither a path nor a valid
  /// reference (`Team/app`: repository names are lowercase).
  public static func reference(in text: String) throws -> PlimsollRegistry.ImageReference? {
    let prefixes = ["docker:", "docker-archive:", "oci:", "oci-archive:", "rootfs:", "dir:"]
    let pathPrefixes = ["/", "./", "../", "~", "."]
    let archiveSuffixes = [".tar", ".tar.gz", ".tgz", ".tar.zst", ".tar.xz", ".oci", ".zip"]
    let lowered = text.lowercased()
    guard !prefixes.contains(where: text.hasPrefix), !pathPrefixes.contains(where: text.hasPrefix),
      !archiveSuffixes.contains(where: lowered.hasSuffix),
      !FileManager.default.fileExists(atPath: SourceResolver.pathPart(of: text))
    else { return nil }
    return try PlimsollRegistry.ImageReference(parsing: text)
  }

  /// Runs `body` with `reference` for `platform` resolved as an `Artifact` named as the user
  /// wrote it. The manifest and config are fetched into an OCI layout under `directory`
  /// (deleted afterwards); layers are streamed from the registry into the layer walk as it
  /// opens them, with no full download to disk first. `hasFacts(diffID)` names layers whose
  /// facts are cached: they are not fetched at all.
  public static func withArtifact<T>(
    _ reference: PlimsollRegistry.ImageReference, name: String, platform: Platform, options: Options,
    directory: URL, hasFacts: @escaping @Sendable (String) -> Bool = { _ in false },
    _ body: (Artifact) async throws -> T
  ) async throws -> T {
    let layout = directory.appendingPathComponent("pull-\(UUID().uuidString)", isDirectory: true)
    defer { try? FileManager.default.removeItem(at: layout) }
    let pull = RegistryPull(reference, platform: platform)
    return try await withClient(for: reference, options: options) { client, warnings in
      try? FileManager.default.removeItem(at: layout)
      let prepared = try await pull.prepare(with: client, into: layout, blobCache: options.blobCache) {
        !hasFacts($0)
      }
      var distinct: [String: Int64] = [:]
      for layer in prepared.pending.values { distinct[layer.digest] = layer.size ?? 0 }
      let progress = PullProgress.onTerminal(name: name)
      defer { progress?.finish() }
      progress?.expect(layers: distinct.count, bytes: distinct.values.reduce(0, +))
      var artifact = try SourceResolver.resolve(
        "oci:" + layout.path, platform: platform,
        absentLayers: prepared.layersSkipped.union(prepared.pending.keys))
      if let cache = options.blobCache, !prepared.pending.isEmpty {
        try? FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
      }
      for index in artifact.layers.indices {
        let layer = artifact.layers[index]
        guard let pending = prepared.pending[layer.diffID.description] else { continue }
        let keepAt = options.blobCache.map { $0.appendingPathComponent(layer.digest.hex).path }
        let source = StreamedBlob(client: client, repository: reference.repository, digest: pending.digest,
                                  name: name, progress: progress, keepAt: keepAt)
        artifact.layers[index].location = BlobLocation(
          remote: BlobLocation.Remote(source, digest: layer.digest), length: pending.size,
          displayName: "\(name):layer \(layer.digest)")
        // The stream itself ends only once the blob matched its digest.
        artifact.layers[index].verifyDigest = false
      }
      artifact.name = name
      artifact.kind = .registry
      artifact.manifestDigest = Digest(prepared.manifestDigest)
      artifact.warnings = warnings
      return try await body(artifact)
    }
  }
}
