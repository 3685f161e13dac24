/// One row of the image list (`GET /images/json`).
public struct ImageSummary: Codable, Sendable, Hashable {
  /// The image id (`sha256:…`).
  public var id: String
  public var parentID: String?
  @OrEmpty public var repoTags: [String]
  @OrEmpty public var repoDigests: [String]
  public var created: Int64?
  public var size: Int64?
  @OrEmpty public var labels: [String: String]

  enum CodingKeys: String, EngineCodingKey {
    case id
    case parentID = "ParentId"
    case repoTags
    case repoDigests
    case created
    case size
    case labels
  }
}
