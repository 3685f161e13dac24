public import Foundation

/// Audits what a Docker engine runs: its containers (CIS section 5), its images (section 4),
/// and how one container drifted from its image.
public struct EngineAudit: Sendable {
  public let client: EngineClient
  /// Daemon settings read from the host's files (`daemon.json`, the unit's flags), when the
  /// engine runs on this machine; they tell defaults that `GET /info` does not.
  public var daemon: DaemonSettings?

  public init(client: EngineClient, daemon: DaemonSettings? = nil) {
    self.client = client
    self.daemon = daemon
  }

  /// What the container checks need from `GET /info` and the daemon's settings.
  public func facts() async throws -> EngineFacts {
    let info = try await client.info()
    return EngineFacts(
      securityOptions: info.securityOptions, swarmState: info.swarm?.localNodeState,
      defaultCgroupParent: daemon?.string("cgroup-parent"),
      noNewPrivilegesByDefault: daemon?.bool("no-new-privileges") ?? false)
  }

  /// CIS section 5 over the named containers, or over every running one (every one with `all`).
  public func containers(_ names: [String] = [], all: Bool = false) async throws -> FindingReport {
    var ids = names
    if ids.isEmpty { ids = try await client.containers(all: all).map(\.id) }
    var inspected: [ContainerInspect] = []
    for id in ids { inspected.append(try await client.inspectContainer(id)) }
    var report = ContainerAuditor.audit(inspected, engine: try await facts())
    report.target = client.endpoint.description
    return report
  }

  /// CIS section 4 over every image the engine holds (with its history), plus the
  /// environment-wide content-trust check.
  public func images(environment: [String: String] = ProcessInfo.processInfo.environment)
    async throws -> FindingReport
  {
    var images: [(ImageInspect, history: [String])] = []
    for summary in try await client.images() {
      let inspect = try await client.inspectImage(summary.id)
      let history = try await client.imageHistory(summary.id).map(\.createdBy)
      images.append((inspect, history: history))
    }
    var report = ImageAuditor.audit(images, environment: environment)
    report.target = client.endpoint.description
    return report
  }

  /// The drift of `container` from its image: from the Engine's changes list, and with `deep`
  /// from the content of both sides (the image and the container exported into `workDirectory`
  /// and deleted afterwards).
  public func drift(_ container: String, deep: Bool, workDirectory: URL) async throws -> FindingReport {
    let inspect = try await client.inspectContainer(container)
    let changes = Self.outsideMounts(try await client.changes(inspect.id), inspect)
    let name = inspect.displayName
    let image = inspect.config.image.isEmpty ? inspect.image : inspect.config.image
    guard deep else {
      return try DriftScanner.scan(container: name, image: image, changes: changes,
                                   imageArchive: nil, containerExport: nil)
    }
    try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
    let stem = workDirectory.appendingPathComponent("drift-\(UUID().uuidString)").path
    let imageFile = stem + "-image.tar"
    let containerFile = stem + "-container.tar"
    defer {
      try? FileManager.default.removeItem(atPath: imageFile)
      try? FileManager.default.removeItem(atPath: containerFile)
    }
    // Both downloads at once: the engine writes each archive as it reads its disk.
    async let imageExport = client.exportImage(inspect.image, to: imageFile)
    async let containerExport = client.exportContainer(inspect.id, to: containerFile)
    _ = try await (imageExport, containerExport)
    return try DriftScanner.scan(container: name, image: image, changes: changes,
                                 imageArchive: imageFile, containerExport: containerFile)
  }

  /// The changes that are not mount points (or paths inside mounts) of the container: what a
  /// mount holds is host or volume data, not drift from the image (`containers` audits
  /// mounts). The Engine names paths after resolving the image's `/var/run` -> `/run` link.
  static func outsideMounts(_ changes: [ContainerChange], _ inspect: ContainerInspect)
    -> [ContainerChange]
  {
    var destinations: [String] = []
    for mount in inspect.mounts {
      let destination = mount.destination.hasSuffix("/") && mount.destination.count > 1
        ? String(mount.destination.dropLast()) : mount.destination
      destinations.append(destination)
      for (link, target) in [("/var/run/", "/run/"), ("/var/lock/", "/run/lock/")]
      where destination.hasPrefix(link) {
        destinations.append(target + destination.dropFirst(link.count))
      }
    }
    // A directory the Engine lists as modified only because a mount point was created in it
    // is dropped with the mount point; a directory with other changes stays their parent.
    let kept = changes.filter { change in
      !destinations.contains { change.path == $0 || change.path.hasPrefix($0 + "/") }
    }
    return kept.filter { change in
      guard change.kind == .modified,
        destinations.contains(where: { $0.hasPrefix(change.path + "/") })
      else { return true }
      return kept.contains { $0.path.hasPrefix(change.path + "/") }
    }
  }
}
