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
  public var args: [String]
  public var state: State?
  /// The AppArmor profile applied (empty when none, `unconfined` when disabled).
  public var appArmorProfile: String?
  /// The SELinux process and mount labels (empty when SELinux is off).
  public var processLabel: String?
  public var mountLabel: String?
  /// Exec instances the Engine still knows of for this container.
  public var execIDs: [String]
  public var hostConfig: HostConfig
  public var mounts: [Mount]
  public var config: Config
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

  /// Decodes a container from the Engine's JSON; a missing `HostConfig` or `Config` decodes as
  /// the Engine's defaults.
  public init(from decoder: any Decoder) throws {
    let values = try decoder.container(keyedBy: CodingKeys.self)
    id = try values.decode(String.self, forKey: .id)
    name = try values.decode(String.self, forKey: .name)
    image = try values.decode(String.self, forKey: .image)
    created = try values.decodeIfPresent(String.self, forKey: .created)
    path = try values.decodeIfPresent(String.self, forKey: .path)
    args = try values.inspectList(.args)
    state = try values.decodeIfPresent(State.self, forKey: .state)
    appArmorProfile = try values.decodeIfPresent(String.self, forKey: .appArmorProfile)
    processLabel = try values.decodeIfPresent(String.self, forKey: .processLabel)
    mountLabel = try values.decodeIfPresent(String.self, forKey: .mountLabel)
    execIDs = try values.inspectList(.execIDs)
    hostConfig = try values.decodeIfPresent(HostConfig.self, forKey: .hostConfig) ?? HostConfig()
    mounts = try values.inspectList(.mounts)
    config = try values.decodeIfPresent(Config.self, forKey: .config) ?? Config()
    networkSettings = try values.decodeIfPresent(NetworkSettings.self, forKey: .networkSettings)
  }

  /// The name without the Engine's leading `/`.
  public var displayName: String {
    name.hasPrefix("/") ? String(name.dropFirst()) : name
  }

  enum CodingKeys: String, CodingKey {
    case id = "Id"
    case name = "Name"
    case image = "Image"
    case created = "Created"
    case path = "Path"
    case args = "Args"
    case state = "State"
    case appArmorProfile = "AppArmorProfile"
    case processLabel = "ProcessLabel"
    case mountLabel = "MountLabel"
    case execIDs = "ExecIDs"
    case hostConfig = "HostConfig"
    case mounts = "Mounts"
    case config = "Config"
    case networkSettings = "NetworkSettings"
  }
}

extension ContainerInspect {
  /// The container's run state (`State`).
  public struct State: Codable, Sendable, Hashable {
    /// `created`, `running`, `paused`, `restarting`, `removing`, `exited` or `dead`.
    public var status: String?
    public var running: Bool
    /// The host process id of the container's first process (0 when not running).
    public var pid: Int?
    /// The health check's state; `nil` when the container has no health check.
    public var health: Health?

    /// Builds a value from its fields (for tests and callers that assemble one).
    public init(
      status: String? = nil, running: Bool = false, pid: Int? = nil,
      health: Health? = nil
    ) {
      self.status = status
      self.running = running
      self.pid = pid
      self.health = health
    }

    /// Decodes the Engine's JSON; a missing or `null` list, map or flag decodes as empty.
    public init(from decoder: any Decoder) throws {
      let values = try decoder.container(keyedBy: CodingKeys.self)
      status = try values.decodeIfPresent(String.self, forKey: .status)
      running = try values.decodeIfPresent(Bool.self, forKey: .running) ?? false
      pid = try values.decodeIfPresent(Int.self, forKey: .pid)
      health = try values.decodeIfPresent(Health.self, forKey: .health)
    }

    enum CodingKeys: String, CodingKey {
      case status = "Status"
      case running = "Running"
      case pid = "Pid"
      case health = "Health"
    }
  }

  /// A health check's current state (`State.Health`).
  public struct Health: Codable, Sendable, Hashable {
    /// `starting`, `healthy`, `unhealthy` or `none`.
    public var status: String?
    public var failingStreak: Int?

    /// Builds a value from its fields (for tests and callers that assemble one).
    public init(status: String? = nil, failingStreak: Int? = nil) {
      self.status = status
      self.failingStreak = failingStreak
    }

    enum CodingKeys: String, CodingKey {
      case status = "Status"
      case failingStreak = "FailingStreak"
    }
  }

  /// How the container was started (`HostConfig`): privileges, namespaces, limits, mounts.
  public struct HostConfig: Codable, Sendable, Hashable {
    public var privileged: Bool
    /// Capabilities added and dropped, as given (`SYS_ADMIN` or `CAP_SYS_ADMIN`, `ALL`).
    public var capAdd: [String]
    public var capDrop: [String]
    /// Security options such as `seccomp=unconfined`, `no-new-privileges`, `label=disable`.
    public var securityOpt: [String]
    public var readonlyRootfs: Bool
    /// Memory limit and soft limit in bytes (0 = unlimited).
    public var memory: Int64
    public var memoryReservation: Int64
    /// CPU limit in billionths of a CPU (`--cpus`), relative weight, quota per period.
    public var nanoCpus: Int64
    public var cpuShares: Int64
    public var cpuQuota: Int64
    public var cpusetCpus: String
    /// Process limit; `nil`, 0 or -1 mean unlimited.
    public var pidsLimit: Int64?
    /// `default`, `bridge`, `host`, `none`, `container:<id>` or a network's name.
    public var networkMode: String
    /// Namespace modes: `host` shares the host's namespace.
    public var pidMode: String
    public var ipcMode: String
    public var utsMode: String
    public var usernsMode: String
    public var cgroupParent: String
    public var devices: [DeviceMapping]
    public var ulimits: [Ulimit]
    public var restartPolicy: RestartPolicy?
    /// Ports to publish as configured (`-p`), keyed `80/tcp`.
    public var portBindings: [String: [PortBinding]]
    public var publishAllPorts: Bool
    /// Bind mounts as given (`/host:/container:ro`).
    public var binds: [String]

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

    /// Decodes the Engine's JSON; a missing or `null` list, map or flag decodes as empty.
    public init(from decoder: any Decoder) throws {
      let values = try decoder.container(keyedBy: CodingKeys.self)
      func flag(_ key: CodingKeys) throws -> Bool {
        try values.decodeIfPresent(Bool.self, forKey: key) ?? false
      }
      func number(_ key: CodingKeys) throws -> Int64 {
        try values.decodeIfPresent(Int64.self, forKey: key) ?? 0
      }
      func text(_ key: CodingKeys) throws -> String {
        try values.decodeIfPresent(String.self, forKey: key) ?? ""
      }
      privileged = try flag(.privileged)
      capAdd = try values.inspectList(.capAdd)
      capDrop = try values.inspectList(.capDrop)
      securityOpt = try values.inspectList(.securityOpt)
      readonlyRootfs = try flag(.readonlyRootfs)
      memory = try number(.memory)
      memoryReservation = try number(.memoryReservation)
      nanoCpus = try number(.nanoCpus)
      cpuShares = try number(.cpuShares)
      cpuQuota = try number(.cpuQuota)
      cpusetCpus = try text(.cpusetCpus)
      pidsLimit = try values.decodeIfPresent(Int64.self, forKey: .pidsLimit)
      networkMode = try text(.networkMode)
      pidMode = try text(.pidMode)
      ipcMode = try text(.ipcMode)
      utsMode = try text(.utsMode)
      usernsMode = try text(.usernsMode)
      cgroupParent = try text(.cgroupParent)
      devices = try values.inspectList(.devices)
      ulimits = try values.inspectList(.ulimits)
      restartPolicy = try values.decodeIfPresent(RestartPolicy.self, forKey: .restartPolicy)
      portBindings = try values.inspectPorts(.portBindings)
      publishAllPorts = try flag(.publishAllPorts)
      binds = try values.inspectList(.binds)
    }

    enum CodingKeys: String, CodingKey {
      case privileged = "Privileged"
      case capAdd = "CapAdd"
      case capDrop = "CapDrop"
      case securityOpt = "SecurityOpt"
      case readonlyRootfs = "ReadonlyRootfs"
      case memory = "Memory"
      case memoryReservation = "MemoryReservation"
      case nanoCpus = "NanoCpus"
      case cpuShares = "CpuShares"
      case cpuQuota = "CpuQuota"
      case cpusetCpus = "CpusetCpus"
      case pidsLimit = "PidsLimit"
      case networkMode = "NetworkMode"
      case pidMode = "PidMode"
      case ipcMode = "IpcMode"
      case utsMode = "UTSMode"
      case usernsMode = "UsernsMode"
      case cgroupParent = "CgroupParent"
      case devices = "Devices"
      case ulimits = "Ulimits"
      case restartPolicy = "RestartPolicy"
      case portBindings = "PortBindings"
      case publishAllPorts = "PublishAllPorts"
      case binds = "Binds"
    }
  }

  /// A host device given to the container (`--device`).
  public struct DeviceMapping: Codable, Sendable, Hashable {
    public var pathOnHost: String
    public var pathInContainer: String
    /// `r`, `w` and `m` (mknod) as allowed by the device cgroup.
    public var cgroupPermissions: String

    /// Builds a value from its fields (for tests and callers that assemble one).
    public init(pathOnHost: String, pathInContainer: String, cgroupPermissions: String = "rwm") {
      self.pathOnHost = pathOnHost
      self.pathInContainer = pathInContainer
      self.cgroupPermissions = cgroupPermissions
    }

    /// Decodes the Engine's JSON; a missing or `null` list, map or flag decodes as empty.
    public init(from decoder: any Decoder) throws {
      let values = try decoder.container(keyedBy: CodingKeys.self)
      pathOnHost = try values.decodeIfPresent(String.self, forKey: .pathOnHost) ?? ""
      pathInContainer = try values.decodeIfPresent(String.self, forKey: .pathInContainer) ?? ""
      cgroupPermissions = try values.decodeIfPresent(String.self, forKey: .cgroupPermissions) ?? ""
    }

    enum CodingKeys: String, CodingKey {
      case pathOnHost = "PathOnHost"
      case pathInContainer = "PathInContainer"
      case cgroupPermissions = "CgroupPermissions"
    }
  }

  /// A resource limit set for the container (`--ulimit nofile=1024:2048`).
  public struct Ulimit: Codable, Sendable, Hashable {
    public var name: String
    public var soft: Int64
    public var hard: Int64

    /// Builds a value from its fields (for tests and callers that assemble one).
    public init(name: String, soft: Int64, hard: Int64) {
      self.name = name
      self.soft = soft
      self.hard = hard
    }

    enum CodingKeys: String, CodingKey {
      case name = "Name"
      case soft = "Soft"
      case hard = "Hard"
    }
  }

  /// When the Engine restarts the container (`--restart`).
  public struct RestartPolicy: Codable, Sendable, Hashable {
    /// `""`/`no`, `always`, `unless-stopped` or `on-failure`.
    public var name: String
    /// The retry limit of `on-failure` (0 = unlimited).
    public var maximumRetryCount: Int

    /// Builds a value from its fields (for tests and callers that assemble one).
    public init(name: String, maximumRetryCount: Int = 0) {
      self.name = name
      self.maximumRetryCount = maximumRetryCount
    }

    /// Decodes the Engine's JSON; a missing or `null` list, map or flag decodes as empty.
    public init(from decoder: any Decoder) throws {
      let values = try decoder.container(keyedBy: CodingKeys.self)
      name = try values.decodeIfPresent(String.self, forKey: .name) ?? ""
      maximumRetryCount = try values.decodeIfPresent(Int.self, forKey: .maximumRetryCount) ?? 0
    }

    enum CodingKeys: String, CodingKey {
      case name = "Name"
      case maximumRetryCount = "MaximumRetryCount"
    }
  }

  /// One host address and port a container port is published on.
  public struct PortBinding: Codable, Sendable, Hashable {
    /// The host address; empty means every interface.
    public var hostIP: String
    /// The host port; empty means one the Engine picks.
    public var hostPort: String

    /// Builds a value from its fields (for tests and callers that assemble one).
    public init(hostIP: String = "", hostPort: String = "") {
      self.hostIP = hostIP
      self.hostPort = hostPort
    }

    /// Decodes the Engine's JSON; a missing or `null` list, map or flag decodes as empty.
    public init(from decoder: any Decoder) throws {
      let values = try decoder.container(keyedBy: CodingKeys.self)
      hostIP = try values.decodeIfPresent(String.self, forKey: .hostIP) ?? ""
      hostPort = try values.decodeIfPresent(String.self, forKey: .hostPort) ?? ""
    }

    enum CodingKeys: String, CodingKey {
      case hostIP = "HostIp"
      case hostPort = "HostPort"
    }
  }

  /// One mount of the container (`Mounts`): bind mount, volume or tmpfs.
  public struct Mount: Codable, Sendable, Hashable {
    /// `bind`, `volume`, `tmpfs`, `npipe` or `cluster`.
    public var type: String
    /// The volume's name, for volumes.
    public var name: String?
    /// The host path (for a volume, its directory on the host).
    public var source: String
    public var destination: String
    /// Whether the container may write to it.
    public var rw: Bool
    /// Bind propagation: `rprivate`, `private`, `rshared`, `shared`, `rslave`, `slave` or empty.
    public var propagation: String

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

    /// Decodes the Engine's JSON; a missing or `null` list, map or flag decodes as empty.
    public init(from decoder: any Decoder) throws {
      let values = try decoder.container(keyedBy: CodingKeys.self)
      type = try values.decodeIfPresent(String.self, forKey: .type) ?? ""
      name = try values.decodeIfPresent(String.self, forKey: .name)
      source = try values.decodeIfPresent(String.self, forKey: .source) ?? ""
      destination = try values.decodeIfPresent(String.self, forKey: .destination) ?? ""
      rw = try values.decodeIfPresent(Bool.self, forKey: .rw) ?? false
      propagation = try values.decodeIfPresent(String.self, forKey: .propagation) ?? ""
    }

    enum CodingKeys: String, CodingKey {
      case type = "Type"
      case name = "Name"
      case source = "Source"
      case destination = "Destination"
      case rw = "RW"
      case propagation = "Propagation"
    }
  }

  /// The container's (or an image's) configuration (`Config`): user, command, environment.
  public struct Config: Codable, Sendable, Hashable {
    /// The user the process runs as (`name`, `uid`, `uid:gid`); empty means root.
    public var user: String
    public var healthcheck: Healthcheck?
    /// The image as the user named it (`nginx:1.27`), for containers.
    public var image: String
    /// `NAME=value` entries.
    public var env: [String]
    public var labels: [String: String]
    /// Exposed ports keyed `22/tcp`.
    public var exposedPorts: [String: Empty]
    public var cmd: [String]
    public var entrypoint: [String]

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

    /// Decodes the Engine's JSON; a missing or `null` list, map or flag decodes as empty.
    public init(from decoder: any Decoder) throws {
      let values = try decoder.container(keyedBy: CodingKeys.self)
      user = try values.decodeIfPresent(String.self, forKey: .user) ?? ""
      healthcheck = try values.decodeIfPresent(Healthcheck.self, forKey: .healthcheck)
      image = try values.decodeIfPresent(String.self, forKey: .image) ?? ""
      env = try values.inspectList(.env)
      labels = try values.inspectMap(.labels)
      exposedPorts = try values.inspectMap(.exposedPorts)
      cmd = try values.inspectCommand(.cmd)
      entrypoint = try values.inspectCommand(.entrypoint)
    }

    /// The exposed ports (`22/tcp`), sorted.
    public var exposedPortNames: [String] { exposedPorts.keys.sorted() }

    enum CodingKeys: String, CodingKey {
      case user = "User"
      case healthcheck = "Healthcheck"
      case image = "Image"
      case env = "Env"
      case labels = "Labels"
      case exposedPorts = "ExposedPorts"
      case cmd = "Cmd"
      case entrypoint = "Entrypoint"
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
    public var test: [String]
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

    /// Decodes the Engine's JSON; a missing or `null` list, map or flag decodes as empty.
    public init(from decoder: any Decoder) throws {
      let values = try decoder.container(keyedBy: CodingKeys.self)
      test = try values.inspectList(.test)
      interval = try values.decodeIfPresent(Int64.self, forKey: .interval)
      timeout = try values.decodeIfPresent(Int64.self, forKey: .timeout)
      retries = try values.decodeIfPresent(Int.self, forKey: .retries)
    }

    /// Whether this configures a command that runs (not `NONE`, not empty).
    public var runsCommand: Bool {
      guard let first = test.first else { return false }
      return first != "NONE"
    }

    enum CodingKeys: String, CodingKey {
      case test = "Test"
      case interval = "Interval"
      case timeout = "Timeout"
      case retries = "Retries"
    }
  }

  /// The container's network state (`NetworkSettings`): the ports actually published.
  public struct NetworkSettings: Codable, Sendable, Hashable {
    /// Published ports keyed `80/tcp`; an exposed but unpublished port has no bindings.
    public var ports: [String: [PortBinding]]
    /// Names of the networks the container is attached to.
    public var networks: [String: Empty]

    /// Builds a value from its fields (for tests and callers that assemble one).
    public init(ports: [String: [PortBinding]] = [:], networks: [String: Empty] = [:]) {
      self.ports = ports
      self.networks = networks
    }

    /// Decodes the Engine's JSON; a missing or `null` list, map or flag decodes as empty.
    public init(from decoder: any Decoder) throws {
      let values = try decoder.container(keyedBy: CodingKeys.self)
      ports = try values.inspectPorts(.ports)
      networks = try values.inspectMap(.networks)
    }

    enum CodingKeys: String, CodingKey {
      case ports = "Ports"
      case networks = "Networks"
    }
  }
}
