/// One step of an image's history (`GET /images/{name}/history`), newest first.
public struct ImageHistoryEntry: Codable, Sendable, Hashable {
  /// The image id of this step, or `<missing>` for steps built elsewhere.
  @OrEmpty public var id: String
  /// Seconds since the epoch.
  public var created: Int64?
  /// The instruction that made this step (`/bin/sh -c …`, `RUN …`).
  @OrEmpty public var createdBy: String
  @OrEmpty public var tags: [String]
  /// Bytes the step added (0 for metadata-only steps).
  @OrEmpty public var size: Int64
  @OrEmpty public var comment: String

  enum CodingKeys: String, EngineCodingKey {
    case id
    case created
    case createdBy
    case tags
    case size
    case comment
  }
}
