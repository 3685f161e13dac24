import ArgumentParser
import Foundation
import PlimsollCore

/// `plimsoll db`: fetch, build and inspect the local advisory database.
struct DBCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "db", abstract: "Manage the local advisory database.",
    subcommands: [Update.self, Mirror.self, Status.self])

  /// `plimsoll db update [--from URL|DIR]`.
  struct Update: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Fetch the advisory feeds (only what changed) and rebuild the database.",
      discussion: "Without --from: the public feeds (OSV, Alpine secdb, NVD, EPSS, CISA KEV; see "
        + "docs/feeds.md), or $PLIMSOLL_DB_REPOSITORY when set. A URL is a mirror as `plimsoll db "
        + "mirror` lays it out (or any tree with a SHA256SUMS manifest); a directory is read as it is.")

    @Option(help: ArgumentHelp("A mirror URL or a directory of feeds.", valueName: "url|dir"))
    var from: String?

    @Option(help: "A PEM file of CA certificates to trust for the feeds' servers.")
    var caCert: String?

    @OptionGroup var cache: CacheOptions

    @Flag(help: "List every skipped record.")
    var verbose = false

    func run() async throws {
      let location = cache.location()
      let source = from ?? AdvisoryDataPolicy().source
      let result = try await withInputErrors {
        try await AdvisoryData.update(from: source, cache: location, caCertificate: caCert,
                                      progress: FeedProgress.lineWriter())
      }
      if let download = result.download {
        let changed = download.files.filter { $0.bytes > 0 }.count
        let unchanged = download.files.filter { $0.outcome == "unchanged" }.count
        Output.diagnostic(DiagnosticLine.note(String(
          format: "%d feed files fetched (%.1f MB), %d unchanged", changed,
          Double(download.transferred) / 1_000_000, unchanged)))
      }
      if let build = result.build {
        try Output.write(DatabaseSummaryWriter.update(build, path: location.databasePath))
      } else {
        try Output.write("The advisory database is up to date: no feed changed.\n")
      }
      DBCommand.showWarnings(result.warnings, verbose: verbose)
    }
  }

  /// `plimsoll db mirror DIR`.
  struct Mirror: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Download the advisory feeds into a directory, for an air-gapped mirror.",
      discussion: "The directory keeps each file at <host>/<path> of its public URL, with a "
        + "SHA256SUMS manifest; serve it with any web server and point `plimsoll db update --from "
        + "URL` (or $PLIMSOLL_DB_REPOSITORY) at it. Running it again fetches only what changed.")

    @Argument(help: "The mirror directory.")
    var directory: String

    @Option(help: ArgumentHelp("Copy from this mirror URL instead of the public feeds.", valueName: "url"))
    var from: String?

    @Option(help: "A PEM file of CA certificates to trust for the feeds' servers.")
    var caCert: String?

    func run() async throws {
      let report = try await withInputErrors {
        try await AdvisoryData.mirror(into: directory, from: from, caCertificate: caCert,
                                      progress: FeedProgress.lineWriter())
      }
      let present = report.files.filter { $0.outcome != "not found" && $0.outcome != "failed" }
      try Output.write(String(format: "%d feed files in %@ (%.1f MB fetched now)\n", present.count, directory,
                              Double(report.transferred) / 1_000_000))
      DBCommand.showWarnings(report.warnings, verbose: true)
    }
  }

  /// Skipped records listed without --verbose.
  static let shownWarnings = 5

  static func showWarnings(_ warnings: [ScanWarning], verbose: Bool) {
    let shown = verbose ? warnings : Array(warnings.prefix(shownWarnings))
    for warning in shown { Output.diagnostic(DiagnosticLine.warning(warning.description)) }
    if shown.count < warnings.count {
      Output.diagnostic(DiagnosticLine.note(
        "\(warnings.count - shown.count) more skipped records (--verbose lists them)"))
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
        let location = cache.location()
        let database = try AdvisoryDatabase(path: location.databasePath)
        try Output.write(DatabaseSummaryWriter.status(try database.status(), format: format))
        guard format == .table else { return }
        var lines: [String] = []
        for (origin, path, entry) in AdvisoryData.downloads(in: location) {
          lines.append("  [\(origin)] \(path)  \(String(format: "%.1f MB", Double(entry.size) / 1_000_000))"
            + "  fetched \(entry.fetchedAt ?? "?")  checked \(entry.checkedAt ?? "?")"
            + (entry.etag.map { "  ETag \($0)" } ?? ""))
        }
        if !lines.isEmpty { try Output.write("Feed files:\n" + lines.joined(separator: "\n") + "\n") }
        let age = AdvisoryData.ageInHours(database, cache: location)
        if age > AdvisoryDataPolicy.refreshAfterHours {
          Output.diagnostic(DiagnosticLine.warning(
            "the advisory data was fetched \(AdvisoryDataAge.describe(hours: age)); "
              + "run `plimsoll db update`"))
        }
      }
    }
  }
}
