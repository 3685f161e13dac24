import ArgumentParser
import Foundation
import PlimsollCore

/// `plimsoll host [--root DIR]`: CIS Docker Benchmark checks over a host's files.
struct HostCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "host",
    abstract: "Audit a Docker host's files against the CIS Docker Benchmark (sections 1-3).",
    discussion: """
      Reads the daemon configuration, systemd units, audit rules, accounts and file \
      permissions under --root (default /: this machine). Symlinks are resolved inside the \
      root, so a mounted snapshot is audited as its own host. Every check reports pass, fail, \
      warn, info or manual with its evidence.
      """)

  @Option(
    name: .long, help: "The host's root directory (a mounted snapshot, or / for this machine).")
  var root: String = "/"

  @OptionGroup var report: ReportOptions

  func run() throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      FileHandle.standardError.write(Data("plimsoll: \(root): not a directory\n".utf8))
      throw ExitCode(2)
    }
    let result = HostAuditor.audit(root: root)
    let status = try report.emit(result, rules: HostChecks.infos)
    if status != 0 { throw ExitCode(status) }
  }
}
