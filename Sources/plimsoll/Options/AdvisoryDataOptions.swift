import ArgumentParser
import Foundation
import PlimsollCore

/// `--offline`, `--skip-db-update`, `--db-repository`: how a scan gets its advisory data.
struct AdvisoryDataOptions: ParsableArguments {
  @Flag(help: "Never touch the network for advisory data; warn when the cached data is old.")
  var offline = false

  @Flag(help: "Use the cached advisory database as it is, without refreshing it.")
  var skipDbUpdate = false

  @Option(help: ArgumentHelp(
    "Where advisory data comes from: a mirror URL (as `plimsoll db mirror` lays out) or a "
      + "directory of feeds (default: $PLIMSOLL_DB_REPOSITORY, else the public feeds).",
    valueName: "url|dir"))
  var dbRepository: String?

  /// The policy these options describe; progress is shown on a terminal.
  var policy: AdvisoryDataPolicy {
    AdvisoryDataPolicy(offline: offline, skipUpdate: skipDbUpdate, source: dbRepository,
                       progress: FeedProgress.lineWriter())
  }
}

/// One line per downloaded feed file on standard error, only when it is a terminal.
enum FeedProgress {
  static func lineWriter(always: Bool = false) -> (@Sendable (FeedUpdate.FileResult) -> Void)? {
    guard always || isatty(STDERR_FILENO) == 1 else { return nil }
    return { result in
      let size = result.bytes > 0 ? String(format: " (%.1f MB)", Double(result.bytes) / 1_000_000) : ""
      FileHandle.standardError.write(Data("plimsoll: \(result.outcome) \(result.name)\(size)\n".utf8))
    }
  }
}
