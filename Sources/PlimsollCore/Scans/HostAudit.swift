import Foundation

/// `plimsoll host`: the CIS Docker Benchmark over a host's files (sections 1-3) and, on this
/// machine, over its engine's images and containers (sections 4-5).
public enum HostAudit {
  /// Audits the host whose root directory is `root`. Sections 4-5 run only for `/` with
  /// `askEngine`; an engine that cannot be reached is a warning saying why they did not run.
  public static func run(root: String, askEngine: Bool) async throws
    -> (report: FindingReport, rules: [RuleInfo])
  {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      throw InputError(root, "not a directory")
    }
    var snapshot = HostSnapshot.load(root: root)
    var rules = HostChecks.infos
    var engine = FindingReport(target: "docker-engine")
    if askEngine && snapshot.root.root == "/" {
      (snapshot.engine, engine) = await engineSections(daemon: snapshot.daemon)
      rules += RuntimeChecks.infos
    }
    var result = HostAuditor.audit(snapshot)
    result.findings += engine.findings
    result.warnings += engine.warnings
    return (result, rules)
  }

  /// The engine's release and sections 4 and 5 from this machine's engine, or a warning
  /// saying why they did not run.
  static func engineSections(daemon: DaemonSettings) async -> (EngineRelease?, FindingReport) {
    do {
      return try await LocalEngine.with { client in
        let version = try await client.version()
        let audit = EngineAudit(client: client, daemon: daemon)
        var images = try await audit.images()
        let containers = try await audit.containers()
        images.findings += containers.findings
        images.warnings += containers.warnings
        return (EngineRelease(version: version.version, apiVersion: version.apiVersion), images)
      }
    } catch {
      let message = (error as? EngineError)?.description ?? String(describing: error)
      return (nil, FindingReport(target: "docker-engine", findings: [], warnings: [
        ScanWarning(input: "docker-engine",
                    message: "CIS sections 4-5 (images, containers) not run: \(message)")]))
    }
  }
}

/// The Docker engine of this machine: the one `DOCKER_HOST` names, else the default socket.
public enum LocalEngine {
  /// Runs `body` with a client of the engine; failures are `EngineError`s naming it.
  public static func with<T>(_ body: (EngineClient) async throws -> T) async throws -> T {
    try await EngineClient.withClient(try EngineEndpoint.fromEnvironment()) { try await body($0) }
  }

  /// This machine's daemon settings (`/etc/docker/daemon.json` and the unit's flags).
  public static func daemonSettings() -> DaemonSettings {
    HostSnapshot.load(root: "/").daemon
  }
}
