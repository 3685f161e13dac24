import Foundation
import PlimsollCore
import PlimsollTestSupport
import Testing

/// Workers killed with SIGKILL mid-scan lose no job and store no result twice (loopback,
/// bounded: the issue's 200 requests of 10 images across 4 worker processes, one killed every
/// 3 seconds; PLIMSOLL_KILL_TEST_REQUESTS changes the count).
@Suite(.enabled(if: TestPostgres.runs && LocalRegistry.runs && Requirement.testImage && Requirement.executable,
                "needs PostgreSQL, docker-registry, skopeo, the test image and the built executable"))
struct WorkerKillTests {
  @Test func everyRequestCompletesExactlyOnceWhileWorkersAreKilled() async throws {
    let images = try #require(TestImage.available())
    let scratch = try Scratch()
    let requests = Int(ProcessInfo.processInfo.environment["PLIMSOLL_KILL_TEST_REQUESTS"] ?? "") ?? 200
    let registry = try LocalRegistry()
    let repositories = (0..<10).map { "fleet/app\($0):1.0" }
    for repository in repositories { try registry.push("oci:\(images)/test-image-oci:1.0", as: repository) }
    let cache = try await AdvisoryCache.shared.directory()
    let database = try TestPostgres.createDatabase()
    // A job's attempts are set when it is submitted (the server's --max-attempts): room for a
    // job that a slow, loaded machine sees killed mid-scan more than the default three times.
    let server = try await TestServer(database: database, cache: cache, scratch: scratch, workers: 0,
                                      extra: ["--max-attempts", "50"])
    var ids: [String] = []
    for index in 0..<requests {
      let reference = "\(registry.host)/\(repositories[index % repositories.count])"
      let (status, _, body) = try await HTTP.request(
        "POST", server.base + "/v1/scans", body: #"{"reference": "\#(reference)", "insecure": true}"#)
      #expect(status == 202)
      ids.append(try #require(try HTTP.object(body)?["id"] as? String))
    }

    func startWorker(_ number: Int) throws -> PlimsollProcess {
      try PlimsollProcess(["server", "worker", "--database", database, "--cache-dir", cache, "--offline",
                           "--lease-seconds", "3"],
                          log: scratch.path + "/worker-\(number).log")
    }
    var workers = try (0..<4).map(startWorker)
    var started = workers.count
    var kills = 0
    let deadline = ContinuousClock.now + .seconds(900)
    var pending = requests
    while pending > 0 && ContinuousClock.now < deadline {
      try await Task.sleep(for: .seconds(3))
      // One worker killed every 3 seconds, a new one started in its place.
      let victim = kills % workers.count
      workers[victim].kill()
      kills += 1
      workers[victim] = try startWorker(started)
      started += 1
      pending = Int(try TestPostgres.query(database, "SELECT count(*) FROM scan_jobs WHERE state <> 'done'")) ?? -1
    }
    for worker in workers { worker.kill() }
    #expect(pending == 0, "\(pending) of \(requests) jobs not done after \(kills) kills")
    #expect(kills >= 3)
    #expect(try TestPostgres.query(database, "SELECT count(*) FROM scan_results") == "\(requests)")
    #expect(try TestPostgres.query(database, "SELECT count(DISTINCT job_id) FROM scan_results") == "\(requests)")
    #expect(try TestPostgres.query(database, "SELECT count(*) FROM scan_jobs WHERE state = 'parked'") == "0")
    let attempts = Int(try TestPostgres.query(database, "SELECT sum(attempts) FROM scan_jobs")) ?? 0
    #expect(attempts >= requests)
    for id in ids {
      let (_, _, body) = try await HTTP.request("GET", server.base + "/v1/scans/\(id)")
      #expect(try HTTP.object(body)?["state"] as? String == "done", "\(id)")
    }
    print("kill test: \(requests) requests, \(kills) workers killed, \(attempts) attempts, all done once")
  }
}
