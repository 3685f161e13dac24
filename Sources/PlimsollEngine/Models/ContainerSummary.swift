/// One row of the container list (`GET /containers/json`).
public struct ContainerSummary: Codable, Sendable, Hashable {
  public var id: String
  /// Names with the Engine's leading `/`.
  @OrEmpty public var names: [String]
  /// The image as the container was created from it (a name or an id).
  @OrEmpty public var image: String
  public var imageID: String?
  public var command: String?
  public var created: Int64?
  /// `created`, `running`, `paused`, `restarting`, `removing`, `exited` or `dead`.
  public var state: String?
  /// Human-readable status, e.g. `Up 2 minutes`.
  public var status: String?

  enum CodingKeys: String, EngineCodingKey {
    case id
    case names
    case image
    case imageID
    case command
    case created
    case state
    case status
  }
}
