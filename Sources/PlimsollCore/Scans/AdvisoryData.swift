public import Foundation
public import PlimsollAdvisories
public import PlimsollDiagnostics
public import PlimsollFeeds
import PlimsollIO

/// When and where a scan gets its advisory data.
public struct AdvisoryDataPolicy: Sendable {
  /// Never touch the network (`--offline`): use what the cache has, warn when it is old.
  public var offline: Bool
  /// Use the database as it is, however old (`--skip-db-update`).
  public var skipUpdate: Bool
  /// Where updates come from: a mirror URL or a directory of feeds; nil for the public feeds.
  public var source: String?
  /// A PEM file of CA certificates to trust for the feeds' servers.
  public var caCertificate: String?
  /// Called as each feed file finishes downloading.
  public var progress: (@Sendable (FeedUpdate.FileResult) -> Void)?

  /// Hours after which a scan refreshes the database before using it.
  public static let refreshAfterHours = 24.0
  /// The environment variable naming a mirror (URL) or feed directory for every update.
  public static let sourceVariable = "PLIMSOLL_DB_REPOSITORY"

  public init(offline: Bool = false, skipUpdate: Bool = false, source: String? = nil,
              caCertificate: String? = nil, progress: (@Sendable (FeedUpdate.FileResult) -> Void)? = nil) {
    self.offline = offline
    self.skipUpdate = skipUpdate
    self.source = source ?? ProcessInfo.processInfo.environment[Self.sourceVariable].flatMap { $0.isEmpty ? nil : $0 }
    self.caCertificate = caCertificate
    self.progress = progress
  }
}

/// What `plimsoll db update` did.
public struct AdvisoryUpdateResult: Sendable {
  /// Per feed file, when the data was downloaded (nil for a directory).
  public var download: FeedUpdate.Report?
  /// The rebuild, nil when nothing had changed.
  public var build: DatabaseBuilder.UpdateReport?
  public var warnings: [ScanWarning]
}

/// Fetching, refreshing and opening the advisory database.
public enum AdvisoryData {
  /// Updates the database in `cache` from `source`: nil for the public feeds, an `http(s)://`
  /// mirror, or a directory of feed files (always rebuilt).
  public static func update(from source: String?, cache: CacheLocation, caCertificate: String? = nil,
                            progress: (@Sendable (FeedUpdate.FileResult) -> Void)? = nil) async throws
    -> AdvisoryUpdateResult
  {
    let database = cache.databasePath
    if let source, !isURL(source) {
      let build = try DatabaseBuilder().build(from: source, to: database)
      markChecked(cache)
      return AdvisoryUpdateResult(download: nil, build: build, warnings: build.warnings)
    }
    let update = FeedUpdate(origin: FeedUpdate.Origin(source), caCertificate: caCertificate, progress: progress)
    let report = try await update.update(cacheRoot: cache.root.path, database: database)
    markChecked(cache)
    return AdvisoryUpdateResult(download: report, build: report.build,
                                warnings: report.warnings + (report.build?.warnings ?? []))
  }

  /// Downloads the public feeds (or a mirror's) into `folder` in the production layout, for
  /// an air-gapped copy served by any web server.
  public static func mirror(into folder: String, from source: String?, caCertificate: String? = nil,
                            progress: (@Sendable (FeedUpdate.FileResult) -> Void)? = nil) async throws
    -> FeedUpdate.Report
  {
    if let source, !isURL(source) {
      throw InputError(source, "db mirror copies from the public feeds or a mirror URL, not a directory")
    }
    return try await FeedUpdate(origin: FeedUpdate.Origin(source), caCertificate: caCertificate,
                                progress: progress).mirror(into: folder)
  }

  /// Opens the database for a scan, first downloading it when there is none, or refreshing
  /// it when it is older than a day, as the policy allows. Without data it returns nil and
  /// says why, so the scan goes on with its other scanners.
  public static func prepare(cache: CacheLocation, policy: AdvisoryDataPolicy, now: Date = Date()) async
    -> (database: AdvisoryDatabase?, notices: [String])
  {
    var notices: [String] = []
    let existing = try? AdvisoryDatabase(path: cache.databasePath)
    let age = existing.map { ageInHours($0, cache: cache, now: now) }
    let due = existing == nil || (age ?? .infinity) > AdvisoryDataPolicy.refreshAfterHours
    if due, !policy.offline, !policy.skipUpdate {
      do {
        let result = try await update(from: policy.source, cache: cache, caCertificate: policy.caCertificate,
                                      progress: policy.progress)
        for warning in (result.download?.warnings ?? []).prefix(3) { notices.append(warning.description) }
        if let skipped = result.build?.warnings.count, skipped > 0 {
          notices.append("\(skipped) advisory records could not be read and were skipped "
            + "(`plimsoll db update --verbose` lists them)")
        }
      } catch {
        let origin = policy.source ?? "the public advisory feeds"
        if existing != nil {
          notices.append("could not refresh the advisory database from \(origin): \(describe(error)); "
            + "using the data fetched \(describe(age))")
        } else {
          notices.append("no advisory data could be had: \(describe(error)); "
            + "vulnerabilities were not checked (set \(AdvisoryDataPolicy.sourceVariable) to a mirror "
            + "or feed directory, or run `plimsoll db update --from DIR`)")
          return (nil, notices)
        }
      }
    }
    guard let database = try? AdvisoryDatabase(path: cache.databasePath) else {
      if let error = Result(catching: { try AdvisoryDatabase(path: cache.databasePath) }).failure {
        notices.append("\(describe(error)); vulnerabilities were not checked"
          + (policy.offline ? " (--offline: nothing was downloaded)" : ""))
      }
      return (nil, notices)
    }
    let current = ageInHours(database, cache: cache, now: now)
    if current > AdvisoryDataPolicy.refreshAfterHours {
      notices.append("the advisory data was fetched \(describe(current))"
        + (policy.offline ? " (--offline)" : "") + "; findings published since are missing")
    }
    return (database, notices)
  }

  /// Hours since the data was last fetched or confirmed current.
  public static func ageInHours(_ database: AdvisoryDatabase, cache: CacheLocation, now: Date = Date()) -> Double {
    var newest = (try? database.dates())?.builtAt.flatMap { ISO8601DateFormatter().date(from: $0) }
    if let checked = FileStatus(checkedMarker(cache))?.modified {
      newest = max(newest ?? checked, checked)
    }
    guard let newest else { return .infinity }
    return now.timeIntervalSince(newest) / 3600
  }

  /// The feed files downloaded into `cache`, per origin folder (`upstream`, `mirror-…`):
  /// path, size, validators, when fetched and when last confirmed.
  public static func downloads(in cache: CacheLocation) -> [(origin: String, path: String, entry: FeedState.Entry)] {
    let root = cache.root.appendingPathComponent("feeds").path
    let origins = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted()
    return origins.flatMap { origin in
      FeedState.load(from: root + "/" + origin).files
        .filter { !$0.key.hasPrefix(".") && $0.value.size > 0 }
        .sorted { $0.key < $1.key }
        .map { (origin, $0.key, $0.value) }
    }
  }

  /// The age a report states for the data in `database`.
  public static func age(_ database: AdvisoryDatabase, cache: CacheLocation, now: Date = Date()) -> AdvisoryDataAge? {
    let hours = ageInHours(database, cache: cache, now: now)
    guard hours.isFinite else { return nil }
    let updated = ISO8601DateFormatter().string(from: now.addingTimeInterval(-hours * 3600))
    let newest = (try? database.dates())?.newestData
    return AdvisoryDataAge(updatedAt: updated, ageHours: (hours * 10).rounded() / 10, newestData: newest)
  }

  static func describe(_ error: any Error) -> String {
    (error as? LocalizedError)?.errorDescription ?? "\(error)"
  }

  static func describe(_ hours: Double?) -> String {
    AdvisoryDataAge.describe(hours: hours ?? .infinity)
  }

  static func isURL(_ text: String) -> Bool {
    text.hasPrefix("http://") || text.hasPrefix("https://")
  }

  static func checkedMarker(_ cache: CacheLocation) -> String {
    cache.root.appendingPathComponent(".advisories-checked").path
  }

  /// Records that the data was confirmed current now (a rebuild may not have been needed).
  static func markChecked(_ cache: CacheLocation) {
    let path = checkedMarker(cache)
    if !FileManager.default.createFile(atPath: path, contents: Data()) {
      try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: path)
    }
  }
}

extension Result {
  var failure: Failure? {
    if case .failure(let error) = self { return error }
    return nil
  }
}
