import ArgumentParser
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

  @OptionGroup var cache: CacheOptions
  @OptionGroup var limits: LimitOptions
  @OptionGroup var report: ReportOptions

  func run() async throws {
    let status = try await withInputErrors {
      let work = cache.location().engineExports()
      let result = try await LocalEngine.with { client in
        try await EngineAudit(client: client).drift(container, deep: deep, workDirectory: work)
      }
      return try report.emit(result, rules: DriftRules.infos,
                             root: .filesystem(name: "container \(container)", directory: nil))
    }
    try exitIfFailing(status)
  }
}
