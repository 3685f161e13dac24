import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
public import PlimsollCore
import PostgresNIO

/// What a re-match did.
public struct RematchSummary: Sendable {
  /// Images whose latest result included vulnerabilities, re-matched.
  public var images: Int
  /// Images whose vulnerabilities changed (a new result stored, a notification sent).
  public var changed: Int
  /// Notifications the webhook did not accept.
  public var failedNotifications: Int
}

/// After a `plimsoll db update`: every stored inventory is matched again against the new
/// advisory database (no image is pulled again); an image whose vulnerabilities changed gets
/// a new result, and the webhook hears what appeared and what went away.
public enum Rematch {
  /// Re-matches against the advisory database in `cache`; `notify` is the webhook's URL.
  public static func run(database: DatabaseLocation, cache: CacheLocation, notify: String?) async throws
    -> RematchSummary
  {
    var logger = Logger(label: "plimsoll.rematch")
    logger.logLevel = .warning
    let client = ScanStore.client(for: database, logger: logger)
    let store = ScanStore(client: client, logger: logger)
    guard FileManager.default.fileExists(atPath: cache.databasePath) else {
      throw InputError(cache.databasePath, "no advisory database (plimsoll db update --cache-dir …)")
    }
    let advisories = try AdvisoryDatabase(path: cache.databasePath)
    return try await ScanServer.withDatabaseClient(client) {
      try await ScanServer.migrate(store, database: database)
      var summary = RematchSummary(images: 0, changed: 0, failedNotifications: 0)
      for latest in try await store.latestVulnerabilityResults() {
        guard let inventory = try await store.inventory(of: latest.manifestDigest) else { continue }
        summary.images += 1
        let old = try JSONDecoder().decode(FindingReport.self, from: Data(latest.report.utf8))
        let matched = try VulnerabilityMatcher(database: advisories).match(inventory)
        let oldVulnerabilities = old.findings.filter { $0.kind == .vulnerability }
        let oldKeys = Set(oldVulnerabilities.map(key))
        let newKeys = Set(matched.findings.map(key))
        let appeared = matched.findings.filter { !oldKeys.contains(key($0)) }
        let gone = oldVulnerabilities.filter { !newKeys.contains(key($0)) }
        guard !appeared.isEmpty || !gone.isEmpty else { continue }
        summary.changed += 1
        var report = old
        report.findings = matched.findings + old.findings.filter { $0.kind != .vulnerability }
        report.advisoryData = AdvisoryData.age(advisories, cache: cache)
        let id = try await store.storeRematch(of: latest, report: report)
        if let notify {
          let change = Change(manifestDigest: latest.manifestDigest, reference: latest.reference,
                              scanID: id.uuidString.lowercased(), appeared: appeared.map(Change.Item.init),
                              gone: gone.map(Change.Item.init))
          if !(await send(change, to: notify)) { summary.failedNotifications += 1 }
        }
      }
      return summary
    }
  }

  /// A vulnerability's identity across matches: id and the package it was found in.
  static func key(_ finding: Finding) -> String {
    "\(finding.id) \(finding.package?.name ?? "") \(finding.package?.installedVersion ?? "")"
  }

  /// The webhook's body.
  struct Change: Encodable {
    struct Item: Encodable {
      var id: String
      var package: String
      var version: String
      var severity: String
      init(_ finding: Finding) {
        id = finding.id
        package = finding.package?.name ?? ""
        version = finding.package?.installedVersion ?? ""
        severity = finding.severity.rawValue
      }
    }
    var event = "findings-changed"
    var manifestDigest: String
    var reference: String
    var scanID: String
    var appeared: [Item]
    var gone: [Item]
  }

  static func send(_ change: Change, to url: String) async -> Bool {
    do {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      var request = HTTPClientRequest(url: url)
      request.method = .POST
      request.headers.add(name: "Content-Type", value: "application/json")
      request.body = .bytes(ByteBuffer(bytes: try encoder.encode(change)))
      let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
      return (200..<300).contains(response.status.code)
    } catch {
      return false
    }
  }
}

extension ScanStore {
  /// The latest result of every image, where that scan looked for vulnerabilities.
  func latestVulnerabilityResults() async throws -> [StoredResult] {
    let rows = try await client.query("""
      SELECT * FROM (
        SELECT DISTINCT ON (r.manifest_digest) r.job_id, r.manifest_digest, r.reference, r.report, r.scanned_at, j.scanners
        FROM scan_results r JOIN scan_jobs j ON j.id = r.job_id
        ORDER BY r.manifest_digest, r.scanned_at DESC) latest
      WHERE ',' || scanners || ',' LIKE '%,vuln,%'
      """, logger: logger)
    var results: [StoredResult] = []
    for try await (id, digest, reference, report, scanned, _) in rows.decode((UUID, String, String, String, Date, String).self) {
      results.append(StoredResult(jobID: id, manifestDigest: digest, reference: reference, report: report,
                                  scannedAt: scanned))
    }
    return results
  }

  /// Stores a re-matched report as a new result (a finished job of origin `rematch`).
  func storeRematch(of latest: StoredResult, report: FindingReport) async throws -> UUID {
    let id = UUID()
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let reportJSON = String(decoding: try encoder.encode(report), as: UTF8.self)
    var counts: [String: Int] = [:]
    for finding in report.findings { counts[finding.severity.rawValue, default: 0] += 1 }
    let summary = String(decoding: try encoder.encode(counts), as: UTF8.self)
    try await client.withTransaction(logger: logger) { connection in
      try await connection.query("""
        INSERT INTO scan_jobs (id, reference, scanners, insecure, origin, state, attempts, max_attempts,
                               manifest_digest, finished_at)
        SELECT \(id), reference, scanners, insecure, 'rematch', 'done', 1, 1, manifest_digest, now()
        FROM scan_jobs WHERE id = \(latest.jobID)
        """, logger: logger)
      try await connection.query("""
        INSERT INTO scan_results (job_id, manifest_digest, reference, report, summary, duration_seconds)
        VALUES (\(id), \(latest.manifestDigest), \(latest.reference), \(reportJSON), \(summary)::jsonb, 0)
        """, logger: logger)
    }
    return id
  }
}
