import ArgumentParser
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
    let status = try await withInputErrors {
      let result = try await LocalEngine.with { client in
        try await EngineAudit(client: client, daemon: LocalEngine.daemonSettings())
          .containers(containers, all: all)
      }
      return try report.emit(result, rules: RuntimeChecks.infos,
                             root: .filesystem(name: "the audited containers", directory: nil))
    }
    try exitIfFailing(status)
  }
}
