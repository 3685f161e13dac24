import PlimsollFindings

/// CIS Docker Benchmark section 2, daemon configuration: settings in `daemon.json` or on the
/// `dockerd` command line of the systemd unit.
public enum DaemonConfigurationChecks {
  static let daemonDocs = "https://docs.docker.com/reference/cli/dockerd/"

  /// All section 2 checks, led by the check that `daemon.json` parses.
  public static var all: [HostCheck] {
    [
      HostCheck(
        21, cis: nil, .high, "Ensure daemon.json is a valid JSON object",
        rationale: "dockerd refuses to start with a malformed daemon.json, and no other setting "
          + "in it can be checked.",
        remediation: "Fix the JSON at the line and column named (`dockerd --validate` checks it).",
        references: [daemonDocs], run: configurationParses),
      HostCheck(
        22, cis: "2.1", .medium, "Run the Docker daemon as a non-root user, if possible",
        rationale: "A rootless daemon limits what a container breakout reaches.",
        remediation: "Consider rootless mode (`dockerd-rootless-setuptool.sh install`).",
        references: ["https://docs.docker.com/engine/security/rootless/"],
        run: { snapshot in
          HostObservation(
            .manual,
            "whether dockerd runs rootless cannot be decided from the "
              + "system files; check the user dockerd runs as",
            path: snapshot.dockerService?.path ?? "/etc/docker")
        }),
      flag(
        23, "2.2", .medium,
        "Ensure network traffic is restricted between containers on the default bridge",
        rationale: "With icc enabled every container on the default bridge can reach every other.",
        remediation: "Set \"icc\": false in daemon.json.",
        key: "icc", safe: false, default: true),
      setting(
        24, "2.3", .low, "Ensure the logging level is set to 'info'",
        rationale:
          "info records what an audit needs; debug logs too much, higher levels too little.",
        remediation: "Remove log-level and debug, or set \"log-level\": \"info\".",
        keys: ["log-level", "debug"]
      ) { daemon in
        // debug (or -D) turns on debug logging whatever log-level says.
        if daemon.bool("debug") == true, let debug = daemon.setting("debug") {
          return HostObservation(.fail, debug.evidence("debug"), path: debug.path)
        }
        let level = daemon.string("log-level")
        return verdict(
          daemon, "log-level", pass: level == nil || level == "info",
          unset: "log-level is not set (default info)", unsetStatus: .pass)
      },
      flag(
        25, "2.4", .medium, "Ensure Docker is allowed to make changes to iptables",
        rationale: "Without iptables management, container networking is opened by hand and "
          + "often too widely.",
        remediation: "Remove \"iptables\": false.",
        key: "iptables", safe: true, default: true),
      setting(
        26, "2.5", .high, "Ensure insecure registries are not used",
        rationale: "An insecure registry is reached without verified TLS: images can be "
          + "swapped in transit.",
        remediation: "Remove insecure-registries; give the registry a trusted certificate.",
        keys: ["insecure-registries"]
      ) { daemon in
        listed(
          daemon, "insecure-registries", daemon.strings("insecure-registries"), status: .fail,
          none: "insecure-registries is not set")
      },
      setting(
        27, "2.6", .medium, "Ensure aufs storage driver is not used",
        rationale: "aufs is unmaintained and removed from current kernels and engines.",
        remediation: "Use overlay2.", keys: ["storage-driver"]
      ) { daemon in
        verdict(
          daemon, "storage-driver", pass: daemon.string("storage-driver") != "aufs",
          unset: "storage-driver is not set (the engine picks overlay2)", unsetStatus: .pass)
      },
      setting(
        28, "2.7", .critical, "Ensure TLS authentication for Docker daemon is configured",
        rationale: "A TCP listener without verified client certificates gives anyone who "
          + "reaches it root on the host.",
        remediation:
          "Set tlsverify, tlscacert, tlscert and tlskey, or listen on the unix socket only.",
        references: ["https://docs.docker.com/engine/security/protect-access/"],
        keys: ["hosts", "tlsverify", "tlscacert", "tlscert", "tlskey"], decide: tls),
      setting(
        29, "2.8", .low, "Ensure the default ulimit is configured appropriately",
        rationale: "Default ulimits stop one container exhausting file descriptors or processes.",
        remediation: "Set default-ulimits to values suited to the workloads.",
        keys: ["default-ulimits"]
      ) { daemon in
        verdict(
          daemon, "default-ulimits", pass: daemon.setting("default-ulimits") != nil,
          unset: "default-ulimits is not set; confirm the inherited limits suit",
          unsetStatus: .manual)
      },
      setting(
        30, "2.9", .medium, "Enable user namespace support",
        rationale: "With userns-remap, root in a container is an unprivileged user on the host.",
        remediation: "Set \"userns-remap\": \"default\" (or a dedicated user).",
        references: ["https://docs.docker.com/engine/security/userns-remap/"],
        keys: ["userns-remap"]
      ) { daemon in
        verdict(
          daemon, "userns-remap", pass: !(daemon.string("userns-remap") ?? "").isEmpty,
          unset: "userns-remap is not set")
      },
      setting(
        31, "2.10", .low, "Ensure the default cgroup usage has been confirmed",
        rationale: "A changed cgroup-parent moves every container under other resource limits.",
        remediation: "Leave cgroup-parent unset unless a different parent is intended.",
        keys: ["cgroup-parent"]
      ) { daemon in
        verdict(
          daemon, "cgroup-parent", pass: false, failStatus: .manual,
          unset: "cgroup-parent is not set (default cgroup)", unsetStatus: .pass)
      },
      setting(
        32, "2.11", .low, "Ensure base device size is not changed until needed",
        rationale: "A raised dm.basesize lets containers fill the host's storage.",
        remediation: "Remove the dm.basesize storage option unless it is needed.",
        keys: ["storage-opts"]
      ) { daemon in
        let baseSize = daemon.strings("storage-opts").filter { $0.hasPrefix("dm.basesize") }
        return listed(
          daemon, "storage-opts", baseSize, status: .warn, none: "no dm.basesize storage option")
      },
      setting(
        33, "2.12", .medium, "Ensure that authorization for Docker client commands is enabled",
        rationale:
          "Without an authorization plugin every client with socket access may do anything.",
        remediation: "Install an authorization plugin and list it in authorization-plugins.",
        keys: ["authorization-plugins"]
      ) { daemon in
        verdict(
          daemon, "authorization-plugins", pass: !daemon.strings("authorization-plugins").isEmpty,
          unset: "authorization-plugins is not set")
      },
      setting(
        34, "2.13", .medium, "Ensure centralized and remote logging is configured",
        rationale: "Logs kept only on the host are lost with it and can be altered by an intruder.",
        remediation: "Set log-driver to a remote driver (syslog, journald, gelf, fluentd, …).",
        keys: ["log-driver"]
      ) { daemon in
        let driver = daemon.string("log-driver")
        return verdict(
          daemon, "log-driver",
          pass: driver.map { !["json-file", "local", "none"].contains($0) } ?? false,
          unset: "log-driver is not set (default json-file, kept on the host)")
      },
      flag(
        35, "2.14", .medium, "Ensure containers are restricted from acquiring new privileges",
        rationale: "no-new-privileges stops setuid binaries raising a process's privileges.",
        remediation: "Set \"no-new-privileges\": true.",
        key: "no-new-privileges", safe: true, default: false),
      flag(
        36, "2.15", .low, "Ensure live restore is enabled",
        rationale: "With live restore, containers keep running while the daemon is upgraded.",
        remediation: "Set \"live-restore\": true.",
        key: "live-restore", safe: true, default: false),
      flag(
        37, "2.16", .medium, "Ensure Userland Proxy is Disabled",
        rationale: "The userland proxy is another root process on every published port; "
          + "hairpin NAT does the same in the kernel.",
        remediation: "Set \"userland-proxy\": false.",
        key: "userland-proxy", safe: false, default: true),
      HostCheck(
        38, cis: "2.17", .high,
        "Ensure that a daemon-wide custom seccomp profile is applied if appropriate",
        rationale: "The seccomp profile limits the system calls containers can make; unconfined "
          + "removes the limit for every container.",
        remediation:
          "Keep the default profile or set seccomp-profile to a reviewed custom profile; "
          + "never unconfined.",
        references: ["https://docs.docker.com/engine/security/seccomp/"], run: seccomp),
      flag(
        39, "2.18", .low, "Ensure that experimental features are not implemented in production",
        rationale: "Experimental features are not supported and may change or be insecure.",
        remediation: "Remove \"experimental\": true.",
        key: "experimental", safe: false, default: false),
    ]
  }

  /// A check over daemon settings; `manual` when `daemon.json` is invalid and no flag sets
  /// any of `keys`, since the file's values are then unknown.
  static func setting(
    _ number: Int, _ cis: String, _ severity: Severity, _ title: String,
    rationale: String, remediation: String, references: [String] = [],
    keys: [String],
    decide: @escaping @Sendable (DaemonSettings) -> HostObservation
  ) -> HostCheck {
    HostCheck(
      number, cis: cis, severity, title, rationale: rationale, remediation: remediation,
      references: [daemonDocs] + references
    ) { snapshot in
      let daemon = snapshot.daemon
      if case .invalid = daemon.fileState, !keys.contains(where: { daemon.flags[$0] != nil }) {
        return HostObservation(
          .manual,
          "\(daemon.configPath) could not be read as JSON, so "
            + keys.joined(separator: ", ") + " cannot be decided",
          path: daemon.configPath)
      }
      return decide(daemon)
    }
  }

  /// A setting that is safe when the flag `key` has the value `safe`; when it is unset the
  /// engine's `default` applies, so it passes exactly when the default is the safe value.
  static func flag(
    _ number: Int, _ cis: String, _ severity: Severity, _ title: String,
    rationale: String, remediation: String, key: String, safe: Bool, default: Bool
  ) -> HostCheck {
    setting(
      number, cis, severity, title, rationale: rationale, remediation: remediation, keys: [key]
    ) { daemon in
      verdict(
        daemon, key, pass: (daemon.bool(key) ?? `default`) == safe,
        unset: "\(key) is not set (default \(`default`))",
        unsetStatus: `default` == safe ? .pass : .fail)
    }
  }

  /// Pass or fail on a key's value, with the value and its source as evidence; when the key
  /// is unset, `unsetStatus` (fail unless given) with `unset` as evidence.
  static func verdict(
    _ daemon: DaemonSettings, _ key: String, pass: Bool,
    failStatus: FindingStatus = .fail, unset: String,
    unsetStatus: FindingStatus = .fail
  ) -> HostObservation {
    guard let setting = daemon.setting(key) else {
      return HostObservation(unsetStatus, unset + describeSources(daemon), path: daemon.configPath)
    }
    return HostObservation(pass ? .pass : failStatus, setting.evidence(key), path: setting.path)
  }

  /// `status` with the `values` of the list setting `key` and their source as evidence, or a
  /// pass saying `none` when `values` is empty.
  static func listed(
    _ daemon: DaemonSettings, _ key: String, _ values: [String], status: FindingStatus,
    none: String
  ) -> HostObservation {
    guard !values.isEmpty else { return HostObservation(.pass, none, path: daemon.configPath) }
    let setting = daemon.setting(key)
    return HostObservation(
      status, "\(setting?.source ?? daemon.configPath): \(key)=" + values.joined(separator: ","),
      path: setting?.path ?? daemon.configPath)
  }

  static func describeSources(_ daemon: DaemonSettings) -> String {
    var sources: [String] = []
    switch daemon.fileState {
    case .absent: sources.append("\(daemon.configPath) is absent")
    case .parsed: sources.append("not in \(daemon.configPath)")
    case .invalid: break
    }
    if let flagSource = daemon.flagSource {
      sources.append("not on the dockerd command line in \(flagSource)")
    }
    return sources.isEmpty ? "" : " (" + sources.joined(separator: "; ") + ")"
  }

  @Sendable static func configurationParses(_ snapshot: HostSnapshot) -> HostObservation {
    let daemon = snapshot.daemon
    switch daemon.fileState {
    case .absent:
      return HostObservation(
        .info, "\(daemon.configPath) is absent; the daemon's defaults apply",
        path: daemon.configPath)
    case .parsed:
      return HostObservation(
        .pass,
        "\(daemon.configPath): a JSON object with \(daemon.file.count) "
          + "settings", path: daemon.configPath)
    case .invalid(let problem):
      // Read errors already name the file (by its resolved path).
      let evidence = problem.hasPrefix("/") ? problem : "\(daemon.configPath): \(problem)"
      return HostObservation(.fail, evidence, path: daemon.configPath)
    }
  }

  @Sendable static func tls(_ daemon: DaemonSettings) -> HostObservation {
    let hosts = daemon.strings("hosts")
    // dockerd reads a host without a scheme (`:2375`, `0.0.0.0:2375`) as TCP.
    let tcp = hosts.filter { host in
      let lowered = host.lowercased()
      return lowered.hasPrefix("tcp://") || (!lowered.contains("://") && !lowered.hasPrefix("/"))
    }
    let path = daemon.setting("hosts")?.path ?? daemon.configPath
    guard !tcp.isEmpty else {
      let listeners =
        hosts.isEmpty ? "hosts not set (unix socket only)" : "hosts=" + hosts.joined(separator: ",")
      return HostObservation(.info, "no tcp:// listener: " + listeners, path: path)
    }
    var missing: [String] = []
    if daemon.bool("tlsverify") != true { missing.append("tlsverify") }
    for key in ["tlscacert", "tlscert", "tlskey"] where (daemon.string(key) ?? "").isEmpty {
      missing.append(key)
    }
    let listener = "hosts=" + tcp.joined(separator: ",")
    if missing.isEmpty {
      return HostObservation(
        .pass, "\(listener) with tlsverify=true, tlscacert, tlscert, tlskey set",
        path: path)
    }
    return HostObservation(
      .fail, "\(listener) but " + missing.joined(separator: ", ") + " not set",
      path: path)
  }

  @Sendable static func seccomp(_ snapshot: HostSnapshot) -> HostObservation {
    let daemon = snapshot.daemon
    if case .invalid = daemon.fileState, daemon.flags["seccomp-profile"] == nil {
      return HostObservation(
        .manual,
        "\(daemon.configPath) could not be read as JSON, so "
          + "seccomp-profile cannot be decided", path: daemon.configPath)
    }
    guard let setting = daemon.setting("seccomp-profile"),
      case .string(let profile) = setting.value,
      profile != "builtin", !profile.isEmpty
    else {
      return HostObservation(
        .manual,
        "seccomp-profile is not set: the built-in default profile "
          + "applies; confirm it suits the workloads", path: daemon.configPath)
    }
    if profile == "unconfined" {
      return HostObservation(.fail, setting.evidence("seccomp-profile"), path: setting.path)
    }
    guard case .found = snapshot.root.lookup(profile) else {
      return HostObservation(
        .fail, setting.evidence("seccomp-profile") + ", which does not exist",
        path: setting.path)
    }
    return HostObservation(.pass, setting.evidence("seccomp-profile"), path: profile)
  }
}
