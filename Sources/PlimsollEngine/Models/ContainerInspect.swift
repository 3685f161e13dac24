/// A container as the Engine API's inspect endpoint (`GET /containers/{id}/json`) describes it:
/// the fields the runtime checks read.
public struct ContainerInspect: Codable, Sendable, Hashable {
  public var id: String
  /// The name, with the Engine's leading `/`.
  public var name: String
  /// The image id (`sha256:…`).
  public var image: String

  enum CodingKeys: String, CodingKey {
    case id = "Id"
    case name = "Name"
    case image = "Image"
  }
}
