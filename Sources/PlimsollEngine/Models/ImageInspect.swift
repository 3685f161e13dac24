/// An image as the Engine API's inspect endpoint (`GET /images/{name}/json`, the JSON of
/// `docker image inspect`) describes it: the fields the image checks read.
public struct ImageInspect: Codable, Sendable, Hashable {
  public var id: String
  public var repoTags: [String]?
  public var repoDigests: [String]
  /// When the image was built (RFC 3339).
  public var created: String?
  public var os: String?
  public var architecture: String?
  /// The configuration containers of this image start with (`Config`).
  public var config: ContainerInspect.Config

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

  /// Decodes an image from the Engine's JSON; a `null` `Config` decodes as an empty one.
  public init(from decoder: any Decoder) throws {
    let values = try decoder.container(keyedBy: CodingKeys.self)
    id = try values.decode(String.self, forKey: .id)
    repoTags = try values.decodeIfPresent([String].self, forKey: .repoTags)
    repoDigests = try values.inspectList(.repoDigests)
    created = try values.decodeIfPresent(String.self, forKey: .created)
    os = try values.decodeIfPresent(String.self, forKey: .os)
    architecture = try values.decodeIfPresent(String.self, forKey: .architecture)
    config =
      try values.decodeIfPresent(ContainerInspect.Config.self, forKey: .config)
      ?? ContainerInspect.Config()
  }

  /// The first tag (`name:tag`), else the id: how a user names this image.
  public var displayName: String {
    repoTags?.first(where: { $0 != "<none>:<none>" }) ?? id
  }

  enum CodingKeys: String, CodingKey {
    case id = "Id"
    case repoTags = "RepoTags"
    case repoDigests = "RepoDigests"
    case created = "Created"
    case os = "Os"
    case architecture = "Architecture"
    case config = "Config"
  }
}
