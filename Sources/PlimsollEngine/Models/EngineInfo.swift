/// System-wide facts about the engine (`GET /info`): the fields the host checks read.
public struct EngineInfo: Codable, Sendable, Hashable {
  /// Swarm membership of this node.
  public struct Swarm: Codable, Sendable, Hashable {
    /// `inactive`, `pending`, `active`, `error` or `locked`.
    public var localNodeState: String?
    public var nodeID: String?
    public var controlAvailable: Bool?

    enum CodingKeys: String, EngineCodingKey {
      case localNodeState
      case nodeID
      case controlAvailable
    }
  }

  public var id: String?
  /// The host name the engine reports.
  public var name: String?
  public var serverVersion: String?
  /// Security options as `name=seccomp,profile=default` entries (also `name=userns`, `name=rootless`…).
  @OrEmpty public var securityOptions: [String]
  public var swarm: Swarm?
  public var liveRestoreEnabled: Bool?
  /// The storage driver, e.g. `overlay2`.
  public var driver: String?
  public var dockerRootDir: String?
  /// `1` or `2`.
  public var cgroupVersion: String?
  public var cgroupDriver: String?
  public var experimentalBuild: Bool?
  public var operatingSystem: String?
  public var kernelVersion: String?
  public var loggingDriver: String?
  public var containers: Int?
  public var images: Int?

  enum CodingKeys: String, EngineCodingKey {
    case id = "ID"
    case name
    case serverVersion
    case securityOptions
    case swarm
    case liveRestoreEnabled
    case driver
    case dockerRootDir
    case cgroupVersion
    case cgroupDriver
    case experimentalBuild
    case operatingSystem
    case kernelVersion
    case loggingDriver
    case containers
    case images
  }
}
