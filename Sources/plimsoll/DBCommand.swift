import ArgumentParser
import Foundation
import PlimsollCore

/// Where the advisory database lives for these options.
struct DatabaseLocation: ParsableArguments {
  @Option(help: "Cache directory (default: $XDG_CACHE_HOME/plimsoll or ~/.cache/plimsoll).")
  var cacheDir: String?

  init() {}

  init(cacheDir: String?) {
    self.cacheDir = cacheDir
  }

  var path: String {
    let root = cacheDir.map { URL(fileURLWithPath: $0) } ?? FactsCache.defaultRoot()
    return root.appendingPathComponent(AdvisoryDatabase.fileName).path
  }
}

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

    @OptionGroup var location: DatabaseLocation

    @Flag(help: "List every skipped record.")
    var verbose = false

    func run() async throws {
      let report = try await withInputErrors {
        try DatabaseBuilder().build(from: from, to: location.path)
      }
      for source in report.sources {
        print("\(source.name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(String(source.records).leftPadded(6)) records"
          + (source.skipped > 0 ? ", \(source.skipped) skipped" : "")
          + "  (\(source.origin), data as of \(source.snapshotDate ?? "unknown"))")
      }
      print("\(report.advisories) advisories written to \(location.path)")
      if !report.warnings.isEmpty {
        let shown = verbose ? report.warnings : Array(report.warnings.prefix(5))
        for warning in shown {
          FileHandle.standardError.write(Data("plimsoll: warning: \(warning)\n".utf8))
        }
        if shown.count < report.warnings.count {
          FileHandle.standardError.write(Data(
            "plimsoll: \(report.warnings.count - shown.count) more skipped records (--verbose lists them)\n".utf8))
        }
      }
    }
  }

  /// `plimsoll db status`.
  struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show the database's sources, counts and age.")

    @OptionGroup var location: DatabaseLocation

    @Option(name: [.short, .long], help: "table or json.")
    var format: String = "table"

    func run() async throws {
      let status = try await withInputErrors { try AdvisoryDatabase(path: location.path).status() }
      if format == "json" {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(status), as: UTF8.self))
        return
      }
      print("Database: \(status.path)")
      print("Built:    \(status.builtAt ?? "unknown")"
        + (status.ageInDays().map { String(format: " (%.1f days ago)", $0) } ?? ""))
      print("Advisories: \(status.advisories), affected entries: \(status.affectedEntries)")
      for source in status.sources {
        print("  \(source.name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(String(source.records).leftPadded(6))  data as of \(source.snapshotDate ?? "unknown")  [\(source.origin)]")
      }
      if let age = status.ageInDays(), age > 7 {
        FileHandle.standardError.write(Data(
          "plimsoll: warning: the advisory database is \(Int(age)) days old; run `plimsoll db update`\n".utf8))
      }
    }
  }
}

extension String {
  func leftPadded(_ width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
