/// One row of the image list (`GET /images/json`).
public struct ImageSummary: Codable, Sendable, Hashable {
  /// The image id (`sha256:…`).
  public var id: String
  public var parentID: String?
  public var repoTags: [String]
  public var repoDigests: [String]
  public var created: Int64?
  public var size: Int64?
  public var labels: [String: String]

  enum CodingKeys: String, CodingKey {
    case id = "Id"
    case parentID = "ParentId"
    case repoTags = "RepoTags"
    case repoDigests = "RepoDigests"
    case created = "Created"
    case size = "Size"
    case labels = "Labels"
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    id = try container.decode(String.self, forKey: .id)
    parentID = try container.decodeIfPresent(String.self, forKey: .parentID)
    repoTags = try container.decodeIfPresent([String].self, forKey: .repoTags) ?? []
    repoDigests = try container.decodeIfPresent([String].self, forKey: .repoDigests) ?? []
    created = try container.decodeIfPresent(Int64.self, forKey: .created)
    size = try container.decodeIfPresent(Int64.self, forKey: .size)
    labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
  }
}
