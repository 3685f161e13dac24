public import Foundation
import PlimsollIO
public import PlimsollSource

/// Pulls one image from a registry into an OCI image layout directory, so that the layout
/// reader (and everything after it) reads a registry image exactly as it reads one on disk.
///
/// An index is resolved to the manifest of the requested platform; the manifest, the config
/// and the layers the caller needs are downloaded, each verified against its digest before it
/// is kept. A layer whose facts the caller has cached (by diffID) is not downloaded at all.
public struct RegistryPull: Sendable {
  public var reference: ImageReference
  public var platform: Platform

  public init(_ reference: ImageReference, platform: Platform = .defaultPlatform) {
    self.reference = reference
    self.platform = platform
  }

  /// What a pull fetched.
  public struct Result: Sendable {
    /// The digest of the image manifest scanned (the platform's, under an index).
    public var manifestDigest: String
    /// Layer blobs downloaded.
    public var layersDownloaded: Int
    /// Layers not downloaded because the caller did not need them (diffIDs).
    public var layersSkipped: Set<String>
    /// Blob and manifest requests made.
    public var requests: Int
  }

  /// An image whose manifest, config and layout are on disk, and the layers still to fetch.
  public struct Prepared: Sendable {
    /// The digest of the image manifest scanned (the platform's, under an index).
    public var manifestDigest: String
    /// Layers not fetched because the caller did not need them (diffIDs).
    public var layersSkipped: Set<String>
    /// Layers to fetch, by diffID: the blob's digest and size, and the file it belongs in.
    public var pending: [String: PendingLayer]
    /// Manifest and config requests made.
    public var requests: Int
  }

  /// A layer blob not yet fetched.
  public struct PendingLayer: Sendable {
    public var digest: String
    public var size: Int64?
    /// Where the blob goes in the layout's `blobs/sha256`.
    public var file: String
  }

  /// Pulls into `directory` (created; an OCI layout afterwards). `needsLayer(diffID)` says
  /// whether a layer's content is needed; a layer not needed is left out of `blobs/`.
  ///
  /// With `blobCache` (a `blobs/sha256` folder that outlives the pull, `--keep-blobs`), a blob
  /// found there is linked into the layout instead of downloaded, and every blob downloaded
  /// (verified first) is kept there.
  public func pull(
    with client: RegistryClient, into directory: URL, progress: PullProgress? = nil,
    blobCache: URL? = nil, needsLayer: @Sendable (String) -> Bool = { _ in true }
  ) async throws -> Result {
    let prepared = try await prepare(with: client, into: directory, blobCache: blobCache, needsLayer: needsLayer)
    var wanted: [PendingLayer] = []
    for layer in prepared.pending.values where !wanted.contains(where: { $0.file == layer.file }) {
      wanted.append(layer)
    }
    progress?.expect(layers: wanted.count, bytes: wanted.reduce(0) { $0 + ($1.size ?? 0) })
    let name = reference.description
    // Layers download side by side, a few at a time: one slow blob does not hold up the rest.
    let repository = reference.repository
    try await withThrowingTaskGroup(of: Void.self) { group in
      var next = 0
      func launch() {
        let layer = wanted[next]
        next += 1
        group.addTask {
          try await client.downloadBlob(repository, digest: layer.digest, to: layer.file, name: name, progress: progress)
          Self.keepInCache(blobCache, file: layer.file)
          progress?.layerDone()
        }
      }
      while next < wanted.count && next < Self.parallelDownloads { launch() }
      while try await group.next() != nil {
        if next < wanted.count { launch() }
      }
    }
    return Result(manifestDigest: prepared.manifestDigest, layersDownloaded: wanted.count,
                  layersSkipped: prepared.layersSkipped, requests: prepared.requests + wanted.count)
  }

  /// Writes the image's manifest, config and layout files into `directory` (created) and says
  /// which layers are still to fetch: not those `needsLayer(diffID)` declines, nor those found
  /// in `blobCache` (linked into the layout instead).
  public func prepare(
    with client: RegistryClient, into directory: URL, blobCache: URL? = nil,
    needsLayer: @Sendable (String) -> Bool = { _ in true }
  ) async throws -> Prepared {
    let name = reference.description
    let blobs = directory.appendingPathComponent("blobs/sha256", isDirectory: true)
    do {
      try FileManager.default.createDirectory(at: blobs, withIntermediateDirectories: true)
    } catch {
      throw RegistryError.transport(reference: name, detail: "cannot create \(blobs.path): \(error.localizedDescription)")
    }
    var (fetched, requests) = try await resolveManifest(with: client)
    try write(fetched.bytes, digest: fetched.digest, in: blobs)
    let manifest = try decode(ManifestDocument.self, fetched.bytes, what: "the image manifest")
    let configFile = blobs.appendingPathComponent(try hex(manifest.config.digest, name: name)).path
    if !Self.linkFromCache(blobCache, to: configFile) {
      try await client.downloadBlob(reference.repository, digest: manifest.config.digest, to: configFile, name: name)
      Self.keepInCache(blobCache, file: configFile)
      requests += 1
    }
    let config = try decode(
      ConfigDocument.self, try Data(contentsOf: URL(fileURLWithPath: configFile)), what: "the image config")
    let diffIDs = config.rootfs?.diffIDs ?? []
    guard diffIDs.count == manifest.layers.count else {
      throw RegistryError.malformed(
        reference: name,
        detail: "the config lists \(diffIDs.count) diffIDs for \(manifest.layers.count) layers")
    }
    var skipped = Set<String>()
    var pending: [String: PendingLayer] = [:]
    for (layer, diffID) in zip(manifest.layers, diffIDs) {
      guard needsLayer(diffID) else {
        skipped.insert(diffID)
        continue
      }
      let file = blobs.appendingPathComponent(try hex(layer.digest, name: name)).path
      if !FileManager.default.fileExists(atPath: file), !Self.linkFromCache(blobCache, to: file) {
        pending[diffID] = PendingLayer(digest: layer.digest, size: layer.size, file: file)
      }
    }
    try writeLayout(directory, manifest: fetched)
    return Prepared(manifestDigest: fetched.digest, layersSkipped: skipped, pending: pending, requests: requests)
  }

  /// The image manifest for the platform (through an index when the reference names one),
  /// with the number of manifest requests it took.
  func resolveManifest(with client: RegistryClient) async throws -> (FetchedManifest, Int) {
    let name = reference.description
    var requests = 1
    var fetched = try await client.manifest(reference.repository, reference: reference.manifestReference, name: name)
    if Self.schema1Types.contains(fetched.mediaType) {
      throw RegistryError.unsupported(reference: name, detail: "Docker image manifest schema 1 (\(fetched.mediaType)); push the image again with a current client")
    }
    if Self.indexTypes.contains(fetched.mediaType) {
      let index = try decode(IndexDocument.self, fetched.bytes, what: "the image index")
      let images = index.manifests.filter { $0.platform != nil && $0.platform?.architecture != "unknown" }
      guard let chosen = images.first(where: { entry in
        guard let candidate = entry.platform else { return false }
        return platform.accepts(Platform(os: candidate.os, architecture: candidate.architecture, variant: candidate.variant))
      }) else {
        throw RegistryError.noMatchingPlatform(
          reference: name, requested: platform.description,
          available: images.compactMap { $0.platform }.map {
            Platform(os: $0.os, architecture: $0.architecture, variant: $0.variant).description
          })
      }
      fetched = try await client.manifest(reference.repository, reference: chosen.digest, name: name)
      requests += 1
    }
    guard Self.manifestTypes.contains(fetched.mediaType) else {
      throw RegistryError.unsupported(reference: name, detail: "media type '\(fetched.mediaType)' is not an image manifest")
    }
    return (fetched, requests)
  }

  /// What an image is without its layers: the manifest's digest and annotations and the
  /// config's layer diffIDs and creation time (the manifest and config only are fetched).
  public func inspect(with client: RegistryClient) async throws -> ImageMetadata {
    let name = reference.description
    let (fetched, _) = try await resolveManifest(with: client)
    let manifest = try decode(ManifestDocument.self, fetched.bytes, what: "the image manifest")
    let bytes = try await client.smallBlob(reference.repository, digest: manifest.config.digest, name: name)
    let config = try decode(ConfigDocument.self, bytes, what: "the image config")
    return ImageMetadata(
      reference: reference, manifestDigest: fetched.digest, annotations: manifest.annotations ?? [:],
      diffIDs: config.rootfs?.diffIDs ?? [], created: config.created)
  }

  /// Links the cached blob named like `file` into place; false when there is none.
  static func linkFromCache(_ cache: URL?, to file: String) -> Bool {
    guard let cache else { return false }
    let cached = cache.appendingPathComponent((file as NSString).lastPathComponent).path
    return FileManager.default.fileExists(atPath: cached) && (link(cached, file) == 0 || copy(cached, to: file))
  }

  /// Keeps a downloaded (verified) blob in the cache, when there is one.
  static func keepInCache(_ cache: URL?, file: String) {
    guard let cache else { return }
    try? FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
    let cached = cache.appendingPathComponent((file as NSString).lastPathComponent).path
    if !FileManager.default.fileExists(atPath: cached), link(file, cached) != 0 { _ = copy(file, to: cached) }
  }

  /// Copies when a hard link is not possible (another filesystem).
  static func copy(_ source: String, to destination: String) -> Bool {
    (try? FileManager.default.copyItem(atPath: source, toPath: destination)) != nil
  }

  /// Blobs downloaded at once.
  static let parallelDownloads = 4

  static let indexTypes: Set<String> = [
    "application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json",
  ]
  static let manifestTypes: Set<String> = [
    "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json",
  ]
  static let schema1Types: Set<String> = [
    "application/vnd.docker.distribution.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.v1+prettyjws",
  ]

  /// `index.json` naming the manifest (tagged with the reference's tag) and `oci-layout`.
  private func writeLayout(_ directory: URL, manifest: FetchedManifest) throws {
    var descriptor: [String: Any] = [
      "mediaType": manifest.mediaType, "digest": manifest.digest, "size": manifest.bytes.count,
    ]
    if let tag = reference.tag { descriptor["annotations"] = ["org.opencontainers.image.ref.name": tag] }
    let index: [String: Any] = ["schemaVersion": 2, "manifests": [descriptor]]
    do {
      try JSONSerialization.data(withJSONObject: index, options: [.sortedKeys])
        .write(to: directory.appendingPathComponent("index.json"))
      try Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8).write(to: directory.appendingPathComponent("oci-layout"))
    } catch {
      throw RegistryError.transport(reference: reference.description, detail: "cannot write the layout: \(error.localizedDescription)")
    }
  }

  private func write(_ bytes: Data, digest: String, in blobs: URL) throws {
    do {
      try bytes.write(to: blobs.appendingPathComponent(try hex(digest, name: reference.description)))
    } catch let error as RegistryError {
      throw error
    } catch {
      throw RegistryError.transport(reference: reference.description, detail: "cannot write \(digest): \(error.localizedDescription)")
    }
  }

  /// The hex part of a sha256 digest; anything else is refused (it would name a path).
  private func hex(_ digest: String, name: String) throws -> String {
    guard let parsed = Digest(digest) else {
      throw RegistryError.malformed(reference: name, detail: "'\(digest)' is not a sha256 digest")
    }
    return parsed.hex
  }

  private func decode<T: Decodable>(_ type: T.Type, _ bytes: Data, what: String) throws -> T {
    do {
      return try JSONDecoder().decode(T.self, from: bytes)
    } catch {
      throw RegistryError.malformed(reference: reference.description, detail: "\(what) is not valid JSON of its kind: \(error)")
    }
  }

  struct Descriptor: Decodable {
    struct PlatformField: Decodable {
      var os: String
      var architecture: String
      var variant: String?
    }
    var mediaType: String?
    var digest: String
    var size: Int64?
    var platform: PlatformField?
  }

  struct IndexDocument: Decodable { var manifests: [Descriptor] }

  struct ManifestDocument: Decodable {
    var config: Descriptor
    var layers: [Descriptor]
    var annotations: [String: String]?
  }

  struct ConfigDocument: Decodable {
    struct RootFS: Decodable {
      var diffIDs: [String]?
      enum CodingKeys: String, CodingKey { case diffIDs = "diff_ids" }
    }
    var rootfs: RootFS?
    var created: String?
  }
}

/// An image as its manifest and config describe it, without its layers.
public struct ImageMetadata: Sendable {
  public var reference: ImageReference
  /// The digest of the platform's image manifest.
  public var manifestDigest: String
  /// The manifest's annotations (`org.opencontainers.image.base.name`, `….base.digest`).
  public var annotations: [String: String]
  /// The layers' diffIDs, base first.
  public var diffIDs: [String]
  /// The config's `created` time (RFC 3339), when it has one.
  public var created: String?

  /// `created` as a date.
  public var createdDate: Date? {
    guard let created else { return nil }
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let date = formatter.date(from: created) { return date }
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.date(from: created)
  }
}
