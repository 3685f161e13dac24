import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PlimsollCore
import PlimsollTestSupport

/// PostgreSQL from Debian on 127.0.0.1 (scripts/start-postgres): the role `plimsoll` creates a
/// database per test.
enum TestPostgres {
  static let administration = "postgres://plimsoll:plimsoll@127.0.0.1:5432/postgres"

  /// Whether the server tests run: PostgreSQL answers, or this is CI (where it must).
  static var runs: Bool {
    Requirement.runs(when: (try? ProcessOutput.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"]).status) == 0)
  }

  /// A new, empty database; its URL.
  static func createDatabase() throws -> String {
    let name = "plimsoll_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    let (status, _, errors) = try ProcessOutput.run(
      ["psql", "-q", "-v", "ON_ERROR_STOP=1", administration, "-c", "CREATE DATABASE \(name)"])
    guard status == 0 else {
      throw NSError(domain: "TestPostgres", code: 1, userInfo: [
        NSLocalizedDescriptionKey: "CREATE DATABASE failed: \(String(decoding: errors, as: UTF8.self))"])
    }
    return "postgres://plimsoll:plimsoll@127.0.0.1:5432/\(name)"
  }

  /// Runs `sql` on `database` and returns psql's unaligned output.
  static func query(_ database: String, _ sql: String) throws -> String {
    let (status, output, errors) = try ProcessOutput.run(["psql", "-qtA", "-v", "ON_ERROR_STOP=1", database, "-c", sql])
    guard status == 0 else {
      throw NSError(domain: "TestPostgres", code: 2, userInfo: [
        NSLocalizedDescriptionKey: "\(sql): \(String(decoding: errors, as: UTF8.self))"])
    }
    return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }
}

/// One advisory database, built once per test process from the shared snapshot, in a cache
/// the servers and `plimsoll image` share (with `--offline`).
actor AdvisoryCache {
  static let shared = AdvisoryCache()
  private var building: Task<String, any Error>?

  func directory() async throws -> String {
    if let building { return try await building.value }
    // Built on a thread of its own: a minute's work must not hold a thread of the shared pool.
    let task = Task<String, any Error> {
      try await withCheckedThrowingContinuation { continuation in
        Thread {
          do {
            let temporary = FileManager.default.temporaryDirectory
            // Caches of earlier test runs whose process is gone are removed.
            for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
            where name.hasPrefix("plimsoll-server-tests-") {
              if let pid = Int32(name.dropFirst("plimsoll-server-tests-".count)), pid != getpid(),
                kill(pid, 0) != 0
              {
                try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
              }
            }
            let root = temporary.appendingPathComponent("plimsoll-server-tests-\(getpid())").path
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            _ = try DatabaseBuilder().build(from: Repository.vulndata, to: CacheLocation(root: root).databasePath)
            continuation.resume(returning: root)
          } catch {
            continuation.resume(throwing: error)
          }
        }.start()
      }
    }
    building = task
    return try await task.value
  }
}

/// A `plimsoll` process (a server or workers), its output in a log file; killed when dropped.
final class PlimsollProcess: @unchecked Sendable {
  let process = Process()
  let log: String

  /// `python3 ARGUMENTS`, as a helper peer (a webhook receiver).
  static func python(_ arguments: [String], log: String) throws -> PlimsollProcess {
    try PlimsollProcess(arguments, log: log, executable: "/usr/bin/env", prefix: ["python3"])
  }

  init(_ arguments: [String], log: String, executable: String? = nil, prefix: [String] = []) throws {
    let executable = try executable ?? plimsoll()
    self.log = log
    _ = FileManager.default.createFile(atPath: log, contents: nil)
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = prefix + arguments
    let handle = FileHandle(forWritingAtPath: log)
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
  }

  deinit { kill() }

  /// SIGKILL: no goodbye, as a crashed or evicted worker.
  func kill() {
    if process.isRunning {
      Foundation.kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
  }

  var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
}

/// The built executable.
func plimsoll() throws -> String {
  guard let path = plimsollExecutable() else {
    throw NSError(domain: "PlimsollServerTests", code: 1, userInfo: [
      NSLocalizedDescriptionKey: "the plimsoll executable is not built (swift build)"])
  }
  return path
}

/// A running `plimsoll server` on a free loopback port.
final class TestServer: @unchecked Sendable {
  let process: PlimsollProcess
  let base: String
  let database: String

  init(database: String, cache: String, scratch: Scratch, workers: Int = 2, extra: [String] = []) async throws {
    let port = try LocalRegistry.freePort()
    self.database = database
    base = "http://127.0.0.1:\(port)"
    process = try PlimsollProcess(
      ["server", "--database", database, "--listen", "127.0.0.1:\(port)", "--workers", "\(workers)",
       "--cache-dir", cache, "--offline", "--lease-seconds", "6"] + extra,
      log: scratch.path + "/server-\(port).log")
    for _ in 0..<300 {
      if let (status, _, _) = try? await HTTP.request("GET", base + "/healthz"), status == 200 { return }
      guard process.process.isRunning else { break }
      try await Task.sleep(for: .milliseconds(100))
    }
    throw NSError(domain: "TestServer", code: 1, userInfo: [
      NSLocalizedDescriptionKey: "the server did not answer: \(process.output)"])
  }

  /// Polls `GET /v1/scans/{id}` until the job is done or parked.
  func waitForJob(_ id: String, token: String? = nil, timeout: Duration = .seconds(240)) async throws -> [String: Any] {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      let (status, _, body) = try await HTTP.request("GET", base + "/v1/scans/\(id)", token: token)
      if status == 200, let job = try HTTP.object(body), let state = job["state"] as? String,
        state == "done" || state == "parked"
      {
        return job
      }
      try await Task.sleep(for: .milliseconds(250))
    }
    throw NSError(domain: "TestServer", code: 2, userInfo: [
      NSLocalizedDescriptionKey: "job \(id) did not finish: \(process.output.suffix(3000))"])
  }
}

/// HTTP requests to the servers under test.
enum HTTP {
  static func request(_ method: String, _ url: String, body: String? = nil, bytes: Data? = nil, token: String? = nil,
                      headers: [(String, String)] = []) async throws -> (Int, HTTPHeaders, String) {
    var request = HTTPClientRequest(url: url)
    request.method = HTTPMethod(rawValue: method)
    if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    if let body {
      request.headers.add(name: "Content-Type", value: "application/json")
      request.body = .bytes(ByteBuffer(string: body))
    }
    if let bytes {
      request.headers.add(name: "Content-Type", value: "application/x-tar")
      request.body = .bytes(ByteBuffer(bytes: bytes))
    }
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
    let bytes = try await response.body.collect(upTo: 64 << 20)
    return (Int(response.status.code), response.headers, String(buffer: bytes))
  }

  static func object(_ text: String) throws -> [String: Any]? {
    try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
  }
}

/// `plimsoll ARGUMENTS` on a thread of its own: status, standard output, standard error.
func runPlimsoll(_ arguments: [String], environment: [String: String]? = nil) async throws -> (Int32, String, String) {
  let executable = try plimsoll()
  return try await withCheckedThrowingContinuation { continuation in
    DispatchQueue.global().async {
      do {
        let (status, output, errors) = try ProcessOutput.run([executable] + arguments, environment: environment)
        continuation.resume(returning: (status, String(decoding: output, as: UTF8.self),
                                        String(decoding: errors, as: UTF8.self)))
      } catch {
        continuation.resume(throwing: error)
      }
    }
  }
}

/// The findings of a JSON report, as comparable JSON text (one per finding, in order).
func findings(ofJSONReport text: String) throws -> [String] {
  guard let object = try HTTP.object(text), let findings = object["findings"] as? [Any] else { return [] }
  return try findings.map {
    String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self)
  }
}

/// The errors of a response body against a schema of an OpenAPI file (empty when valid).
func openAPIViolations(_ body: String, schema: String, spec: String) throws -> String {
  let (status, output, errors) = try ProcessOutput.run(
    ["python3", Repository.root.path + "/scripts/validate-openapi-body.py", spec, schema], stdin: Data(body.utf8))
  return status == 0 ? "" : String(decoding: output + errors, as: UTF8.self) + " in " + body.prefix(500)
}

/// Plimsoll's own API description.
let serverSpec = Repository.root.path + "/docs/openapi/plimsoll-server.yaml"
