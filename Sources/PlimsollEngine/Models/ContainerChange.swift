/// One entry of the Engine API's container changes list (`GET /containers/{id}/changes`).
public struct ContainerChange: Codable, Sendable, Hashable {
  /// What happened to a path in the container's writable layer.
  public enum Kind: Int, Codable, Sendable, Hashable {
    case modified = 0
    case added = 1
    case deleted = 2
  }

  /// The absolute path inside the container.
  public var path: String
  public var kind: Kind

  public init(path: String, kind: Kind) {
    self.path = path
    self.kind = kind
  }

  enum CodingKeys: String, EngineCodingKey {
    case path
    case kind
  }
}
