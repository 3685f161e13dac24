import PlimsollFindings
import PlimsollDiagnostics

/// What the host checks read from a host's files, loaded once through a root prefix.
///
/// Checks that need a file's metadata look it up through `root` themselves; everything that
/// several checks share (daemon settings, units, audit rules, accounts, mounts) is here.
public struct HostSnapshot: Sendable {
  public var root: HostRoot
  public var daemon: DaemonSettings
  /// `docker.service` with its drop-ins, where one is installed.
  public var dockerService: SystemdUnit?
  /// The host path of `docker.socket`, where one is installed.
  public var dockerSocketUnit: String?
  public var auditRules: [AuditRule]
  /// The audit rules files that were read.
  public var auditFiles: [String]
  /// `nil` when `/etc/group` is missing.
  public var groups: [HostGroup]?
  public var users: [HostUser]
  public var mounts: [HostMount]
  /// The mount tables that were read (`/etc/fstab`, `/proc/mounts`).
  public var mountFiles: [String]
  /// Files that exist but could not be read or parsed.
  public var warnings: [ScanWarning]
  /// The running engine's release, when the audit could ask it (`GET /version`).
  public var engine: EngineRelease?

  /// The directory Docker keeps its data in: `data-root`, else `/var/lib/docker`.
  public var dataRoot: String { daemon.string("data-root") ?? "/var/lib/docker" }

  /// The gid of the `docker` group, when `/etc/group` has one.
  public var dockerGroup: HostGroup? { groups?.first { $0.name == "docker" } }

  /// Reads every shared fact of the host under `root`.
  public static func load(root rootPath: String) -> HostSnapshot {
    let root = HostRoot(rootPath)
    var warnings: [ScanWarning] = []
    func text(_ path: String, limit: Int = HostRoot.defaultReadLimit) -> (String, String)? {
      switch root.readText(path, limit: limit) {
      case .text(let contents, let resolved): return (contents, resolved.hostPath)
      case .missing: return nil
      case .failed(let message):
        warnings.append(ScanWarning(input: path, message: message))
        return nil
      }
    }

    // docker.service and its drop-ins: the first unit directory that has it wins.
    var service: SystemdUnit?
    for directory in SystemdUnit.searchDirectories {
      let unitPath = HostRoot.join(directory, "docker.service")
      // A unit linked to /dev/null is masked: systemd will not start it.
      if case .found(let resolved, _) = root.lookup(unitPath), resolved.hostPath == "/dev/null" {
        break
      }
      guard let (unitText, resolved) = text(unitPath) else { continue }
      var unitTexts = [(unitText, resolved)]
      var dropInNames: [String: String] = [:]
      for dropInDirectory in SystemdUnit.searchDirectories.reversed() {
        let folder = HostRoot.join(dropInDirectory, "docker.service.d")
        for name in root.list(folder) where name.hasSuffix(".conf") {
          dropInNames[name] = HostRoot.join(folder, name)
        }
      }
      var dropIns: [String] = []
      for name in dropInNames.keys.sorted() {
        guard let path = dropInNames[name], let (dropInText, dropInPath) = text(path) else {
          continue
        }
        dropIns.append(dropInPath)
        unitTexts.append((dropInText, dropInPath))
      }
      var effective: (String, String)?
      var environment: [String: String] = [:]
      var fileEnvironment: [String: String] = [:]
      for (unitText, path) in unitTexts {
        for assignment in SystemdUnit.execStartAssignments(unitText) {
          effective = assignment.isEmpty ? nil : (assignment, path)
        }
        // Daemon flags often sit in $DOCKER_OPTS or $OPTIONS of an environment file.
        for file in SystemdUnit.assignments("EnvironmentFile", in: unitText) {
          let optional = file.hasPrefix("-")
          let filePath = optional ? String(file.dropFirst()) : file
          if case .text(let contents, _) = root.readText(filePath) {
            fileEnvironment.merge(SystemdUnit.environmentFile(contents)) { $1 }
          } else if !optional {
            warnings.append(
              ScanWarning(input: filePath, message: "EnvironmentFile of \(path) is not readable"))
          }
        }
        for value in SystemdUnit.assignments("Environment", in: unitText) {
          for pair in SystemdUnit.split(value) {
            guard let equals = pair.firstIndex(of: "=") else { continue }
            environment[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
          }
        }
      }
      // Variables from environment files override Environment= ones, as in systemd.
      environment.merge(fileEnvironment) { $1 }
      let words = effective.map {
        SystemdUnit.expand(SystemdUnit.words($0.0), environment: environment)
      }
      service = SystemdUnit(
        path: resolved, dropIns: dropIns, execStart: words ?? [],
        execStartSource: effective?.1)
      break
    }

    var daemon = DaemonSettings()
    if let service, let source = service.execStartSource {
      let words = service.execStart
      if let program = words.firstIndex(where: { Self.baseName($0) == "dockerd" }) {
        daemon.flags = DaemonSettings.parseFlags(Array(words[(program + 1)...]))
        daemon.flagSource = source
      }
    }
    if case .string(let path)? = daemon.flags["config-file"] {
      daemon.configPath = path
    }
    switch root.readText(daemon.configPath) {
    case .missing: daemon.fileState = .absent
    case .failed(let message):
      daemon.fileState = .invalid(message)
      warnings.append(ScanWarning(input: daemon.configPath, message: message))
    case .text(let contents, _):
      do {
        let value = try DaemonJSONParser.parse(contents)
        if case .object(let members) = value {
          daemon.file = members
          daemon.fileState = .parsed
        } else {
          daemon.fileState = .invalid("the top-level value is not a JSON object")
        }
      } catch {
        daemon.fileState = .invalid("not valid JSON: \(error)")
      }
    }

    var socketUnit: String?
    for directory in SystemdUnit.searchDirectories {
      if case .found(let resolved, let metadata) = root.lookup(
        HostRoot.join(directory, "docker.socket")),
        metadata.type == .regular
      {
        socketUnit = resolved.hostPath
        break
      }
    }

    var auditRules: [AuditRule] = []
    var auditFiles: [String] = []
    var auditPaths = ["/etc/audit/audit.rules"]
    auditPaths += root.list("/etc/audit/rules.d").filter { $0.hasSuffix(".rules") }
      .map { HostRoot.join("/etc/audit/rules.d", $0) }
    for path in auditPaths {
      guard let (rulesText, resolved) = text(path, limit: 8 << 20) else { continue }
      auditFiles.append(resolved)
      auditRules += AuditRule.parse(rulesText, file: resolved)
    }

    let groups = text("/etc/group", limit: 8 << 20).map { HostGroup.parse($0.0) }
    let users = text("/etc/passwd", limit: 8 << 20).map { HostUser.parse($0.0) } ?? []

    var mounts: [HostMount] = []
    var mountFiles: [String] = []
    for path in ["/etc/fstab", "/proc/mounts"] {
      guard let (mountText, _) = text(path) else { continue }
      mountFiles.append(path)
      mounts += HostMount.parse(mountText, file: path)
    }

    return HostSnapshot(
      root: root, daemon: daemon, dockerService: service,
      dockerSocketUnit: socketUnit, auditRules: auditRules, auditFiles: auditFiles,
      groups: groups, users: users, mounts: mounts, mountFiles: mountFiles,
      warnings: warnings)
  }

  /// The first of `/usr/bin`, `/usr/sbin`, `/usr/local/bin`, `/bin`, `/sbin` that holds
  /// program `name`: the path named and the path it resolves to.
  public func program(_ name: String) -> (named: String, resolved: String)? {
    for directory in ["/usr/bin", "/usr/sbin", "/usr/local/bin", "/bin", "/sbin"] {
      let path = HostRoot.join(directory, name)
      if case .found(let resolved, let metadata) = root.lookup(path), metadata.type == .regular {
        return (path, resolved.hostPath)
      }
    }
    return nil
  }

  static func baseName(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
  }
}
