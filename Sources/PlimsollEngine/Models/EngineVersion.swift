/// The engine's version report (`GET /version`).
public struct EngineVersion: Codable, Sendable, Hashable {
  /// The engine release, e.g. `20.10.24+dfsg1`.
  public var version: String
  /// The newest API version the engine speaks, e.g. `1.41`.
  public var apiVersion: String
  /// The oldest API version the engine accepts.
  public var minAPIVersion: String?
  public var os: String?
  public var arch: String?
  public var kernelVersion: String?
  public var goVersion: String?
  public var gitCommit: String?
  public var buildTime: String?
  /// Whether the engine runs with experimental features.
  public var experimental: Bool?

  enum CodingKeys: String, EngineCodingKey {
    case version
    case apiVersion
    case minAPIVersion
    case os
    case arch
    case kernelVersion
    case goVersion
    case gitCommit
    case buildTime
    case experimental
  }
}
