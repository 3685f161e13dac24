/// System-wide facts about the engine (`GET /info`): the fields the host checks read.
public struct EngineInfo: Codable, Sendable, Hashable {
  /// Swarm membership of this node.
  public struct Swarm: Codable, Sendable, Hashable {
    /// `inactive`, `pending`, `active`, `error` or `locked`.
    public var localNodeState: String?
    public var nodeID: String?
    public var controlAvailable: Bool?

    enum CodingKeys: String, CodingKey {
      case localNodeState = "LocalNodeState"
      case nodeID = "NodeID"
      case controlAvailable = "ControlAvailable"
    }
  }

  public var id: String?
  /// The host name the engine reports.
  public var name: String?
  public var serverVersion: String?
  /// Security options as `name=seccomp,profile=default` entries (also `name=userns`, `name=rootless`…).
  public var securityOptions: [String]
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

  enum CodingKeys: String, CodingKey {
    case id = "ID"
    case name = "Name"
    case serverVersion = "ServerVersion"
    case securityOptions = "SecurityOptions"
    case swarm = "Swarm"
    case liveRestoreEnabled = "LiveRestoreEnabled"
    case driver = "Driver"
    case dockerRootDir = "DockerRootDir"
    case cgroupVersion = "CgroupVersion"
    case cgroupDriver = "CgroupDriver"
    case experimentalBuild = "ExperimentalBuild"
    case operatingSystem = "OperatingSystem"
    case kernelVersion = "KernelVersion"
    case loggingDriver = "LoggingDriver"
    case containers = "Containers"
    case images = "Images"
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    id = try container.decodeIfPresent(String.self, forKey: .id)
    name = try container.decodeIfPresent(String.self, forKey: .name)
    serverVersion = try container.decodeIfPresent(String.self, forKey: .serverVersion)
    securityOptions = try container.decodeIfPresent([String].self, forKey: .securityOptions) ?? []
    swarm = try container.decodeIfPresent(Swarm.self, forKey: .swarm)
    liveRestoreEnabled = try container.decodeIfPresent(Bool.self, forKey: .liveRestoreEnabled)
    driver = try container.decodeIfPresent(String.self, forKey: .driver)
    dockerRootDir = try container.decodeIfPresent(String.self, forKey: .dockerRootDir)
    cgroupVersion = try container.decodeIfPresent(String.self, forKey: .cgroupVersion)
    cgroupDriver = try container.decodeIfPresent(String.self, forKey: .cgroupDriver)
    experimentalBuild = try container.decodeIfPresent(Bool.self, forKey: .experimentalBuild)
    operatingSystem = try container.decodeIfPresent(String.self, forKey: .operatingSystem)
    kernelVersion = try container.decodeIfPresent(String.self, forKey: .kernelVersion)
    loggingDriver = try container.decodeIfPresent(String.self, forKey: .loggingDriver)
    containers = try container.decodeIfPresent(Int.self, forKey: .containers)
    images = try container.decodeIfPresent(Int.self, forKey: .images)
  }
}
