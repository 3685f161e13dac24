/// An image as the Engine API's inspect endpoint (`GET /images/{name}/json`, the JSON of
/// `docker image inspect`) describes it: the fields the image checks read.
public struct ImageInspect: Codable, Sendable, Hashable {
  public var id: String
  public var repoTags: [String]?
  @OrEmpty public var repoDigests: [String]
  /// When the image was built (RFC 3339).
  public var created: String?
  public var os: String?
  public var architecture: String?
  /// The configuration containers of this image start with (`Config`).
  @OrEmpty public var config: ContainerInspect.Config

  /// Builds a value from its fields (for tests and callers that assemble one).
  public init(
    id: String, repoTags: [String]? = nil, repoDigests: [String] = [], created: String? = nil,
    os: String? = nil, architecture: String? = nil,
    config: ContainerInspect.Config = ContainerInspect.Config()
  ) {
    self.id = id
    self.repoTags = repoTags
    self.repoDigests = repoDigests
    self.created = created
    self.os = os
    self.architecture = architecture
    self.config = config
  }

  /// The first tag (`name:tag`), else the id: how a user names this image.
  public var displayName: String {
    repoTags?.first(where: { $0 != "<none>:<none>" }) ?? id
  }

  enum CodingKeys: String, EngineCodingKey {
    case id
    case repoTags
    case repoDigests
    case created
    case os
    case architecture
    case config
  }
}
