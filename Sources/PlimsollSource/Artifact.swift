import PlimsollIO
import PlimsollDiagnostics

/// A blob that is not on disk but fetched when opened (a registry layer streamed into the walk).
public protocol RemoteBlobSource: Sendable {
  /// Starts fetching the blob and returns its bytes as they arrive. The stream ends only once
  /// the whole blob has been verified against its digest, and throws otherwise.
  func openStream() throws -> any ByteStream
}

/// Where a blob's bytes live: a whole file, a byte range of an archive, or a remote source.
public struct BlobLocation: Sendable, Hashable {
  public var path: String
  public var offset: Int64
  public var length: Int64?
  /// Name for error messages, e.g. `app.tar:blobs/sha256/ab12…`.
  public var displayName: String
  /// When set, the bytes come from here instead of `path`.
  public var remote: Remote?

  /// A remote source, compared by the digest it serves.
  public struct Remote: Sendable, Hashable {
    public var source: any RemoteBlobSource
    public var digest: Digest

    public init(_ source: any RemoteBlobSource, digest: Digest) {
      self.source = source
      self.digest = digest
    }

    public static func == (lhs: Remote, rhs: Remote) -> Bool { lhs.digest == rhs.digest }
    public func hash(into hasher: inout Hasher) { hasher.combine(digest) }
  }

  public init(path: String, offset: Int64 = 0, length: Int64? = nil, displayName: String) {
    self.path = path
    self.offset = offset
    self.length = length
    self.displayName = displayName
  }

  /// A blob fetched when opened; `length` is its size as the manifest gives it.
  public init(remote: Remote, length: Int64?, displayName: String) {
    self.init(path: "", length: length, displayName: displayName)
    self.remote = remote
  }

  /// Opens the blob for reading.
  public func open() throws -> any ByteStream {
    if let remote { return try remote.source.openStream() }
    return try FileByteStream(path: path, offset: offset, length: length, name: displayName)
  }

  /// Reads a small blob (manifest, config) whole, up to `limit` bytes.
  public func readAll(limit: Int = 16 << 20) throws -> [UInt8] {
    if let length, length > Int64(limit) {
      throw InputError(displayName, "blob of \(length) bytes exceeds the \(limit)-byte limit")
    }
    return try BufferedReader(try open(), name: displayName, capacity: 1 << 16).readAll(limit: limit)
  }
}

/// One layer of an image, in order from the base.
public struct LayerDescriptor: Sendable, Hashable {
  public var index: Int
  /// Digest of the stored blob (compressed or not).
  public var digest: Digest
  /// sha256 of the uncompressed tar, from the config's `rootfs.diff_ids`.
  public var diffID: Digest
  public var mediaType: String
  /// Size of the stored blob.
  public var size: Int64
  /// The history line that made the layer.
  public var createdBy: String?
  public var location: BlobLocation
  /// Whether the stored blob's own digest should be verified (false when only the diffID is
  /// known, as in a legacy docker-archive whose layers are stored uncompressed).
  public var verifyDigest: Bool
}

/// The kind of source an artifact came from.
public enum SourceKind: String, Sendable, Codable {
  case dockerArchive = "docker-archive"
  case ociLayout = "oci"
  case rootfs
  /// Pulled from a registry.
  case registry
  /// Exported from the local Docker engine (`docker:NAME`).
  case engine = "docker"
}

/// A scannable thing: an image with its layers, or a root filesystem directory.
///
/// Every source yields this one model, so later stages never care where bits came from.
public struct Artifact: Sendable {
  /// The target as the user named it.
  public var name: String
  public var kind: SourceKind
  public var tags: [String] = []
  public var manifestDigest: Digest?
  public var configDigest: Digest?
  public var config: ImageConfig?
  public var platform: Platform?
  /// Image layers, base first (empty for a root filesystem).
  public var layers: [LayerDescriptor] = []
  /// The directory scanned, for a root filesystem.
  public var rootDirectory: String?
  /// What went wrong getting the artifact without making it unusable (a registry mirror that
  /// failed, a credential helper that did not answer): reported with the scan's warnings.
  public var warnings: [ScanWarning] = []

}

/// A layer's tar entries, read through checks of the stored blob's digest and the diffID.
///
/// Read entries from `tar`, then call `finish()`: it reads both streams to the very end, so
/// each digest is checked over every byte, and throws naming the layer on a mismatch.
public struct VerifiedLayerTar {
  public let tar: TarReader
  private let tarBytes: BufferedReader
  /// The blob, when it is read on the walk's thread (an uncompressed layer).
  private let compressed: BufferedReader?

  /// Opens `layer`, decompressing at most `maxBytes` (a decompression-bomb guard). A compressed
  /// layer is read and decompressed on a thread of its own, ahead of the walk, which hashes
  /// the diffID as it reads: the work splits about evenly between two cores.
  public init(_ layer: LayerDescriptor, maxBytes: Int64) throws {
    let name = layer.location.displayName
    let blob = HashingStream(try layer.location.open(),
                             expected: layer.verifyDigest ? layer.digest : nil, name: name)
    let compressed = BufferedReader(blob, name: name)
    let format = Compression.detect(try compressed.peek(6))
    var layerBytes = try Compression.decompressing(compressed, maxOutput: maxBytes)
    if format == .none {
      self.compressed = compressed
    } else {
      layerBytes = ByteChannel.prefetch(layerBytes, name: name, after: { try compressed.drain() })
      self.compressed = nil
    }
    tarBytes = BufferedReader(HashingStream(layerBytes, expected: layer.diffID, name: "\(name) (diffID)"), name: name)
    tar = TarReader(tarBytes)
  }

  /// Reads what is left of the tar and of the blob, verifying both digests.
  public func finish() throws {
    try tarBytes.drain()
    try compressed?.drain()
  }
}
