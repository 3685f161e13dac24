/// One row of the container list (`GET /containers/json`).
public struct ContainerSummary: Codable, Sendable, Hashable {
  public var id: String
  /// Names with the Engine's leading `/`.
  public var names: [String]
  /// The image as the container was created from it (a name or an id).
  public var image: String
  public var imageID: String?
  public var command: String?
  public var created: Int64?
  /// `created`, `running`, `paused`, `restarting`, `removing`, `exited` or `dead`.
  public var state: String?
  /// Human-readable status, e.g. `Up 2 minutes`.
  public var status: String?

  enum CodingKeys: String, CodingKey {
    case id = "Id"
    case names = "Names"
    case image = "Image"
    case imageID = "ImageID"
    case command = "Command"
    case created = "Created"
    case state = "State"
    case status = "Status"
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    id = try container.decode(String.self, forKey: .id)
    names = try container.decodeIfPresent([String].self, forKey: .names) ?? []
    image = try container.decodeIfPresent(String.self, forKey: .image) ?? ""
    imageID = try container.decodeIfPresent(String.self, forKey: .imageID)
    command = try container.decodeIfPresent(String.self, forKey: .command)
    created = try container.decodeIfPresent(Int64.self, forKey: .created)
    state = try container.decodeIfPresent(String.self, forKey: .state)
    status = try container.decodeIfPresent(String.self, forKey: .status)
  }
}
