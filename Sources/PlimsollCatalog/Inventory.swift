import PlimsollFindings
public import PlimsollDiagnostics

/// One layer of a scanned image, as reports describe it.
public struct LayerSummary: Codable, Sendable, Hashable {
  public var index: Int
  /// sha256 of the uncompressed layer tar.
  public var diffID: String
  /// Digest of the blob as stored (compressed or not); equals `diffID` for uncompressed blobs.
  public var digest: String
  public var mediaType: String
  /// Size of the stored blob in bytes.
  public var size: Int64
  /// The history `created_by` line.
  public var createdBy: String?

  public init(index: Int, diffID: String, digest: String, mediaType: String, size: Int64,
              createdBy: String? = nil) {
    self.index = index
    self.diffID = diffID
    self.digest = digest
    self.mediaType = mediaType
    self.size = size
    self.createdBy = createdBy
  }
}

/// What was scanned: an image (with its layers) or a root filesystem.
public struct TargetSummary: Codable, Sendable, Hashable {
  /// The target as the user named it (`docker-archive:app.tar`).
  public var name: String
  /// `docker-archive`, `oci`, `rootfs`, `sbom`.
  public var sourceKind: String
  /// Repository tags the image carries (`app:1.0`).
  public var tags: [String]
  /// Digest of the image manifest, where the source has one.
  public var manifestDigest: String?
  /// Digest of the image config blob (the image id).
  public var configDigest: String?
  /// `linux/amd64`.
  public var platform: String?
  public var layers: [LayerSummary]

  public init(name: String, sourceKind: String, tags: [String] = [], manifestDigest: String? = nil,
              configDigest: String? = nil, platform: String? = nil, layers: [LayerSummary] = []) {
    self.name = name
    self.sourceKind = sourceKind
    self.tags = tags
    self.manifestDigest = manifestDigest
    self.configDigest = configDigest
    self.platform = platform
    self.layers = layers
  }
}

/// Everything installed in one target: the input of SBOM writers and the vulnerability matcher.
public struct Inventory: Codable, Sendable {
  public var target: TargetSummary
  public var os: OSRelease?
  /// Packages sorted by type, name, version.
  public var packages: [Package]
  /// Problems met while cataloguing (a malformed stanza skipped, a file too large).
  public var warnings: [ScanWarning]

  public init(target: TargetSummary, os: OSRelease? = nil, packages: [Package] = [],
              warnings: [ScanWarning] = []) {
    self.target = target
    self.os = os
    self.packages = packages
    self.warnings = warnings
  }
}
