import ArgumentParser
import Foundation
import PlimsollCore

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
    let status = try await withInputErrors {
      let (result, rules) = try await HostAudit.run(root: root, askEngine: !noEngine)
      return try report.emit(result, rules: rules,
                             root: .filesystem(name: "the host", directory: URL(fileURLWithPath: root).standardizedFileURL.path))
    }
    try exitIfFailing(status)
  }
}
