import PlimsollFindings

/// CIS Docker Benchmark section 1, host configuration: the data partition, audit rules, the
/// docker group, and the two manual checks.
public enum HostConfigurationChecks {
  static let auditRemediation =
    "Add a watch rule such as `-w PATH -k docker` to a file in /etc/audit/rules.d/ and reload "
    + "the rules (`augenrules --load`)."
  static let auditRationale =
    "Docker's files and binaries run with root privileges; auditing them leaves a trail of "
    + "who changed or used them."

  /// All section 1 checks.
  public static var all: [HostCheck] {
    [
      HostCheck(
        1, cis: "1.1.1", .medium, "Ensure a separate partition for containers has been created",
        rationale: "Docker's data directory grows with images and containers; on the root "
          + "filesystem a full disk stops the host.",
        remediation: "Mount /var/lib/docker (or the configured data-root) on its own partition "
          + "or logical volume and list it in /etc/fstab.",
        run: separatePartition),
      HostCheck(
        2, cis: "1.1.2", .high, "Ensure only trusted users are allowed to control Docker daemon",
        rationale: "Members of the docker group can start privileged containers: they are root "
          + "on the host.",
        remediation: "Remove untrusted users from the docker group (`gpasswd -d USER docker`).",
        run: dockerGroup),
      audit(3, "1.1.3", "the Docker daemon (dockerd)") { $0.programTargets("dockerd") },
      audit(4, "1.1.4", "/run/containerd") { _ in ["/run/containerd"] },
      audit(5, "1.1.5", "/var/lib/docker") { [$0.dataRoot] },
      audit(6, "1.1.6", "/etc/docker") { _ in ["/etc/docker"] },
      audit(7, "1.1.7", "docker.service") { snapshot in
        (snapshot.dockerService.map { [$0.path] } ?? [])
          + SystemdUnit.searchDirectories.map { HostRoot.join($0, "docker.service") }
      },
      audit(8, "1.1.8", "containerd.sock") { _ in ["/run/containerd/containerd.sock"] },
      audit(9, "1.1.9", "docker.socket") { snapshot in
        (snapshot.dockerSocketUnit.map { [$0] } ?? [])
          + SystemdUnit.searchDirectories.map { HostRoot.join($0, "docker.socket") }
      },
      audit(10, "1.1.10", "/etc/default/docker") { _ in ["/etc/default/docker"] },
      audit(11, "1.1.11", "/etc/docker/daemon.json") { [$0.daemon.configPath] },
      audit(12, "1.1.12", "/etc/containerd/config.toml") { _ in ["/etc/containerd/config.toml"] },
      audit(13, "1.1.13", "/etc/sysconfig/docker") { _ in ["/etc/sysconfig/docker"] },
      audit(14, "1.1.14", "/usr/bin/containerd") { $0.programTargets("containerd") },
      audit(15, "1.1.15", "/usr/bin/containerd-shim") { $0.programTargets("containerd-shim") },
      audit(16, "1.1.16", "/usr/bin/containerd-shim-runc-v1") {
        $0.programTargets("containerd-shim-runc-v1")
      },
      audit(17, "1.1.17", "/usr/bin/containerd-shim-runc-v2") {
        $0.programTargets("containerd-shim-runc-v2")
      },
      audit(18, "1.1.18", "/usr/bin/runc") { $0.programTargets("runc") },
      HostCheck(
        19, cis: "1.2.1", .medium, "Ensure the container host has been Hardened",
        rationale: "Containers share the host kernel; a weak host weakens every container.",
        remediation: "Harden the host OS (its own CIS benchmark, kernel updates, minimal "
          + "packages, a security module such as AppArmor or SELinux).",
        run: { _ in
          HostObservation(
            .manual,
            "host hardening cannot be decided from Docker's files; "
              + "review it against the OS benchmark", path: "/")
        }),
      HostCheck(
        20, cis: "1.2.2", .medium, "Ensure that the version of Docker is up to date",
        rationale: "Old engines miss security fixes.",
        remediation: "Upgrade to a supported Docker release.",
        run: dockerVersion),
    ]
  }

  static func audit(
    _ number: Int, _ cis: String, _ what: String,
    targets: @escaping @Sendable (HostSnapshot) -> [String]
  ) -> HostCheck {
    HostCheck(
      number, cis: cis, .low, "Ensure auditing is configured for \(what)",
      rationale: auditRationale, remediation: auditRemediation,
      references: ["https://man7.org/linux/man-pages/man8/auditctl.8.html"]
    ) { snapshot in
      auditObservation(snapshot, what: what, candidates: targets(snapshot))
    }
  }

  /// Pass when an audit rule covers the first candidate that exists (by the path named or
  /// the path it resolves to); info when none exists; fail otherwise.
  static func auditObservation(
    _ snapshot: HostSnapshot, what: String,
    candidates: [String]
  ) -> HostObservation {
    var target: (named: String, resolved: String)?
    for candidate in candidates {
      if case .found(let resolved, _) = snapshot.root.lookup(candidate),
        resolved.hostPath != "/dev/null"
      {
        target = (candidate, resolved.hostPath)
        break
      }
    }
    guard let target else {
      return HostObservation(
        .info, "\(candidates.first ?? what) is not present; nothing to audit",
        path: candidates.first ?? what)
    }
    guard !snapshot.auditFiles.isEmpty else {
      return HostObservation(
        .fail,
        "no audit rules: /etc/audit/audit.rules and "
          + "/etc/audit/rules.d/*.rules are missing", path: target.named)
    }
    let names = Set([target.named, target.resolved] + candidates)
    if let rule = snapshot.auditRules.first(where: { rule in names.contains { rule.covers($0) } }) {
      return HostObservation(
        .pass, "\(rule.file):\(rule.line) audits \(rule.path)", path: target.named)
    }
    return HostObservation(
      .fail,
      "no audit rule for \(target.named) in "
        + snapshot.auditFiles.joined(separator: ", "), path: target.named)
  }

  @Sendable static func separatePartition(_ snapshot: HostSnapshot) -> HostObservation {
    let dataRoot = AuditRule.normalise(snapshot.dataRoot)
    guard !snapshot.mountFiles.isEmpty else {
      return HostObservation(
        .manual,
        "neither /etc/fstab nor /proc/mounts exists; cannot tell "
          + "whether \(dataRoot) is a separate partition", path: "/etc/fstab")
    }
    if let mount = snapshot.mounts.first(where: { AuditRule.normalise($0.mountPoint) == dataRoot })
    {
      return HostObservation(
        .pass, "\(mount.file): \(mount.device) is mounted on \(dataRoot)",
        path: mount.file)
    }
    return HostObservation(
      .fail,
      "\(dataRoot) is not a mount point in "
        + snapshot.mountFiles.joined(separator: " or "),
      path: snapshot.mountFiles.first ?? "/etc/fstab")
  }

  @Sendable static func dockerGroup(_ snapshot: HostSnapshot) -> HostObservation {
    guard let groups = snapshot.groups else {
      return HostObservation(
        .manual, "/etc/group is missing; cannot list the docker group",
        path: "/etc/group")
    }
    guard let group = groups.first(where: { $0.name == "docker" }) else {
      return HostObservation(.pass, "/etc/group has no docker group", path: "/etc/group")
    }
    var members = group.members
    for user in snapshot.users where user.gid == group.gid && !members.contains(user.name) {
      members.append(user.name)
    }
    guard !members.isEmpty else {
      return HostObservation(
        .pass, "/etc/group: docker (gid \(group.gid)) has no members",
        path: "/etc/group")
    }
    return HostObservation(
      .warn,
      "/etc/group: docker (gid \(group.gid)) members: "
        + members.joined(separator: ", ") + "; confirm each is trusted",
      path: "/etc/group")
  }

  /// The engine packages dpkg knows, by the names Debian, Ubuntu and Docker ship.
  static let enginePackages: Set<String> = [
    "docker-ce", "docker.io", "moby-engine", "docker-engine",
  ]

  @Sendable static func dockerVersion(_ snapshot: HostSnapshot) -> HostObservation {
    if let engine = snapshot.engine { return engineVersion(engine) }
    let path = "/var/lib/dpkg/status"
    guard case .text(let status, _) = snapshot.root.readText(path, limit: 64 << 20) else {
      return HostObservation(
        .manual,
        "no dpkg status database; check `docker version` against "
          + "the current release", path: path)
    }
    var name: String?
    var version: String?
    var installed = false
    var found: [String] = []
    for line in status.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.isEmpty {
        if let name, let version, installed, enginePackages.contains(name) {
          found.append("\(name) \(version)")
        }
        name = nil
        version = nil
        installed = false
      } else if line.hasPrefix("Package: ") {
        name = String(line.dropFirst(9))
      } else if line.hasPrefix("Version: ") {
        version = String(line.dropFirst(9))
      } else if line.hasPrefix("Status: ") {
        installed = line.hasSuffix(" installed")
      }
    }
    if let name, let version, installed, enginePackages.contains(name) {
      found.append("\(name) \(version)")
    }
    guard !found.isEmpty else {
      return HostObservation(
        .manual,
        "\(path) lists no Docker engine package; check `docker "
          + "version` against the current release", path: path)
    }
    return HostObservation(
      .manual,
      "\(path): " + found.joined(separator: ", ")
        + " installed; compare with the current release", path: path)
  }

  /// The running engine's release line against the newest line known: pass on one of the
  /// two newest major lines, warn on an older one (a distribution build may still get
  /// backported fixes, which the evidence says), manual when the version is not recognised.
  static func engineVersion(_ engine: EngineRelease) -> HostObservation {
    let path = "engine"
    let running = "engine \(engine.version) (API \(engine.apiVersion))"
    let newest = EngineRelease.majorLines.last ?? 0
    guard let behind = engine.majorLinesBehind else {
      return HostObservation(
        .manual, "\(running): version not recognised; compare with the current release",
        path: path)
    }
    let line = "newest known release line \(newest).0 (API \(EngineRelease.newestAPIVersion))"
    if behind <= 1 {
      return HostObservation(.pass, "\(running); \(line)", path: path)
    }
    var evidence = "\(running) is \(behind) major release lines behind the \(line)"
    if engine.isDistributionBuild {
      evidence += "; a distribution build: check whether the distribution still backports "
        + "security fixes to it"
    }
    return HostObservation(.warn, evidence, path: path)
  }
}

extension HostSnapshot {
  /// Where program `name` may live, the one found first.
  func programTargets(_ name: String) -> [String] {
    let standard = "/usr/bin/" + name
    guard let found = program(name) else { return [standard] }
    return [found.named, found.resolved, standard]
  }
}
