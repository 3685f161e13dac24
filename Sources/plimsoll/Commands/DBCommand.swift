import ArgumentParser
import PlimsollCore

/// `plimsoll db`: build and inspect the local advisory database.
struct DBCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "db", abstract: "Manage the local advisory database.",
    subcommands: [Update.self, Status.self])

  /// `plimsoll db update --from DIR`.
  struct Update: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Build the advisory database from a directory of upstream feeds (OSV, Debian "
        + "security tracker lists, Alpine secdb, RustSec).")

    @Option(help: "Directory holding the feeds (a mirror or snapshot).")
    var from: String

    @OptionGroup var cache: CacheOptions

    @Flag(help: "List every skipped record.")
    var verbose = false

    /// Skipped records listed without --verbose.
    static let shownWarnings = 5

    func run() async throws {
      let path = cache.location().databasePath
      let report = try await withInputErrors { try DatabaseBuilder().build(from: from, to: path) }
      try Output.write(DatabaseSummaryWriter.update(report, path: path))
      let shown = verbose ? report.warnings : Array(report.warnings.prefix(Self.shownWarnings))
      for warning in shown { Output.diagnostic(DiagnosticLine.warning(warning.description)) }
      if shown.count < report.warnings.count {
        Output.diagnostic(DiagnosticLine.note(
          "\(report.warnings.count - shown.count) more skipped records (--verbose lists them)"))
      }
    }
  }

  /// `plimsoll db status`.
  struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show the database's sources, counts and age.")

    @OptionGroup var cache: CacheOptions

    @Option(name: [.short, .long], help: "Output format.")
    var format: DatabaseStatusFormat = .table

    func run() async throws {
      try await withInputErrors {
        let database = try AdvisoryDatabase(path: cache.location().databasePath)
        try Output.write(DatabaseSummaryWriter.status(try database.status(), format: format))
        if format == .table {
          for notice in try AdvisoryDatabaseAge.notices(database) {
            Output.diagnostic(DiagnosticLine.warning(notice))
          }
        }
      }
    }
  }
}
