/// An image as the Engine API's inspect endpoint (`GET /images/{name}/json`) describes it:
/// the fields the image checks read.
public struct ImageInspect: Codable, Sendable, Hashable {
  public var id: String
  public var repoTags: [String]?

  enum CodingKeys: String, CodingKey {
    case id = "Id"
    case repoTags = "RepoTags"
  }
}
