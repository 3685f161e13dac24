import PlimsollEngine
public import PlimsollFindings
import PlimsollRules

/// CIS Docker Benchmark v1.6 section 5, container runtime: one check per benchmark item, read
/// from each container's inspect JSON, plus the container-level form of 4.1 (root user).
public enum ContainerChecks {
  static let runDocs = "https://docs.docker.com/reference/cli/docker/container/run/"
  static let securityDocs = "https://docs.docker.com/engine/security/"

  /// The info finding reported when there is no container to audit.
  public static let noContainers = ContainerCheck(
    0, cis: nil, .unknown, "No containers to audit",
    rationale: "The section 5 checks run per container; with none running, they have nothing to "
      + "judge and the report says so instead of looking clean.",
    remediation: "Start the workloads to audit, or audit a host where they run.",
    engineWide: { _ in CheckObservation(.info, "no running containers") })

  /// All checks in CIS order: 5.1 (engine-wide) to 5.32, then the container root-user check.
  public static var all: [ContainerCheck] {
    isolation + resources + namespaces + operations + [runsAsRoot]
  }

  // MARK: 5.1-5.10: swarm, security modules, privileges, mounts, ports

  static var isolation: [ContainerCheck] {
    [
      ContainerCheck(
        1, cis: "5.1", .low, "Ensure swarm mode is not Enabled, if not needed",
        rationale: "Swarm mode opens management ports and keeps cluster secrets on the node; "
          + "an unused swarm only widens the attack surface.",
        remediation: "If the node does not take part in a swarm: docker swarm leave.",
        references: ["https://docs.docker.com/engine/swarm/"],
        engineWide: { engine in
          switch engine.swarmState {
          case nil:
            CheckObservation(.manual, "swarm state unknown: check `docker info` Swarm")
          case "inactive"?, ""?:
            CheckObservation(.pass, "Swarm.LocalNodeState=\(engine.swarmState ?? "")")
          case let state?:
            CheckObservation(.warn, "Swarm.LocalNodeState=\(state): confirm the swarm is needed")
          }
        }),
      ContainerCheck(
        2, cis: "5.2", .medium, "Ensure that, if applicable, an AppArmor Profile is enabled",
        rationale: "An AppArmor profile confines what a container's processes may touch even "
          + "when other controls fail.",
        remediation: "Run with the engine's docker-default profile or "
          + "--security-opt apparmor=<profile>; never apparmor=unconfined.",
        references: [securityDocs + "apparmor/"], run: appArmor),
      ContainerCheck(
        3, cis: "5.3", .medium, "Ensure that, if applicable, SELinux security options are set",
        rationale: "SELinux labels keep a container's processes from reaching host files and "
          + "other containers.",
        remediation: "Run the daemon with --selinux-enabled and do not pass "
          + "--security-opt label=disable.",
        run: seLinux),
      ContainerCheck(
        4, cis: "5.4", .high,
        "Ensure that Linux kernel capabilities are restricted within containers",
        rationale: "Every added capability is root power inside the kernel (SYS_ADMIN is nearly "
          + "all of it); NET_RAW in the default set allows packet spoofing.",
        remediation: "docker run --cap-drop=ALL --cap-add=<only what is needed>.",
        references: ["https://man7.org/linux/man-pages/man7/capabilities.7.html"],
        run: capabilities),
      ContainerCheck(
        5, cis: "5.5", .critical, "Ensure that privileged containers are not used",
        rationale: "A privileged container has every capability, every host device and no "
          + "seccomp or AppArmor confinement: root in it is root on the host.",
        remediation: "Remove --privileged; add the single capability or device needed.",
        references: [runDocs]
      ) { container, _ in
        container.hostConfig.privileged
          ? CheckObservation(.fail, "HostConfig.Privileged=true")
          : CheckObservation(.pass, "HostConfig.Privileged=false")
      },
      ContainerCheck(
        6, cis: "5.6", .critical,
        "Ensure sensitive host system directories are not mounted on containers",
        rationale: "Write access to /, /etc, /boot, /usr or /lib lets a container change what "
          + "the host runs; /proc, /sys and /dev reach the kernel and devices.",
        remediation: "Mount only the application's own directories, read-only where possible.",
        run: sensitiveMounts),
      ContainerCheck(
        7, cis: "5.7", .medium, "Ensure sshd is not run within containers",
        rationale: "An SSH daemon adds keys, a listener and patches to manage per container; "
          + "docker exec reaches a container without one.",
        remediation: "Remove the SSH server from the image; use docker exec.",
        run: sshd),
      ContainerCheck(
        8, cis: "5.8", .medium, "Ensure privileged ports are not mapped within containers",
        rationale: "Host ports below 1024 are reserved for privileged services; mapping one lets "
          + "a container impersonate such a service.",
        remediation: "Publish on a host port of 1024 or above (-p 8080:80).",
        run: privilegedPorts),
      ContainerCheck(
        9, cis: "5.9", .low, "Ensure that only needed ports are open on the container",
        rationale: "Each published port is a way in; only the ones the service needs belong.",
        remediation: "Publish only needed ports; avoid -P (publish all).",
        run: openPorts),
      ContainerCheck(
        10, cis: "5.10", .high, "Ensure that the host's network namespace is not shared",
        rationale: "With --network host the container sees and binds every host interface and "
          + "can reach services listening on localhost.",
        remediation: "Do not use --network host; publish the needed ports instead.",
        references: [runDocs]
      ) { container, _ in
        container.hostConfig.networkMode == "host"
          ? CheckObservation(.fail, "HostConfig.NetworkMode=host")
          : CheckObservation(.pass, "HostConfig.NetworkMode=\(container.hostConfig.networkMode)")
      },
    ]
  }

  // MARK: 5.11-5.15: limits, filesystem, traffic, restart

  static var resources: [ContainerCheck] {
    [
      ContainerCheck(
        11, cis: "5.11", .medium, "Ensure that the memory usage for containers is limited",
        rationale: "An unlimited container can exhaust the host's memory and take others down.",
        remediation: "docker run --memory <limit>."
      ) { container, _ in
        let memory = container.hostConfig.memory
        return memory > 0
          ? CheckObservation(.pass, "HostConfig.Memory=\(memory) (\(mebibytes(memory)))")
          : CheckObservation(.fail, "HostConfig.Memory=0 (unlimited)")
      },
      ContainerCheck(
        12, cis: "5.12", .low, "Ensure that CPU priority is set appropriately on containers",
        rationale: "Without CPU shares or a CPU limit, one busy container starves the others.",
        remediation: "docker run --cpu-shares <weight> or --cpus <n>.",
        run: cpuPriority),
      ContainerCheck(
        13, cis: "5.13", .medium,
        "Ensure that the container's root filesystem is mounted as read only",
        rationale: "A read-only root stops an intruder planting binaries or changing "
          + "configuration inside the container.",
        remediation: "docker run --read-only, with --tmpfs or volumes for the paths it writes."
      ) { container, _ in
        container.hostConfig.readonlyRootfs
          ? CheckObservation(.pass, "HostConfig.ReadonlyRootfs=true")
          : CheckObservation(.fail, "HostConfig.ReadonlyRootfs=false")
      },
      ContainerCheck(
        14, cis: "5.14", .medium,
        "Ensure that incoming container traffic is bound to a specific host interface",
        rationale: "A port published on 0.0.0.0 is reachable from every network the host is on.",
        remediation: "Publish on one address: -p 127.0.0.1:8080:80.",
        run: boundInterfaces),
      ContainerCheck(
        15, cis: "5.15", .low,
        "Ensure that the 'on-failure' container restart policy is set to '5'",
        rationale: "Endless restarts hide a failing container and can be used to exhaust the "
          + "host; on-failure with a small retry count stops after a few tries.",
        remediation: "docker run --restart on-failure:5.",
        run: restartPolicy),
    ]
  }

  // MARK: 5.16-5.22: namespaces, devices, propagation, seccomp

  static var namespaces: [ContainerCheck] {
    [
      namespace(
        16, "5.16", .high, "process", field: "PidMode", flag: "--pid host",
        rationale: "Sharing the host's PID namespace shows every host process to the container "
          + "and lets root in it signal or ptrace them."
      ) { $0.pidMode },
      namespace(
        17, "5.17", .high, "IPC", field: "IpcMode", flag: "--ipc host",
        rationale: "Sharing the host's IPC namespace exposes the host's shared memory and "
          + "semaphores to the container."
      ) { $0.ipcMode },
      ContainerCheck(
        18, cis: "5.18", .medium, "Ensure that host devices are not directly exposed to containers",
        rationale: "A host device node gives direct access to hardware or kernel interfaces "
          + "(a disk, /dev/mem) that bypasses the container's isolation.",
        remediation: "Remove --device; if one is needed, grant only r or rw, not m.",
        run: devices),
      ContainerCheck(
        19, cis: "5.19", .low, "Ensure that the default ulimit is overwritten at runtime if needed",
        rationale: "ulimits cap file descriptors and processes; an override should be deliberate.",
        remediation: "Override --ulimit only where a workload needs it."
      ) { container, _ in
        let limits = container.hostConfig.ulimits
        if limits.isEmpty {
          return CheckObservation(.info, "HostConfig.Ulimits=[] (the daemon's defaults apply)")
        }
        let listed = limits.map { "\($0.name)=\($0.soft):\($0.hard)" }.joined(separator: ", ")
        return CheckObservation(.info, "HostConfig.Ulimits: \(listed): confirm each is needed")
      },
      ContainerCheck(
        20, cis: "5.20", .medium, "Ensure mount propagation mode is not set to shared",
        rationale: "A shared mount propagates mounts made inside the container back to the host.",
        remediation: "Mount without shared/rshared propagation (the default is rprivate).",
        run: sharedPropagation),
      namespace(
        21, "5.21", .medium, "UTS", field: "UTSMode", flag: "--uts host",
        rationale: "Sharing the host's UTS namespace lets the container change the host's "
          + "hostname."
      ) { $0.utsMode },
      ContainerCheck(
        22, cis: "5.22", .high, "Ensure the default seccomp profile is not Disabled",
        rationale: "The default seccomp profile blocks about 44 dangerous system calls; without "
          + "it the whole kernel interface is open to the container.",
        remediation: "Remove --security-opt seccomp=unconfined; use a custom profile if needed.",
        references: [securityDocs + "seccomp/"], run: seccomp),
    ]
  }

  // MARK: 5.23-5.32: exec, cgroups, privileges, health, image, pids, bridge, userns, socket

  static var operations: [ContainerCheck] {
    [
      ContainerCheck(
        23, cis: "5.23", .high,
        "Ensure that docker exec commands are not used with the privileged option",
        rationale: "docker exec --privileged gives the exec'd process every capability.",
        remediation: "Do not use docker exec --privileged; audit the daemon's exec events."
      ) { container, _ in execSessions(container, asking: "Privileged") },
      ContainerCheck(
        24, cis: "5.24", .medium,
        "Ensure that docker exec commands are not used with the user=root option",
        rationale: "docker exec --user root bypasses the non-root user the container runs as.",
        remediation: "Do not use docker exec --user root; audit the daemon's exec events."
      ) { container, _ in execSessions(container, asking: "User") },
      ContainerCheck(
        25, cis: "5.25", .medium, "Ensure that cgroup usage is confirmed",
        rationale: "A container placed in another cgroup escapes the limits meant for it.",
        remediation: "Do not pass --cgroup-parent unless the cgroup is meant for it.",
        run: cgroupParent),
      ContainerCheck(
        26, cis: "5.26", .high,
        "Ensure that the container is restricted from acquiring additional privileges",
        rationale: "no-new-privileges stops setuid binaries and file capabilities raising a "
          + "process's privileges.",
        remediation: "docker run --security-opt no-new-privileges (or set no-new-privileges in "
          + "daemon.json).",
        run: noNewPrivileges),
      ContainerCheck(
        27, cis: "5.27", .low, "Ensure that container health is checked at runtime",
        rationale: "A health check lets the engine and orchestrators see a hung service.",
        remediation: "Add HEALTHCHECK to the image or run with --health-cmd.",
        run: healthcheck),
      ContainerCheck(
        28, cis: "5.28", .low,
        "Ensure that Docker commands always make use of the latest version of their image",
        rationale: "A cached image can be older than the one the tag now names.",
        remediation: "Pin images by digest and pull before running."
      ) { container, _ in
        let named = container.config.image.isEmpty ? container.image : container.config.image
        return CheckObservation(
          .manual,
          "Config.Image=\(named), Image=\(container.image): confirm this is the current build "
            + "of the tag (pull, or pin by digest)")
      },
      ContainerCheck(
        29, cis: "5.29", .medium, "Ensure that the PIDs cgroup limit is used",
        rationale: "Without a PID limit a fork bomb in one container exhausts the host's process "
          + "table.",
        remediation: "docker run --pids-limit <n>."
      ) { container, _ in
        guard let limit = container.hostConfig.pidsLimit else {
          return CheckObservation(.fail, "HostConfig.PidsLimit=null (unlimited)")
        }
        return limit > 0
          ? CheckObservation(.pass, "HostConfig.PidsLimit=\(limit)")
          : CheckObservation(.fail, "HostConfig.PidsLimit=\(limit) (unlimited)")
      },
      ContainerCheck(
        30, cis: "5.30", .low, "Ensure that Docker's default bridge 'docker0' is not used",
        rationale: "Every container on docker0 can reach every other unless icc is off; "
          + "user-defined networks isolate groups and resolve names.",
        remediation: "Create a user-defined network and run containers on it (--network <name>).",
        run: defaultBridge),
      ContainerCheck(
        31, cis: "5.31", .medium, "Ensure that the host's user namespaces are not shared",
        rationale: "--userns host opts the container out of user-namespace remapping: root in "
          + "it is root on the host.",
        remediation: "Do not pass --userns host."
      ) { container, _ in
        container.hostConfig.usernsMode.lowercased() == "host"
          ? CheckObservation(.fail, "HostConfig.UsernsMode=host")
          : CheckObservation(.pass, "HostConfig.UsernsMode=\(container.hostConfig.usernsMode)")
      },
      ContainerCheck(
        32, cis: "5.32", .critical,
        "Ensure that the Docker socket is not mounted inside any containers",
        rationale: "The Docker socket is the Engine API: whoever reaches it can start a "
          + "privileged container and own the host.",
        remediation: "Remove the docker.sock mount; use a narrowly scoped API proxy if needed.",
        run: dockerSocket),
    ]
  }

  /// The container-level form of CIS 4.1: the process's user (4.1 is judged on running
  /// containers by the benchmark's own tooling).
  static var runsAsRoot: ContainerCheck {
    ContainerCheck(
      33, cis: "4.1", .high, "Ensure that containers do not run as root",
      rationale: "A process running as root in the container is root on the host after any "
        + "escape, and owns every file in the container.",
      remediation: "Set USER in the image or run with --user <uid>; create the user at build time."
    ) { container, _ in
      let user = container.config.user
      return ImageUser.isRoot(user)
        ? CheckObservation(.fail, "Config.User=\"\(user)\" (root)")
        : CheckObservation(.pass, "Config.User=\"\(user)\"")
    }
  }

  // MARK: Check functions

  static func namespace(
    _ number: Int, _ cis: String, _ severity: Severity, _ kind: String, field: String,
    flag: String, rationale: String,
    mode: @escaping @Sendable (ContainerInspect.HostConfig) -> String
  ) -> ContainerCheck {
    ContainerCheck(
      number, cis: cis, severity, "Ensure that the host's \(kind) namespace is not shared",
      rationale: rationale, remediation: "Do not pass \(flag).", references: [runDocs]
    ) { container, _ in
      let value = mode(container.hostConfig)
      return value == "host"
        ? CheckObservation(.fail, "HostConfig.\(field)=host")
        : CheckObservation(.pass, "HostConfig.\(field)=\(value)")
    }
  }

  static func appArmor(_ container: ContainerInspect, _ engine: EngineFacts) -> CheckObservation {
    let profile = container.appArmorProfile ?? ""
    let confined = !profile.isEmpty && profile != "unconfined"
    if confined { return CheckObservation(.pass, "AppArmorProfile=\(profile)") }
    if container.hostConfig.privileged {
      return CheckObservation(
        .fail, "AppArmorProfile=\"\(profile)\": HostConfig.Privileged=true runs unconfined")
    }
    if container.securityOption("apparmor") == "unconfined" {
      return CheckObservation(.fail, "HostConfig.SecurityOpt: apparmor=unconfined")
    }
    if !engine.knowsSecurityOptions {
      return CheckObservation(
        .manual, "AppArmorProfile=\"\(profile)\": the engine's security options are unknown")
    }
    if engine.has("apparmor") {
      return CheckObservation(.fail, "AppArmorProfile=\"\(profile)\" on an engine with AppArmor")
    }
    return CheckObservation(
      .info,
      "AppArmorProfile=\"\(profile)\": not applicable, the engine does not run AppArmor "
        + "(SecurityOptions: \(engine.securityOptions.joined(separator: "; ")))")
  }

  static func seLinux(_ container: ContainerInspect, _ engine: EngineFacts) -> CheckObservation {
    let label = container.securityOption("label")
    if label == "disable" {
      let status: FindingStatus = engine.has("selinux") ? .fail : .info
      return CheckObservation(
        status,
        "HostConfig.SecurityOpt: label=disable"
          + (engine.has("selinux") ? "" : " (the engine does not run SELinux)"))
    }
    let process = container.processLabel ?? ""
    if !process.isEmpty { return CheckObservation(.pass, "ProcessLabel=\(process)") }
    if let label { return CheckObservation(.pass, "HostConfig.SecurityOpt: label=\(label)") }
    if !engine.knowsSecurityOptions {
      return CheckObservation(
        .manual, "ProcessLabel=\"\": the engine's security options are unknown")
    }
    if engine.has("selinux") {
      return CheckObservation(.fail, "ProcessLabel=\"\" on an engine with SELinux")
    }
    return CheckObservation(
      .info, "ProcessLabel=\"\": not applicable, the engine does not run SELinux")
  }

  static func capabilities(_ container: ContainerInspect, _: EngineFacts) -> CheckObservation {
    if container.hostConfig.privileged {
      return CheckObservation(.fail, "HostConfig.Privileged=true grants every capability")
    }
    let added = container.addedCapabilities
    if !added.isEmpty {
      return CheckObservation(.fail, "HostConfig.CapAdd: " + added.joined(separator: ", "))
    }
    let dropped = container.hostConfig.capDrop.joined(separator: ", ")
    if !container.drops("NET_RAW") {
      return CheckObservation(.warn, "NET_RAW is not dropped (HostConfig.CapDrop=[\(dropped)])")
    }
    return CheckObservation(.pass, "no capability added; HostConfig.CapDrop=[\(dropped)]")
  }

  /// The host directories CIS 5.6 names.
  static let sensitiveDirectories = ["/", "/boot", "/dev", "/etc", "/lib", "/proc", "/sys", "/usr"]

  static func sensitiveMounts(_ container: ContainerInspect, _: EngineFacts) -> CheckObservation {
    var writable: [String] = []
    var readOnly: [String] = []
    for mount in container.allMounts where mount.type == "bind" {
      let source = RuntimePath.normalise(mount.source)
      let sensitive = sensitiveDirectories.contains { directory in
        directory == "/" ? source == "/" : RuntimePath.path(source, isWithin: directory)
      }
      guard sensitive else { continue }
      let line = describe(mount)
      if mount.rw { writable.append(line) } else { readOnly.append(line) }
    }
    if !writable.isEmpty {
      return CheckObservation(.fail, "Mounts: " + (writable + readOnly).joined(separator: "; "))
    }
    if !readOnly.isEmpty {
      return CheckObservation(.warn, "Mounts: " + readOnly.joined(separator: "; "))
    }
    return CheckObservation(.pass, "no sensitive host directory mounted")
  }

  static func describe(_ mount: ContainerInspect.Mount) -> String {
    "\(mount.source) -> \(mount.destination) (\(mount.rw ? "rw" : "ro"))"
  }

  static func sshd(_ container: ContainerInspect, _: EngineFacts) -> CheckObservation {
    let command =
      ([container.path ?? ""] + container.args + container.config.entrypoint
      + container.config.cmd).filter { !$0.isEmpty }
    if let word = command.first(where: { $0.split(separator: "/").last == "sshd" }) {
      return CheckObservation(.fail, "the container's command runs \(word)")
    }
    let exposed = container.config.exposedPortNames.filter { $0 == "22/tcp" }
    let published = container.publishedPorts.filter { $0.containerPort == "22/tcp" }
    if !published.isEmpty || !exposed.isEmpty {
      return CheckObservation(
        .warn,
        "port 22/tcp is " + (published.isEmpty ? "exposed (Config.ExposedPorts)" : "published")
          + "; Plimsoll does not exec into containers, so check the processes with "
          + "`docker exec <container> ps -e`")
    }
    return CheckObservation(
      .manual,
      "the command does not start sshd; Plimsoll does not exec into containers, so check the "
        + "processes with `docker exec <container> ps -e`")
  }

  static func privilegedPorts(_ container: ContainerInspect, _: EngineFacts) -> CheckObservation {
    let low = container.publishedPorts.filter { ($0.hostPort ?? 1024) < 1024 }
    if low.isEmpty {
      return CheckObservation(.pass, "no host port below 1024 published")
    }
    return CheckObservation(
      .fail,
      container.publishedPortsField + ": " + low.map(\.evidence).joined(separator: ", "))
  }

  static func openPorts(_ container: ContainerInspect, _: EngineFacts) -> CheckObservation {
    let ports = container.publishedPorts
    if ports.isEmpty {
      if container.hostConfig.networkMode == "host" {
        return CheckObservation(
          .info, "HostConfig.NetworkMode=host: every port the container listens on is open")
      }
      return CheckObservation(.pass, "no port published")
    }
    return CheckObservation(
      .info, container.publishedPortsField + ": " + ports.map(\.evidence).joined(separator: ", "))
  }

  static func cpuPriority(_ container: ContainerInspect, _: EngineFacts) -> CheckObservation {
    let host = container.hostConfig
    var set: [String] = []
    // 0 and 1024 are both the default weight: no priority set.
    if host.cpuShares != 0 && host.cpuShares != 1024 { set.append("CpuShares=\(host.cpuShares)") }
    if host.nanoCpus > 0 { set.append("NanoCpus=\(host.nanoCpus)") }
    if host.cpuQuota > 0 { set.append("CpuQuota=\(host.cpuQuota)") }
    if !host.cpusetCpus.isEmpty { set.append("CpusetCpus=\(host.cpusetCpus)") }
    if set.isEmpty {
      return CheckObservation(
        .fail, "HostConfig.CpuShares=\(host.cpuShares), NanoCpus=0, CpuQuota=0: no CPU limit")
    }
    return CheckObservation(.pass, "HostConfig." + set.joined(separator: ", "))
  }

  static func boundInterfaces(_ container: ContainerInspect, _: EngineFacts) -> CheckObservation {
    let ports = container.publishedPorts
    let open = ports.filter(\.bindsAllInterfaces)
    if !open.isEmpty {
      return CheckObservation(
        .fail, container.publishedPortsField + ": " + open.map(\.evidence).joined(separator: ", "))
    }
    if ports.isEmpty { return CheckObservation(.pass, "no port published") }
    return CheckObservation(
      .pass, container.publishedPortsField + ": " + ports.map(\.evidence).joined(separator: ", "))
  }

  static func restartPolicy(_ container: ContainerInspect, _: EngineFacts) -> CheckObservation {
    let policy = container.hostConfig.restartPolicy
    let name = policy?.name ?? ""
    let retries = policy?.maximumRetryCount ?? 0
    switch name {
    case "", "no":
      return CheckObservation(.pass, "HostConfig.RestartPolicy.Name=\"\(name)\" (no restart)")
    case "on-failure" where retries > 0 && retries <= 5:
      return CheckObservation(
        .pass, "HostConfig.RestartPolicy=on-failure, MaximumRetryCount=\(retries)")
    case "on-failure":
      return CheckObservation(
        .fail,
        "HostConfig.RestartPolicy=on-failure, MaximumRetryCount=\(retries)"
          + (retries == 0 ? " (unlimited)" : " (more than 5)"))
    default:
      return CheckObservation(
        .fail, "HostConfig.RestartPolicy.Name=\(name) (restarts without limit)")
    }
  }

  static func devices(_ container: ContainerInspect, _: EngineFacts) -> CheckObservation {
    if container.hostConfig.privileged {
      return CheckObservation(.fail, "HostConfig.Privileged=true exposes every host device")
    }
    let devices = container.hostConfig.devices
    if devices.isEmpty { return CheckObservation(.pass, "HostConfig.Devices=[]") }
    let listed = devices.map {
      "\($0.pathOnHost) -> \($0.pathInContainer) (\($0.cgroupPermissions))"
    }
    return CheckObservation(.warn, "HostConfig.Devices: " + listed.joined(separator: ", "))
  }

  static func sharedPropagation(_ container: ContainerInspect, _: EngineFacts) -> CheckObservation {
    let shared = container.allMounts.filter {
      $0.propagation == "shared" || $0.propagation == "rshared"
    }
    if shared.isEmpty { return CheckObservation(.pass, "no mount with shared propagation") }
    return CheckObservation(
      .fail,
      "Mounts: "
        + shared.map { "\(describe($0)) Propagation=\($0.propagation)" }.joined(separator: "; "))
  }

  static func seccomp(_ container: ContainerInspect, _ engine: EngineFacts) -> CheckObservation {
    if container.securityOption("seccomp") == "unconfined" {
      return CheckObservation(.fail, "HostConfig.SecurityOpt: seccomp=unconfined")
    }
    if container.hostConfig.privileged {
      return CheckObservation(.fail, "HostConfig.Privileged=true disables seccomp")
    }
    if engine.knowsSecurityOptions && !engine.has("seccomp") {
      return CheckObservation(
        .fail, "the engine runs without seccomp (SecurityOptions has no name=seccomp)")
    }
    if let profile = container.securityOption("seccomp") {
      return CheckObservation(.pass, "HostConfig.SecurityOpt: seccomp=\(profile.prefix(80))")
    }
    return CheckObservation(.pass, "the engine's default seccomp profile applies")
  }

  static func execSessions(_ container: ContainerInspect, asking field: String) -> CheckObservation
  {
    let ids = container.execIDs
    if ids.isEmpty {
      return CheckObservation(
        .manual,
        "ExecIDs=[]: no exec session on record now; earlier ones are only in the daemon's "
          + "events and audit logs")
    }
    return CheckObservation(
      .warn,
      "ExecIDs: \(ids.joined(separator: ", ")): check each one's \(field) with "
        + "GET /exec/<id>/json")
  }

  static func cgroupParent(_ container: ContainerInspect, _ engine: EngineFacts) -> CheckObservation
  {
    let parent = container.hostConfig.cgroupParent
    if parent.isEmpty {
      return CheckObservation(.pass, "HostConfig.CgroupParent=\"\" (the daemon's default)")
    }
    if let expected = engine.defaultCgroupParent, parent == expected {
      return CheckObservation(.pass, "HostConfig.CgroupParent=\(parent) (the daemon's default)")
    }
    return CheckObservation(.warn, "HostConfig.CgroupParent=\(parent): confirm it is intended")
  }

  static func noNewPrivileges(_ container: ContainerInspect, _ engine: EngineFacts)
    -> CheckObservation
  {
    if let value = container.securityOption("no-new-privileges") {
      if value.isEmpty || value == "true" {
        return CheckObservation(.pass, "HostConfig.SecurityOpt: no-new-privileges")
      }
      return CheckObservation(.fail, "HostConfig.SecurityOpt: no-new-privileges=\(value)")
    }
    if engine.noNewPrivilegesByDefault {
      return CheckObservation(.pass, "the daemon sets no-new-privileges for every container")
    }
    return CheckObservation(.fail, "HostConfig.SecurityOpt lacks no-new-privileges")
  }

  static func healthcheck(_ container: ContainerInspect, _: EngineFacts) -> CheckObservation {
    if let status = container.state?.health?.status, status != "none" {
      return CheckObservation(.pass, "State.Health.Status=\(status)")
    }
    if let check = container.config.healthcheck {
      if check.runsCommand {
        return CheckObservation(
          .pass, "Config.Healthcheck.Test=[\(check.test.joined(separator: ", "))]")
      }
      if check.test.first == "NONE" {
        return CheckObservation(.fail, "Config.Healthcheck.Test=[NONE] (disabled)")
      }
    }
    return CheckObservation(.fail, "no health check (State.Health and Config.Healthcheck unset)")
  }

  static func defaultBridge(_ container: ContainerInspect, _: EngineFacts) -> CheckObservation {
    let mode = container.hostConfig.networkMode
    let networks = container.networkSettings?.networks.keys.sorted() ?? []
    if mode == "default" || mode == "bridge" || networks.contains("bridge") {
      return CheckObservation(
        .warn,
        "HostConfig.NetworkMode=\(mode)"
          + (networks.isEmpty ? "" : ", networks: \(networks.joined(separator: ", "))")
          + " (the default bridge docker0)")
    }
    return CheckObservation(.pass, "HostConfig.NetworkMode=\(mode)")
  }

  static func dockerSocket(_ container: ContainerInspect, _: EngineFacts) -> CheckObservation {
    let exposing = container.allMounts.filter { mount in
      let source = RuntimePath.normalise(mount.source)
      let destination = RuntimePath.normalise(mount.destination)
      // A mount of the run directory carries the socket with it.
      return source.hasSuffix("docker.sock") || destination.hasSuffix("docker.sock")
        || source == "/run" || source == "/var/run"
    }
    if exposing.isEmpty { return CheckObservation(.pass, "no docker.sock mount") }
    return CheckObservation(.fail, "Mounts: " + exposing.map(describe).joined(separator: "; "))
  }

  static func mebibytes(_ bytes: Int64) -> String {
    bytes % (1024 * 1024) == 0 ? "\(bytes / (1024 * 1024)) MiB" : "\(bytes) bytes"
  }
}
