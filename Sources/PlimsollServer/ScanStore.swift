public import Foundation
public import Logging
import NIOCore
public import PostgresNIO
import PlimsollCore

/// A scan job as the queue holds it.
public struct ScanJob: Sendable, Encodable {
  public var id: UUID
  public var reference: String
  public var scanners: [String]
  public var insecure: Bool
  public var origin: String
  /// `queued`, `running`, `done` or `parked` (failed `maxAttempts` times; `error` says why).
  public var state: String
  public var attempts: Int
  public var maxAttempts: Int
  public var error: String?
  public var manifestDigest: String?
  public var createdAt: Date
  public var finishedAt: Date?

  enum CodingKeys: String, CodingKey {
    case id, reference, scanners, insecure, origin, state, attempts, maxAttempts, error, manifestDigest, createdAt,
      finishedAt
  }

  /// The id in lower case, as URLs carry it.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(id.uuidString.lowercased(), forKey: .id)
    try container.encode(reference, forKey: .reference)
    try container.encode(scanners, forKey: .scanners)
    try container.encode(insecure, forKey: .insecure)
    try container.encode(origin, forKey: .origin)
    try container.encode(state, forKey: .state)
    try container.encode(attempts, forKey: .attempts)
    try container.encode(maxAttempts, forKey: .maxAttempts)
    try container.encodeIfPresent(error, forKey: .error)
    try container.encodeIfPresent(manifestDigest, forKey: .manifestDigest)
    try container.encode(createdAt, forKey: .createdAt)
    try container.encodeIfPresent(finishedAt, forKey: .finishedAt)
  }
}

/// What a worker holds while it scans: the job and its lease.
struct ClaimedJob: Sendable {
  var id: UUID
  var reference: String
  var scanners: [String]
  var insecure: Bool
  var attempts: Int
  var credentialHolder: String?
}

/// A stored result: the report of one finished job.
struct StoredResult: Sendable {
  var jobID: UUID
  var manifestDigest: String
  var reference: String
  var report: String
  var scannedAt: Date
}

/// The server's PostgreSQL store: the job queue (claimed with `FOR UPDATE SKIP LOCKED`, held by
/// a lease the worker renews), results keyed by manifest digest, and inventories per layer.
public final class ScanStore: Sendable {
  let client: PostgresClient
  let logger: Logger

  /// A store on `client`, which must be running (`client.run()`).
  public init(client: PostgresClient, logger: Logger) {
    self.client = client
    self.logger = logger
  }

  /// Opens a client for `location` (run it with `run()` in a task).
  public static func client(for location: DatabaseLocation, logger: Logger) -> PostgresClient {
    PostgresClient(configuration: location.clientConfiguration, backgroundLogger: logger)
  }

  /// Applies the migrations the database lacks.
  public func migrate() async throws {
    try await Migrations.apply(client, logger: logger)
  }

  /// Whether the database answers and holds the newest migration.
  public func isReady() async -> Bool {
    do {
      let rows = try await client.query("SELECT max(version) FROM schema_migrations", logger: logger)
      for try await version in rows.decode(Int?.self) { return version == Migrations.all.last?.version }
      return false
    } catch {
      return false
    }
  }

  // MARK: Enqueueing

  /// Queues a scan of `reference`; with `eventID`, a second job for the same event is not
  /// queued (nil is returned). `credentialHolder` names the one process that may run it.
  public func enqueue(id: UUID = UUID(), reference: String, scanners: [String], insecure: Bool, origin: String,
                      maxAttempts: Int, eventID: String? = nil, credentialHolder: String? = nil,
                      harborArtifact: String? = nil) async throws -> UUID? {
    let scannerList = scanners.joined(separator: ",")
    let rows = try await client.query("""
      INSERT INTO scan_jobs (id, reference, scanners, insecure, origin, event_id, max_attempts,
                             credential_holder, harbor_artifact)
      VALUES (\(id), \(reference), \(scannerList), \(insecure), \(origin), \(eventID), \(maxAttempts),
              \(credentialHolder), \(harborArtifact))
      ON CONFLICT (event_id) DO NOTHING RETURNING id
      """, logger: logger)
    for try await inserted in rows.decode(UUID.self) { return inserted }
    return nil
  }

  /// Queues a scan of an uploaded image archive: the job and its bytes in one transaction.
  func enqueueUpload(name: String, data: ByteBuffer, scanners: [String], maxAttempts: Int) async throws -> UUID {
    let id = UUID()
    let reference = "upload:\(name)"
    let scannerList = scanners.joined(separator: ",")
    try await client.withTransaction(logger: logger) { connection in
      try await connection.query("""
        INSERT INTO scan_jobs (id, reference, scanners, insecure, origin, max_attempts)
        VALUES (\(id), \(reference), \(scannerList), false, 'upload', \(maxAttempts))
        """, logger: logger)
      try await connection.query(
        "INSERT INTO uploads (job_id, name, data) VALUES (\(id), \(name), \(data))", logger: logger)
    }
    return id
  }

  /// The bytes of an uploaded archive.
  func upload(of job: UUID) async throws -> ByteBuffer? {
    let rows = try await client.query("SELECT data FROM uploads WHERE job_id = \(job)", logger: logger)
    for try await data in rows.decode(ByteBuffer.self) { return data }
    return nil
  }

  // MARK: Claiming and leases

  /// Parks running jobs whose lease expired after their last allowed attempt, then claims the
  /// oldest job that is ready: queued (and due), or running with an expired lease.
  func claim(owner: String, holder: String, lease: Duration) async throws -> ClaimedJob? {
    let seconds = Double(lease.components.seconds) + Double(lease.components.attoseconds) / 1e18
    return try await client.withTransaction(logger: logger) { connection in
      try await connection.query("""
        UPDATE scan_jobs SET state = 'parked', finished_at = now(), lease_owner = NULL, lease_expires = NULL,
          last_error = 'the worker stopped mid-scan ' || attempts || ' times (its lease expired)'
        WHERE state = 'running' AND lease_expires < now() AND attempts >= max_attempts
        """, logger: logger)
      try await connection.query("""
        UPDATE scan_jobs SET state = 'parked', finished_at = now(), lease_owner = NULL, lease_expires = NULL,
          last_error = 'the registry credentials of this request were held only by the server that received it, which stopped; submit it again'
        WHERE state IN ('queued', 'running') AND credential_holder IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM credential_holders h WHERE h.holder = scan_jobs.credential_holder
                          AND h.seen_at > now() - make_interval(secs => \(seconds * 3)))
        """, logger: logger)
      let rows = try await connection.query("""
        UPDATE scan_jobs SET state = 'running', attempts = attempts + 1, lease_owner = \(owner),
          lease_expires = now() + make_interval(secs => \(seconds))
        WHERE id = (
          SELECT id FROM scan_jobs
          WHERE ((state = 'queued' AND available_at <= now()) OR (state = 'running' AND lease_expires < now()))
            AND (credential_holder IS NULL OR credential_holder = \(holder))
          ORDER BY created_at
          FOR UPDATE SKIP LOCKED
          LIMIT 1)
        RETURNING id, reference, scanners, insecure, attempts, credential_holder
        """, logger: logger)
      for try await (id, reference, scanners, insecure, attempts, holder)
        in rows.decode((UUID, String, String, Bool, Int, String?).self)
      {
        return ClaimedJob(id: id, reference: reference,
                          scanners: scanners.split(separator: ",").map(String.init),
                          insecure: insecure, attempts: attempts, credentialHolder: holder)
      }
      return nil
    }
  }

  /// Records that `holder` (a process keeping registry credentials) is alive; jobs of a
  /// holder not seen for three leases are parked.
  func touchHolder(_ holder: String) async throws {
    try await client.query("""
      INSERT INTO credential_holders (holder) VALUES (\(holder))
      ON CONFLICT (holder) DO UPDATE SET seen_at = now()
      """, logger: logger)
  }

  /// Renews the lease; false when the worker no longer holds it (expired and taken by another).
  func heartbeat(job: UUID, owner: String, lease: Duration) async throws -> Bool {
    let seconds = Double(lease.components.seconds) + Double(lease.components.attoseconds) / 1e18
    let rows = try await client.query("""
      UPDATE scan_jobs SET lease_expires = now() + make_interval(secs => \(seconds))
      WHERE id = \(job) AND lease_owner = \(owner) AND state = 'running' RETURNING id
      """, logger: logger)
    for try await _ in rows.decode(UUID.self) { return true }
    return false
  }

  /// Stores the result and marks the job done, in one transaction, only while `owner` holds
  /// the lease; false (nothing stored) when it does not.
  func complete(job: UUID, owner: String, report: FindingReport, inventory: Inventory, reference: String,
                duration: Double) async throws -> Bool {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let reportJSON = String(decoding: try encoder.encode(report), as: UTF8.self)
    let digest = inventory.target.manifestDigest ?? inventory.target.configDigest ?? "unknown"
    var counts: [String: Int] = [:]
    for finding in report.findings { counts[finding.severity.rawValue, default: 0] += 1 }
    let summary = String(decoding: try encoder.encode(counts), as: UTF8.self)
    let layered = Dictionary(grouping: inventory.packages.filter { $0.layer != nil }) { $0.layer?.diffID ?? "" }
    let unlayered = String(decoding: try encoder.encode(inventory.packages.filter { $0.layer == nil }), as: UTF8.self)
    let target = String(decoding: try encoder.encode(inventory.target), as: UTF8.self)
    let os = try inventory.os.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
    var layerRows: [(Int, String, String)] = []
    for layer in inventory.target.layers {
      let packages = String(decoding: try encoder.encode(layered[layer.diffID] ?? []), as: UTF8.self)
      layerRows.append((layer.index, layer.diffID, packages))
    }
    return try await client.withTransaction(logger: logger) { connection in
      let rows = try await connection.query("""
        UPDATE scan_jobs SET state = 'done', finished_at = now(), lease_owner = NULL, lease_expires = NULL,
          manifest_digest = \(digest), last_error = NULL
        WHERE id = \(job) AND lease_owner = \(owner) AND state = 'running' RETURNING id
        """, logger: logger)
      var held = false
      for try await _ in rows.decode(UUID.self) { held = true }
      guard held else { return false }
      try await connection.query("""
        INSERT INTO images (manifest_digest, target, os, unlayered_packages)
        VALUES (\(digest), \(target), \(os), \(unlayered)) ON CONFLICT (manifest_digest) DO NOTHING
        """, logger: logger)
      for (position, diffID, packages) in layerRows where !diffID.isEmpty {
        try await connection.query("""
          INSERT INTO layers (diff_id, packages) VALUES (\(diffID), \(packages)) ON CONFLICT (diff_id) DO NOTHING
          """, logger: logger)
        try await connection.query("""
          INSERT INTO image_layers (manifest_digest, position, diff_id) VALUES (\(digest), \(position), \(diffID))
          ON CONFLICT DO NOTHING
          """, logger: logger)
      }
      try await connection.query("""
        INSERT INTO scan_results (job_id, manifest_digest, reference, report, summary, duration_seconds)
        VALUES (\(job), \(digest), \(reference), \(reportJSON), \(summary)::jsonb, \(duration))
        """, logger: logger)
      try await connection.query("DELETE FROM uploads WHERE job_id = \(job)", logger: logger)
      return true
    }
  }

  /// Records a failed attempt while `owner` holds the lease: the job is queued again after a
  /// pause growing with its attempts, or parked with `error` after its last allowed attempt.
  func fail(job: UUID, owner: String, error: String) async throws {
    try await client.query("""
      UPDATE scan_jobs SET
        state = CASE WHEN attempts >= max_attempts THEN 'parked' ELSE 'queued' END,
        finished_at = CASE WHEN attempts >= max_attempts THEN now() ELSE NULL END,
        available_at = now() + make_interval(secs => attempts * 2),
        lease_owner = NULL, lease_expires = NULL, last_error = \(error)
      WHERE id = \(job) AND lease_owner = \(owner) AND state = 'running'
      """, logger: logger)
  }

  // MARK: Reading

  /// One job, or nil.
  public func job(_ id: UUID) async throws -> ScanJob? {
    try await jobs(from: client.query("SELECT \(unescaped: Self.jobColumns) FROM scan_jobs WHERE id = \(id)",
                                      logger: logger)).first
  }

  /// Jobs in `state` (all when nil), newest first.
  public func jobs(state: String?, limit: Int) async throws -> [ScanJob] {
    if let state {
      return try await jobs(from: client.query("""
        SELECT \(unescaped: Self.jobColumns) FROM scan_jobs WHERE state = \(state)
        ORDER BY created_at DESC LIMIT \(limit)
        """, logger: logger))
    }
    return try await jobs(from: client.query(
      "SELECT \(unescaped: Self.jobColumns) FROM scan_jobs ORDER BY created_at DESC LIMIT \(limit)", logger: logger))
  }

  static let jobColumns = """
    id, reference, scanners, insecure, origin, state, attempts, max_attempts, last_error, manifest_digest,
    created_at, finished_at
    """

  private func jobs(from rows: PostgresRowSequence) async throws -> [ScanJob] {
    var jobs: [ScanJob] = []
    for try await row in rows {
      let (id, reference, scanners, insecure, origin, state, attempts, maxAttempts, error, digest, created,
           finished) = try row.decode(
        (UUID, String, String, Bool, String, String, Int, Int, String?, String?, Date, Date?).self)
      jobs.append(ScanJob(id: id, reference: reference, scanners: scanners.split(separator: ",").map(String.init),
                          insecure: insecure, origin: origin, state: state, attempts: attempts,
                          maxAttempts: maxAttempts, error: error, manifestDigest: digest, createdAt: created,
                          finishedAt: finished))
    }
    return jobs
  }

  /// The result of a finished job.
  func result(of job: UUID) async throws -> StoredResult? {
    let rows = try await client.query("""
      SELECT job_id, manifest_digest, reference, report, scanned_at FROM scan_results WHERE job_id = \(job)
      """, logger: logger)
    for try await (id, digest, reference, report, scanned) in rows.decode((UUID, String, String, String, Date).self) {
      return StoredResult(jobID: id, manifestDigest: digest, reference: reference, report: report, scannedAt: scanned)
    }
    return nil
  }

  /// How many result rows a job has (one when it is done; never more).
  public func resultCount(of job: UUID) async throws -> Int {
    let rows = try await client.query("SELECT count(*) FROM scan_results WHERE job_id = \(job)", logger: logger)
    for try await count in rows.decode(Int.self) { return count }
    return 0
  }

  /// Every image (by manifest digest) with its latest result.
  func images() async throws -> [ImageSummary] {
    let rows = try await client.query("""
      SELECT DISTINCT ON (manifest_digest) manifest_digest, reference, job_id, scanned_at, summary::text
      FROM scan_results ORDER BY manifest_digest, scanned_at DESC
      """, logger: logger)
    var images: [ImageSummary] = []
    for try await (digest, reference, job, scanned, summary) in rows.decode((String, String, UUID, Date, String).self) {
      let counts = (try? JSONDecoder().decode([String: Int].self, from: Data(summary.utf8))) ?? [:]
      images.append(ImageSummary(manifestDigest: digest, reference: reference, scanID: job.uuidString.lowercased(), scannedAt: scanned,
                                 findings: counts))
    }
    return images
  }

  /// Jobs per state (`queued`, `running`, `done`, `parked`).
  func depth() async throws -> [String: Int] {
    let rows = try await client.query("SELECT state, count(*) FROM scan_jobs GROUP BY state", logger: logger)
    var counts: [String: Int] = [:]
    for try await (state, count) in rows.decode((String, Int).self) { counts[state] = count }
    return counts
  }

  /// The Harbor artifact (JSON) a job was submitted for.
  func harborArtifact(of job: UUID) async throws -> String? {
    let rows = try await client.query("SELECT harbor_artifact FROM scan_jobs WHERE id = \(job)", logger: logger)
    for try await artifact in rows.decode(String?.self) { return artifact }
    return nil
  }
}

/// One image in `GET /v1/images`: its latest result.
struct ImageSummary: Codable, Sendable {
  var manifestDigest: String
  var reference: String
  /// The scan id, in lower case.
  var scanID: String
  var scannedAt: Date
  /// Findings per severity.
  var findings: [String: Int]
}
