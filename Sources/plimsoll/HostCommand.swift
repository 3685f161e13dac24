import ArgumentParser
import Foundation
import PlimsollCore
import PlimsollDiagnostics

/// `plimsoll host [--root DIR]`: CIS Docker Benchmark checks over a host's files, and over
/// the images and containers of its engine.
struct HostCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "host",
    abstract: "Audit a Docker host against the CIS Docker Benchmark (sections 1-5).",
    discussion: """
      Sections 1-3: reads the daemon configuration, systemd units, audit rules, accounts and \
      file permissions under --root (default /: this machine). Symlinks are resolved inside the \
      root, so a mounted snapshot is audited as its own host. Sections 4-5: on this machine \
      (--root /), asks the Docker engine DOCKER_HOST names for its images and running \
      containers; an engine that cannot be reached is reported as a warning. Every check \
      reports pass, fail, warn, info or manual with its evidence.
      """)

  @Option(
    name: .long, help: "The host's root directory (a mounted snapshot, or / for this machine).")
  var root: String = "/"

  @Flag(help: "Do not ask the Docker engine (sections 4-5 are skipped).")
  var noEngine = false

  @OptionGroup var report: ReportOptions

  func run() async throws {
    _ = try report.findingsFormat()
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      FileHandle.standardError.write(Data("plimsoll: \(root): not a directory\n".utf8))
      throw ExitCode(2)
    }
    var snapshot = HostSnapshot.load(root: root)
    var rules = HostChecks.infos
    var engine = FindingReport(target: "docker-engine")
    if !noEngine && snapshot.root.root == "/" {
      (snapshot.engine, engine) = await engineSections(daemon: snapshot.daemon)
      rules += RuntimeChecks.infos
    }
    var result = HostAuditor.audit(snapshot)
    result.findings += engine.findings
    result.warnings += engine.warnings
    let status = try report.emit(result, rules: rules)
    if status != 0 { throw ExitCode(status) }
  }

  /// The engine's release and sections 4 and 5 from this machine's engine, or a warning
  /// saying why they did not run.
  func engineSections(daemon: DaemonSettings) async -> (EngineRelease?, FindingReport) {
    do {
      let endpoint = try EngineEndpoint.fromEnvironment()
      return try await EngineClient.withClient(endpoint) { client in
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
