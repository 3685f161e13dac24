/// One step of an image's history (`GET /images/{name}/history`), newest first.
public struct ImageHistoryEntry: Codable, Sendable, Hashable {
  /// The image id of this step, or `<missing>` for steps built elsewhere.
  public var id: String
  /// Seconds since the epoch.
  public var created: Int64?
  /// The instruction that made this step (`/bin/sh -c …`, `RUN …`).
  public var createdBy: String
  public var tags: [String]
  /// Bytes the step added (0 for metadata-only steps).
  public var size: Int64
  public var comment: String

  enum CodingKeys: String, CodingKey {
    case id = "Id"
    case created = "Created"
    case createdBy = "CreatedBy"
    case tags = "Tags"
    case size = "Size"
    case comment = "Comment"
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    id = try container.decodeIfPresent(String.self, forKey: .id) ?? ""
    created = try container.decodeIfPresent(Int64.self, forKey: .created)
    createdBy = try container.decodeIfPresent(String.self, forKey: .createdBy) ?? ""
    tags = try container.decodeIfPresent([String].self, forKey: .tags) ?? []
    size = try container.decodeIfPresent(Int64.self, forKey: .size) ?? 0
    comment = try container.decodeIfPresent(String.self, forKey: .comment) ?? ""
  }
}
