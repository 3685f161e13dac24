import ArgumentParser
import Foundation
import PlimsollCore

/// `plimsoll containers [CONTAINER…]`: CIS Docker Benchmark section 5 over running containers.
struct ContainersCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "containers",
    abstract: "Audit containers the Docker engine runs (CIS Docker Benchmark section 5).",
    discussion: """
      Asks the engine DOCKER_HOST names (default unix:///var/run/docker.sock) for every running \
      container, or the ones named, and checks each: privileged, capabilities, namespaces, \
      mounts, limits, read-only root, seccomp/AppArmor, ports, restart policy, user, health.
      """)

  @Argument(help: "Containers to audit (id or name); default: every running container.")
  var containers: [String] = []

  @Flag(help: "Audit stopped containers too.")
  var all = false

  @OptionGroup var report: ReportOptions

  func run() async throws {
    _ = try report.findingsFormat()
    let result = try await withEngine { client in
      try await EngineAudit(client: client, daemon: localDaemonSettings())
        .containers(containers, all: all)
    }
    let status = try report.emit(result, rules: RuntimeChecks.infos)
    if status != 0 { throw ExitCode(status) }
  }
}

/// Runs `body` with a client of the engine `DOCKER_HOST` names; an engine that cannot be
/// reached or refuses the request ends the command with its message and exit status 2.
func withEngine<T>(_ body: (EngineClient) async throws -> T) async throws -> T {
  try await withInputErrors {
    try await EngineClient.withClient(try EngineEndpoint.fromEnvironment()) { try await body($0) }
  }
}

/// This machine's daemon settings (`/etc/docker/daemon.json` and the unit's flags).
func localDaemonSettings() -> DaemonSettings {
  HostSnapshot.load(root: "/").daemon
}
