import Foundation
import Logging
import PlimsollCore
@testable import PlimsollServer
import PlimsollTestSupport
import PostgresNIO
import Testing

/// Stopping the database client waits for its `run()` a bounded time: a task that returns is
/// seen to, one that never does is left after the limit.
@Test func stoppingTheClientWaitsABoundedTime() async {
  let quick = Task<Void, Never> {}
  #expect(await ScanServer.finishes(quick, within: .seconds(30)))
  let stuck = Task<Void, Never> {
    // Ignores cancellation for ten minutes, as a client whose shutdown never returns.
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      DispatchQueue.global().asyncAfter(deadline: .now() + 600) { continuation.resume() }
    }
  }
  stuck.cancel()
  #expect(await ScanServer.finishes(stuck, within: .milliseconds(300)) == false)
}

/// The queue on a real PostgreSQL: migrations, leases, heartbeats, parking.
@Suite(.enabled(if: TestPostgres.runs, "PostgreSQL does not answer on 127.0.0.1:5432 (scripts/start-postgres)"))
struct ScanQueueTests {
  /// Runs `body` with a store on a new database, its client running meanwhile.
  func withStore(_ body: (ScanStore, String) async throws -> Void) async throws {
    let url = try TestPostgres.createDatabase()
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    let client = ScanStore.client(for: try DatabaseLocation(url: url), logger: logger)
    let store = ScanStore(client: client, logger: logger)
    try await ScanServer.withDatabaseClient(client) {
      try await store.migrate()
      try await body(store, url)
    }
  }

  @Test func migrationsApplyOnceAndAreRecorded() async throws {
    try await withStore { store, url in
      try await store.migrate()
      #expect(try TestPostgres.query(url, "SELECT version, name FROM schema_migrations ORDER BY version")
        == "1|jobs and results\n2|credential holders\n3|uploads")
      #expect(await store.isReady())
    }
  }

  @Test func badDatabaseURLsNameTheOption() throws {
    #expect(throws: InputError("--database", "expected postgres://USER@HOST[:PORT]/DATABASE")) {
      try DatabaseLocation(url: "mysql://x@h/db")
    }
    #expect(throws: InputError("--database", "the URL names no database (…/DATABASE)")) {
      try DatabaseLocation(url: "postgres://x@127.0.0.1")
    }
  }

  /// A worker that stops heartbeating loses its job to the next worker once the lease
  /// expires; its late result is refused, so the job completes once.
  @Test func anExpiredLeaseGoesToAnotherWorkerAndTheFirstCannotComplete() async throws {
    try await withStore { store, url in
      let id = try #require(try await store.enqueue(reference: "127.0.0.1:1/team/app:1", scanners: ["vuln"],
                                                    insecure: true, origin: "api", maxAttempts: 3))
      // Leases are long and expired by hand: a slow, sanitized run cannot expire one early.
      let first = try #require(try await store.claim(owner: "first", holder: "h", lease: .seconds(3600)))
      #expect(first.id == id && first.attempts == 1)
      #expect(try await store.claim(owner: "second", holder: "h", lease: .seconds(1)) == nil)
      #expect(try await store.heartbeat(job: id, owner: "first", lease: .seconds(3600)))
      // The first worker stops heartbeating and its lease runs out (time moved on in the database).
      _ = try TestPostgres.query(url, "UPDATE scan_jobs SET lease_expires = now() - interval '1 second'")
      let second = try #require(try await store.claim(owner: "second", holder: "h", lease: .seconds(3600)))
      #expect(second.id == id && second.attempts == 2)
      #expect(try await store.heartbeat(job: id, owner: "first", lease: .seconds(1)) == false)
      let inventory = Inventory(target: TargetSummary(name: "x", sourceKind: "registry",
                                                      manifestDigest: "sha256:" + String(repeating: "a", count: 64)))
      let report = FindingReport(target: "x")
      #expect(try await store.complete(job: id, owner: "first", report: report, inventory: inventory, reference: "x",
                                       duration: 1) == false)
      #expect(try await store.resultCount(of: id) == 0)
      #expect(try await store.complete(job: id, owner: "second", report: report, inventory: inventory, reference: "x",
                                       duration: 1))
      #expect(try await store.resultCount(of: id) == 1)
      #expect(try await store.job(id)?.state == "done")
      #expect(try TestPostgres.query(url, "SELECT count(*) FROM scan_results") == "1")
    }
  }

  /// A job whose scan fails every time is parked after its last attempt, with the error.
  @Test func aJobFailingEveryAttemptIsParkedWithItsError() async throws {
    try await withStore { store, _ in
      let id = try #require(try await store.enqueue(reference: "127.0.0.1:1/team/app:1", scanners: ["config"],
                                                    insecure: true, origin: "api", maxAttempts: 2))
      var logger = Logger(label: "test")
      logger.logLevel = .critical
      let scratch = try Scratch()
      let settings = ScanSettings(cache: CacheLocation(root: scratch.path), data: AdvisoryDataPolicy(offline: true),
                                  lease: .seconds(5), maxAttempts: 2, pollInterval: .milliseconds(100))
      let worker = ScanWorker(store: store, settings: settings, vault: CredentialVault(), metrics: nil, logger: logger)
      let running = Task { await worker.run() }
      defer { running.cancel() }
      var job = try await store.job(id)
      for _ in 0..<900 where job?.state != "parked" {
        try await Task.sleep(for: .milliseconds(100))
        job = try await store.job(id)
      }
      // The worker stops before the store's client does (and the test ends even if it did not).
      running.cancel()
      #expect(await ScanServer.finishes(running, within: .seconds(120)), "the worker did not stop when cancelled")
      #expect(job?.state == "parked")
      #expect(job?.attempts == 2)
      #expect(job?.error?.contains("127.0.0.1:1") == true, "\(job?.error ?? "")")
      #expect(try await store.jobs(state: "parked", limit: 10).map(\.id) == [id])
    }
  }

  /// A running job whose lease expired after its last allowed attempt (its worker killed each
  /// time) is parked, not run again.
  @Test func aJobWhoseWorkerDiesEveryAttemptIsParked() async throws {
    try await withStore { store, _ in
      let id = try #require(try await store.enqueue(reference: "127.0.0.1:1/team/app:1", scanners: ["vuln"],
                                                    insecure: true, origin: "api", maxAttempts: 1))
      _ = try #require(try await store.claim(owner: "dies", holder: "h", lease: .seconds(1)))
      try await Task.sleep(for: .milliseconds(1500))
      #expect(try await store.claim(owner: "next", holder: "h", lease: .seconds(1)) == nil)
      let job = try #require(try await store.job(id))
      #expect(job.state == "parked")
      #expect(job.error?.contains("lease expired") == true)
    }
  }

  /// Jobs with registry credentials are claimed only by the process holding them; when that
  /// process is gone, they are parked with an error saying so.
  @Test func jobsWithCredentialsStayWithTheirProcess() async throws {
    // Leases of a minute: a holder counts as gone after three of them unseen, and a run under
    // ThreadSanitizer on a busy machine takes many seconds between these steps.
    try await withStore { store, url in
      let reference = "127.0.0.1:1/a@sha256:" + String(repeating: "b", count: 64)
      try await store.touchHolder("api-process")
      let kept = try #require(try await store.enqueue(reference: reference, scanners: ["vuln"], insecure: true,
                                                      origin: "harbor", maxAttempts: 1, credentialHolder: "api-process"))
      #expect(try await store.claim(owner: "w", holder: "other-process", lease: .seconds(60)) == nil)
      // A lease far longer than the test, so a slow machine cannot see it expire.
      #expect(try await store.claim(owner: "w", holder: "api-process", lease: .seconds(600))?.id == kept)

      try await store.touchHolder("stopped-process")
      let orphan = try #require(try await store.enqueue(reference: reference, scanners: ["vuln"], insecure: true,
                                                        origin: "harbor", maxAttempts: 1,
                                                        credentialHolder: "stopped-process"))
      #expect(try await store.claim(owner: "w", holder: "other-process", lease: .seconds(60)) == nil)
      #expect(try await store.job(orphan)?.state == "queued")
      // The holder was last seen long ago (three leases and more).
      _ = try TestPostgres.query(
        url, "UPDATE credential_holders SET seen_at = now() - interval '1 hour' WHERE holder = 'stopped-process'")
      #expect(try await store.claim(owner: "w", holder: "other-process", lease: .seconds(60)) == nil)
      let parked = try #require(try await store.job(orphan))
      #expect(parked.state == "parked")
      #expect(parked.error?.contains("held only by the server that received it, which stopped") == true)
      #expect(try await store.job(kept)?.state == "running")
    }
  }
}
