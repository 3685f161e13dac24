/// A container as the Engine API's inspect endpoint (`GET /containers/{id}/json`, the JSON of
/// `docker inspect`) describes it: the fields the runtime checks read.
///
/// Lists and maps the Engine sends as `null` decode as empty; scalars it may omit are optional.
public struct ContainerInspect: Codable, Sendable, Hashable {
  public var id: String
  /// The name, with the Engine's leading `/`.
  public var name: String
  /// The image id (`sha256:…`).
  public var image: String
  /// When the container was created (RFC 3339).
  public var created: String?
  /// The program the container runs (`Path`) and its arguments (`Args`).
  public var path: String?
  @OrEmpty public var args: [String]
  public var state: State?
  /// The AppArmor profile applied (empty when none, `unconfined` when disabled).
  public var appArmorProfile: String?
  /// The SELinux process and mount labels (empty when SELinux is off).
  public var processLabel: String?
  public var mountLabel: String?
  /// Exec instances the Engine still knows of for this container.
  @OrEmpty public var execIDs: [String]
  @OrEmpty public var hostConfig: HostConfig
  @OrEmpty public var mounts: [Mount]
  @OrEmpty public var config: Config
  public var networkSettings: NetworkSettings?

  /// Builds a value from its fields (for tests and callers that assemble one).
  public init(
    id: String, name: String, image: String, created: String? = nil, path: String? = nil,
    args: [String] = [], state: State? = nil, appArmorProfile: String? = nil,
    processLabel: String? = nil, mountLabel: String? = nil, execIDs: [String] = [],
    hostConfig: HostConfig = HostConfig(), mounts: [Mount] = [], config: Config = Config(),
    networkSettings: NetworkSettings? = nil
  ) {
    self.id = id
    self.name = name
    self.image = image
    self.created = created
    self.path = path
    self.args = args
    self.state = state
    self.appArmorProfile = appArmorProfile
    self.processLabel = processLabel
    self.mountLabel = mountLabel
    self.execIDs = execIDs
    self.hostConfig = hostConfig
    self.mounts = mounts
    self.config = config
    self.networkSettings = networkSettings
  }

  /// The name without the Engine's leading `/`.
  public var displayName: String {
    name.hasPrefix("/") ? String(name.dropFirst()) : name
  }

  enum CodingKeys: String, EngineCodingKey {
    case id
    case name
    case image
    case created
    case path
    case args
    case state
    case appArmorProfile
    case processLabel
    case mountLabel
    case execIDs
    case hostConfig
    case mounts
    case config
    case networkSettings
  }
}

extension ContainerInspect {
  /// The container's run state (`State`).
  public struct State: Codable, Sendable, Hashable {
    /// `created`, `running`, `paused`, `restarting`, `removing`, `exited` or `dead`.
    public var status: String?
    @OrEmpty public var running: Bool
    /// The host process id of the container's first process (0 when not running).
    public var pid: Int?
    /// The health check's state; `nil` when the container has no health check.
    public var health: Health?

    enum CodingKeys: String, EngineCodingKey {
      case status
      case running
      case pid
      case health
    }
  }

  /// A health check's current state (`State.Health`).
  public struct Health: Codable, Sendable, Hashable {
    /// `starting`, `healthy`, `unhealthy` or `none`.
    public var status: String?
    public var failingStreak: Int?

    enum CodingKeys: String, EngineCodingKey {
      case status
      case failingStreak
    }
  }

  /// How the container was started (`HostConfig`): privileges, namespaces, limits, mounts.
  public struct HostConfig: Codable, Sendable, Hashable {
    @OrEmpty public var privileged: Bool
    /// Capabilities added and dropped, as given (`SYS_ADMIN` or `CAP_SYS_ADMIN`, `ALL`).
    @OrEmpty public var capAdd: [String]
    @OrEmpty public var capDrop: [String]
    /// Security options such as `seccomp=unconfined`, `no-new-privileges`, `label=disable`.
    @OrEmpty public var securityOpt: [String]
    @OrEmpty public var readonlyRootfs: Bool
    /// Memory limit and soft limit in bytes (0 = unlimited).
    @OrEmpty public var memory: Int64
    @OrEmpty public var memoryReservation: Int64
    /// CPU limit in billionths of a CPU (`--cpus`), relative weight, quota per period.
    @OrEmpty public var nanoCpus: Int64
    @OrEmpty public var cpuShares: Int64
    @OrEmpty public var cpuQuota: Int64
    @OrEmpty public var cpusetCpus: String
    /// Process limit; `nil`, 0 or -1 mean unlimited.
    public var pidsLimit: Int64?
    /// `default`, `bridge`, `host`, `none`, `container:<id>` or a network's name.
    @OrEmpty public var networkMode: String
    /// Namespace modes: `host` shares the host's namespace.
    @OrEmpty public var pidMode: String
    @OrEmpty public var ipcMode: String
    @OrEmpty public var utsMode: String
    @OrEmpty public var usernsMode: String
    @OrEmpty public var cgroupParent: String
    @OrEmpty public var devices: [DeviceMapping]
    @OrEmpty public var ulimits: [Ulimit]
    public var restartPolicy: RestartPolicy?
    /// Ports to publish as configured (`-p`), keyed `80/tcp`.
    @EngineField<PortMapField> public var portBindings: [String: [PortBinding]]
    @OrEmpty public var publishAllPorts: Bool
    /// Bind mounts as given (`/host:/container:ro`).
    @OrEmpty public var binds: [String]

    /// Builds a value from its fields (for tests and callers that assemble one).
    public init(
      privileged: Bool = false, capAdd: [String] = [], capDrop: [String] = [],
      securityOpt: [String] = [], readonlyRootfs: Bool = false, memory: Int64 = 0,
      memoryReservation: Int64 = 0, nanoCpus: Int64 = 0, cpuShares: Int64 = 0,
      cpuQuota: Int64 = 0, cpusetCpus: String = "", pidsLimit: Int64? = nil,
      networkMode: String = "", pidMode: String = "", ipcMode: String = "",
      utsMode: String = "", usernsMode: String = "", cgroupParent: String = "",
      devices: [DeviceMapping] = [], ulimits: [Ulimit] = [], restartPolicy: RestartPolicy? = nil,
      portBindings: [String: [PortBinding]] = [:], publishAllPorts: Bool = false,
      binds: [String] = []
    ) {
      self.privileged = privileged
      self.capAdd = capAdd
      self.capDrop = capDrop
      self.securityOpt = securityOpt
      self.readonlyRootfs = readonlyRootfs
      self.memory = memory
      self.memoryReservation = memoryReservation
      self.nanoCpus = nanoCpus
      self.cpuShares = cpuShares
      self.cpuQuota = cpuQuota
      self.cpusetCpus = cpusetCpus
      self.pidsLimit = pidsLimit
      self.networkMode = networkMode
      self.pidMode = pidMode
      self.ipcMode = ipcMode
      self.utsMode = utsMode
      self.usernsMode = usernsMode
      self.cgroupParent = cgroupParent
      self.devices = devices
      self.ulimits = ulimits
      self.restartPolicy = restartPolicy
      self.portBindings = portBindings
      self.publishAllPorts = publishAllPorts
      self.binds = binds
    }

    enum CodingKeys: String, EngineCodingKey {
      case privileged
      case capAdd
      case capDrop
      case securityOpt
      case readonlyRootfs
      case memory
      case memoryReservation
      case nanoCpus
      case cpuShares
      case cpuQuota
      case cpusetCpus
      case pidsLimit
      case networkMode
      case pidMode
      case ipcMode
      case utsMode = "UTSMode"
      case usernsMode
      case cgroupParent
      case devices
      case ulimits
      case restartPolicy
      case portBindings
      case publishAllPorts
      case binds
    }
  }

  /// A host device given to the container (`--device`).
  public struct DeviceMapping: Codable, Sendable, Hashable {
    @OrEmpty public var pathOnHost: String
    @OrEmpty public var pathInContainer: String
    /// `r`, `w` and `m` (mknod) as allowed by the device cgroup.
    @OrEmpty public var cgroupPermissions: String

    enum CodingKeys: String, EngineCodingKey {
      case pathOnHost
      case pathInContainer
      case cgroupPermissions
    }
  }

  /// A resource limit set for the container (`--ulimit nofile=1024:2048`).
  public struct Ulimit: Codable, Sendable, Hashable {
    public var name: String
    public var soft: Int64
    public var hard: Int64

    enum CodingKeys: String, EngineCodingKey {
      case name
      case soft
      case hard
    }
  }

  /// When the Engine restarts the container (`--restart`).
  public struct RestartPolicy: Codable, Sendable, Hashable {
    /// `""`/`no`, `always`, `unless-stopped` or `on-failure`.
    @OrEmpty public var name: String
    /// The retry limit of `on-failure` (0 = unlimited).
    @OrEmpty public var maximumRetryCount: Int

    /// Builds a value from its fields (for tests and callers that assemble one).
    public init(name: String, maximumRetryCount: Int = 0) {
      self.name = name
      self.maximumRetryCount = maximumRetryCount
    }

    enum CodingKeys: String, EngineCodingKey {
      case name
      case maximumRetryCount
    }
  }

  /// One host address and port a container port is published on.
  public struct PortBinding: Codable, Sendable, Hashable {
    /// The host address; empty means every interface.
    @OrEmpty public var hostIP: String
    /// The host port; empty means one the Engine picks.
    @OrEmpty public var hostPort: String

    enum CodingKeys: String, EngineCodingKey {
      case hostIP = "HostIp"
      case hostPort
    }
  }

  /// One mount of the container (`Mounts`): bind mount, volume or tmpfs.
  public struct Mount: Codable, Sendable, Hashable {
    /// `bind`, `volume`, `tmpfs`, `npipe` or `cluster`.
    @OrEmpty public var type: String
    /// The volume's name, for volumes.
    public var name: String?
    /// The host path (for a volume, its directory on the host).
    @OrEmpty public var source: String
    @OrEmpty public var destination: String
    /// Whether the container may write to it.
    @OrEmpty public var rw: Bool
    /// Bind propagation: `rprivate`, `private`, `rshared`, `shared`, `rslave`, `slave` or empty.
    @OrEmpty public var propagation: String

    /// Builds a value from its fields (for tests and callers that assemble one).
    public init(
      type: String = "bind", name: String? = nil, source: String, destination: String,
      rw: Bool = true, propagation: String = ""
    ) {
      self.type = type
      self.name = name
      self.source = source
      self.destination = destination
      self.rw = rw
      self.propagation = propagation
    }

    enum CodingKeys: String, EngineCodingKey {
      case type
      case name
      case source
      case destination
      case rw = "RW"
      case propagation
    }
  }

  /// The container's (or an image's) configuration (`Config`): user, command, environment.
  public struct Config: Codable, Sendable, Hashable {
    /// The user the process runs as (`name`, `uid`, `uid:gid`); empty means root.
    @OrEmpty public var user: String
    public var healthcheck: Healthcheck?
    /// The image as the user named it (`nginx:1.27`), for containers.
    @OrEmpty public var image: String
    /// `NAME=value` entries.
    @OrEmpty public var env: [String]
    @OrEmpty public var labels: [String: String]
    /// Exposed ports keyed `22/tcp`.
    @OrEmpty public var exposedPorts: [String: Empty]
    @EngineField<CommandLineField> public var cmd: [String]
    @EngineField<CommandLineField> public var entrypoint: [String]

    /// Builds a value from its fields (for tests and callers that assemble one).
    public init(
      user: String = "", healthcheck: Healthcheck? = nil, image: String = "", env: [String] = [],
      labels: [String: String] = [:], exposedPorts: [String: Empty] = [:], cmd: [String] = [],
      entrypoint: [String] = []
    ) {
      self.user = user
      self.healthcheck = healthcheck
      self.image = image
      self.env = env
      self.labels = labels
      self.exposedPorts = exposedPorts
      self.cmd = cmd
      self.entrypoint = entrypoint
    }

    /// The exposed ports (`22/tcp`), sorted.
    public var exposedPortNames: [String] { exposedPorts.keys.sorted() }

    enum CodingKeys: String, EngineCodingKey {
      case user
      case healthcheck
      case image
      case env
      case labels
      case exposedPorts
      case cmd
      case entrypoint
    }
  }

  /// The Engine's `{}` set member (the values of `ExposedPorts`).
  public struct Empty: Codable, Sendable, Hashable {
    /// The empty object.
    public init() {}
  }

  /// A configured health check (`Config.Healthcheck`, from `HEALTHCHECK` or `--health-cmd`).
  public struct Healthcheck: Codable, Sendable, Hashable {
    /// `["NONE"]` disables; `["CMD", …]` or `["CMD-SHELL", "…"]` runs a command; empty
    /// inherits the image's.
    @OrEmpty public var test: [String]
    /// Durations in nanoseconds (0 = inherited default).
    public var interval: Int64?
    public var timeout: Int64?
    public var retries: Int?

    /// Builds a value from its fields (for tests and callers that assemble one).
    public init(test: [String], interval: Int64? = nil, timeout: Int64? = nil, retries: Int? = nil)
    {
      self.test = test
      self.interval = interval
      self.timeout = timeout
      self.retries = retries
    }

    /// Whether this configures a command that runs (not `NONE`, not empty).
    public var runsCommand: Bool {
      guard let first = test.first else { return false }
      return first != "NONE"
    }

    enum CodingKeys: String, EngineCodingKey {
      case test
      case interval
      case timeout
      case retries
    }
  }

  /// The container's network state (`NetworkSettings`): the ports actually published.
  public struct NetworkSettings: Codable, Sendable, Hashable {
    /// Published ports keyed `80/tcp`; an exposed but unpublished port has no bindings.
    @EngineField<PortMapField> public var ports: [String: [PortBinding]]
    /// Names of the networks the container is attached to.
    @OrEmpty public var networks: [String: Empty]

    enum CodingKeys: String, EngineCodingKey {
      case ports
      case networks
    }
  }
}

extension ContainerInspect.HostConfig: EngineEmptyValue {
  /// The Engine's defaults: no privileges, limits, namespaces or mounts configured.
  public static var engineEmpty: Self { Self() }
}

extension ContainerInspect.Config: EngineEmptyValue {
  /// The Engine's defaults: no user, image, environment or command configured.
  public static var engineEmpty: Self { Self() }
}
