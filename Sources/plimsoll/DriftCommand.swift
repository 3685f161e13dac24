import ArgumentParser
import Foundation
import PlimsollCore

/// `plimsoll drift CONTAINER [--deep]`: files changed, added or deleted in a container since
/// it started from its image.
struct DriftCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "drift",
    abstract: "Report files a running container changed, added or deleted compared with its image.",
    discussion: """
      Reads the engine's changes list for the container. With --deep, exports the image and \
      the container's filesystem (into the cache directory's engine-exports folder, deleted afterwards) and compares \
      the content of every changed file: modified binaries, new executables, files that only \
      changed mode, and changes the engine reports as additions of files the image already has.
      """)

  @Argument(help: "The container (id or name).")
  var container: String

  @Flag(help: "Compare file content with the image's layers (exports image and container).")
  var deep = false

  @Option(help: "Directory for the temporary exports (default: the cache directory).")
  var cacheDir: String?

  @OptionGroup var report: ReportOptions

  func run() async throws {
    _ = try report.findingsFormat()
    let work = EngineExports.directory(
      cache: cacheDir.map { URL(fileURLWithPath: $0) } ?? FactsCache.defaultRoot())
    EngineExports.removeStale(in: work)
    let result = try await withEngine { client in
      try await EngineAudit(client: client).drift(container, deep: deep, workDirectory: work)
    }
    let status = try report.emit(result, rules: DriftRules.infos)
    if status != 0 { throw ExitCode(status) }
  }
}
