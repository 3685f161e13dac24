import Foundation

/// The image configuration blob (OCI image config / Docker image JSON), the parts scanners use.
public struct ImageConfig: Codable, Sendable, Hashable {
  public var architecture: String?
  public var os: String?
  public var variant: String?
  public var created: String?
  public var config: ContainerConfig?
  public var rootfs: RootFS?
  public var history: [History]?

  /// The runtime defaults of a container started from the image.
  public struct ContainerConfig: Codable, Sendable, Hashable {
    public var user: String?
    public var env: [String]?
    public var cmd: [String]?
    public var entrypoint: [String]?
    public var workingDir: String?
    public var exposedPorts: [String: EmptyObject]?
    public var volumes: [String: EmptyObject]?
    public var labels: [String: String]?
    public var healthcheck: Healthcheck?
    public var stopSignal: String?

    enum CodingKeys: String, CodingKey {
      case user = "User"
      case env = "Env"
      case cmd = "Cmd"
      case entrypoint = "Entrypoint"
      case workingDir = "WorkingDir"
      case exposedPorts = "ExposedPorts"
      case volumes = "Volumes"
      case labels = "Labels"
      case healthcheck = "Healthcheck"
      case stopSignal = "StopSignal"
    }
  }

  /// `HEALTHCHECK` as stored in the config.
  public struct Healthcheck: Codable, Sendable, Hashable {
    public var test: [String]?
    enum CodingKeys: String, CodingKey { case test = "Test" }
  }

  /// The `{}` values of ExposedPorts and Volumes.
  public struct EmptyObject: Codable, Sendable, Hashable {}

  public struct RootFS: Codable, Sendable, Hashable {
    public var type: String?
    public var diffIDs: [String]?
    enum CodingKeys: String, CodingKey {
      case type
      case diffIDs = "diff_ids"
    }
  }

  /// One history entry; `emptyLayer` entries (ENV, CMD…) made no layer.
  public struct History: Codable, Sendable, Hashable {
    public var created: String?
    public var createdBy: String?
    public var comment: String?
    public var emptyLayer: Bool?
    enum CodingKeys: String, CodingKey {
      case created
      case createdBy = "created_by"
      case comment
      case emptyLayer = "empty_layer"
    }
  }

  /// The `created_by` line of each non-empty history entry, in layer order.
  public var layerHistory: [String?] {
    (history ?? []).filter { $0.emptyLayer != true }.map(\.createdBy)
  }

  /// `os/architecture[/variant]`.
  public var platform: Platform? {
    guard let os, let architecture else { return nil }
    return Platform(os: os, architecture: architecture, variant: variant)
  }
}

/// An OS/architecture pair such as `linux/amd64` or `linux/arm64/v8`.
public struct Platform: Codable, Sendable, Hashable, CustomStringConvertible {
  public var os: String
  public var architecture: String
  public var variant: String?

  public init(os: String, architecture: String, variant: String? = nil) {
    self.os = os
    self.architecture = architecture
    self.variant = variant
  }

  /// Parses `linux/amd64` or `linux/arm64/v8`; nil if malformed.
  public init?(_ text: String) {
    let parts = text.split(separator: "/").map(String.init)
    guard parts.count == 2 || parts.count == 3 else { return nil }
    os = parts[0]
    architecture = parts[1]
    variant = parts.count == 3 ? parts[2] : nil
  }

  public var description: String {
    [os, architecture, variant].compactMap { $0 }.joined(separator: "/")
  }

  /// Whether a candidate satisfies this request (a request without variant accepts any).
  public func accepts(_ other: Platform) -> Bool {
    os == other.os && architecture == other.architecture
      && (variant == nil || variant == other.variant)
  }

  /// The default platform scanned: linux/amd64.
  public static let defaultPlatform = Platform(os: "linux", architecture: "amd64")

  enum CodingKeys: String, CodingKey {
    case os
    case architecture
    case variant
  }
}
