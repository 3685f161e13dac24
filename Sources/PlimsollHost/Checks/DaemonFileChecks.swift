import PlimsollFindings

/// CIS Docker Benchmark section 3, daemon configuration files: owner and permissions of the
/// units, sockets, configuration and certificates, read with `lstat` through the root.
public enum DaemonFileChecks {
  /// The files one check looks at.
  enum Targets {
    /// Fixed paths, the first that exists is checked (alternatives for the same file).
    case first([String])
    /// A path named by a daemon setting: missing is a warning, not "nothing to check".
    case named(key: String, path: String)
    /// Every file found (a directory's certificates); `directory` names them in evidence.
    case all(directory: String, files: [String])
    /// Nothing to check, why, and the file the reason is about.
    case none(String, path: String)
  }

  /// Who must own a file.
  enum Owner {
    case rootRoot
    /// root, and the docker group (or root's group).
    case rootDocker

    var text: String { self == .rootRoot ? "root:root" : "root:docker" }
  }

  static let fileRationale =
    "These files decide how the daemon runs; whoever can write them controls the daemon, "
    + "which runs as root."

  /// All section 3 checks.
  public static var all: [HostCheck] {
    [
      owner(40, "3.1", "the docker.service file", .rootRoot, dockerService),
      mode(41, "3.2", "docker.service file", 0o644, dockerService),
      owner(42, "3.3", "the docker.socket file", .rootRoot, dockerSocket),
      mode(43, "3.4", "docker.socket file", 0o644, dockerSocket),
      owner(44, "3.5", "the /etc/docker directory", .rootRoot) { _ in .first(["/etc/docker"]) },
      mode(45, "3.6", "/etc/docker directory", 0o755) { _ in .first(["/etc/docker"]) },
      owner(46, "3.7", "registry certificate files", .rootRoot, registryCertificates),
      mode(47, "3.8", "registry certificate files", 0o444, registryCertificates),
      owner(48, "3.9", "the TLS CA certificate file", .rootRoot) { tlsFile($0, "tlscacert") },
      mode(49, "3.10", "TLS CA certificate file", 0o444) { tlsFile($0, "tlscacert") },
      owner(50, "3.11", "the Docker server certificate file", .rootRoot) { tlsFile($0, "tlscert") },
      mode(51, "3.12", "Docker server certificate file", 0o444) { tlsFile($0, "tlscert") },
      owner(52, "3.13", "the Docker server certificate key file", .rootRoot, severity: .high) {
        tlsFile($0, "tlskey")
      },
      mode(53, "3.14", "Docker server certificate key file", 0o400, severity: .high) {
        tlsFile($0, "tlskey")
      },
      owner(54, "3.15", "the Docker socket file", .rootDocker, severity: .high, dockerSocketFile),
      mode(55, "3.16", "Docker socket file", 0o660, severity: .high, dockerSocketFile),
      owner(56, "3.17", "the daemon.json file", .rootRoot) { .first([$0.daemon.configPath]) },
      mode(57, "3.18", "daemon.json file", 0o644) { .first([$0.daemon.configPath]) },
      owner(58, "3.19", "the /etc/default/docker file", .rootRoot) { _ in
        .first(["/etc/default/docker"])
      },
      mode(59, "3.20", "/etc/default/docker file", 0o644) { _ in .first(["/etc/default/docker"]) },
      mode(60, "3.21", "/etc/sysconfig/docker file", 0o644) { _ in .first(["/etc/sysconfig/docker"])
      },
      owner(61, "3.22", "the /etc/sysconfig/docker file", .rootRoot) { _ in
        .first(["/etc/sysconfig/docker"])
      },
      owner(62, "3.23", "the Containerd socket file", .rootRoot, containerdSocket),
      mode(63, "3.24", "Containerd socket file", 0o660, containerdSocket),
    ]
  }

  // MARK: Targets

  @Sendable static func dockerService(_ snapshot: HostSnapshot) -> Targets {
    if let service = snapshot.dockerService { return .first([service.path]) }
    return .first(SystemdUnit.searchDirectories.map { HostRoot.join($0, "docker.service") })
  }

  @Sendable static func dockerSocket(_ snapshot: HostSnapshot) -> Targets {
    if let socket = snapshot.dockerSocketUnit { return .first([socket]) }
    return .first(SystemdUnit.searchDirectories.map { HostRoot.join($0, "docker.socket") })
  }

  @Sendable static func dockerSocketFile(_ snapshot: HostSnapshot) -> Targets {
    .first(["/var/run/docker.sock", "/run/docker.sock"])
  }

  @Sendable static func containerdSocket(_ snapshot: HostSnapshot) -> Targets {
    .first(["/run/containerd/containerd.sock", "/var/run/containerd/containerd.sock"])
  }

  /// Every file one level inside each registry's directory of `/etc/docker/certs.d`.
  @Sendable static func registryCertificates(_ snapshot: HostSnapshot) -> Targets {
    let directory = "/etc/docker/certs.d"
    guard case .found = snapshot.root.lookup(directory) else {
      return .none("\(directory) is not present; no registry certificates", path: directory)
    }
    var files: [String] = []
    for registry in snapshot.root.list(directory) {
      let folder = HostRoot.join(directory, registry)
      for name in snapshot.root.list(folder) { files.append(HostRoot.join(folder, name)) }
    }
    return files.isEmpty
      ? .none("\(directory) holds no certificate files", path: directory)
      : .all(directory: directory, files: files)
  }

  static func tlsFile(_ snapshot: HostSnapshot, _ key: String) -> Targets {
    if case .invalid = snapshot.daemon.fileState, snapshot.daemon.flags[key] == nil {
      return .none(
        "\(snapshot.daemon.configPath) could not be read as JSON; \(key) is unknown",
        path: snapshot.daemon.configPath)
    }
    guard let path = snapshot.daemon.string(key), !path.isEmpty else {
      return .none("\(key) is not configured", path: snapshot.daemon.configPath)
    }
    return .named(key: key, path: path)
  }

  // MARK: Checks

  static func owner(
    _ number: Int, _ cis: String, _ what: String, _ owner: Owner,
    severity: Severity = .medium,
    _ targets: @escaping @Sendable (HostSnapshot) -> Targets
  ) -> HostCheck {
    let ownerText = owner.text
    return HostCheck(
      number, cis: cis, severity, "Ensure that \(what) ownership is set to \(ownerText)",
      rationale: fileRationale, remediation: "chown \(ownerText) on the file."
    ) { snapshot in
      let dockerGid = snapshot.dockerGroup?.gid
      return observe(snapshot, targets(snapshot)) { metadata in
        guard metadata.uid == 0 else { return false }
        return metadata.gid == 0 || (owner == .rootDocker && metadata.gid == dockerGid)
      } describe: { metadata in
        let group =
          metadata.gid == 0
          ? "root" : (metadata.gid == dockerGid ? "docker" : "gid \(metadata.gid)")
        let user = metadata.uid == 0 ? "root" : "uid \(metadata.uid)"
        return "owner \(user), group \(group)"
      }
    }
  }

  static func mode(
    _ number: Int, _ cis: String, _ what: String, _ allowed: UInt32,
    severity: Severity = .medium,
    _ targets: @escaping @Sendable (HostSnapshot) -> Targets
  ) -> HostCheck {
    let allowedText = "0" + String(allowed, radix: 8)
    return HostCheck(
      number, cis: cis, severity,
      "Ensure that \(what) permissions are set to \(allowedText) or more restrictive",
      rationale: fileRationale, remediation: "chmod \(allowedText) (or stricter) on the file."
    ) { snapshot in
      observe(snapshot, targets(snapshot)) { metadata in
        metadata.permissions & ~allowed == 0
      } describe: { metadata in
        "mode \(metadata.octalPermissions)"
      }
    }
  }

  /// Looks the targets up and judges each file's metadata with `accept`.
  static func observe(
    _ snapshot: HostSnapshot, _ targets: Targets,
    accept: (HostFileMetadata) -> Bool,
    describe: (HostFileMetadata) -> String
  ) -> HostObservation {
    switch targets {
    case .none(let reason, let path):
      return HostObservation(.info, reason, path: path)
    case .first(let candidates):
      for candidate in candidates {
        switch snapshot.root.lookup(candidate) {
        case .missing: continue
        case .failed(let message): return HostObservation(.warn, message, path: candidate)
        // A unit linked to /dev/null is masked: there is no file to check.
        case .found(let resolved, _) where resolved.hostPath == "/dev/null": continue
        case .found(let resolved, let metadata):
          let shown =
            resolved.hostPath == candidate ? candidate : "\(candidate) (\(resolved.hostPath))"
          return HostObservation(
            accept(metadata) ? .pass : .fail, "\(shown): \(describe(metadata))",
            path: candidate)
        }
      }
      let first = candidates.first ?? "/"
      return HostObservation(.info, "\(first) is not present; nothing to check", path: first)
    case .named(let key, let path):
      switch snapshot.root.lookup(path) {
      case .missing:
        return HostObservation(.warn, "\(key) names \(path), which is not present", path: path)
      case .failed(let message): return HostObservation(.warn, message, path: path)
      case .found(_, let metadata):
        return HostObservation(
          accept(metadata) ? .pass : .fail, "\(path) (\(key)): \(describe(metadata))",
          path: path)
      }
    case .all(let directory, let files):
      var failing: [String] = []
      var failingPaths: [String] = []
      var checked = 0
      for file in files {
        guard case .found(_, let metadata) = snapshot.root.lookup(file), metadata.type != .directory
        else {
          continue
        }
        checked += 1
        if !accept(metadata) {
          failing.append("\(file): \(describe(metadata))")
          failingPaths.append(file)
        }
      }
      if failing.isEmpty {
        return HostObservation(
          .pass, "\(checked) files under \(directory) checked; all conform",
          path: directory)
      }
      let shown =
        failing.prefix(5).joined(separator: "; ")
        + (failing.count > 5 ? "; and \(failing.count - 5) more" : "")
      return HostObservation(.fail, shown, path: failingPaths.first ?? directory)
    }
  }
}
