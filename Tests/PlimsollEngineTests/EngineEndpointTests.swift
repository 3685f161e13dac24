import Foundation
import PlimsollEngine
import PlimsollTestSupport
import Testing

@Suite struct EngineEndpointTests {
  @Test func defaultsToTheEngineSocket() throws {
    #expect(try EngineEndpoint.fromEnvironment([:]).description == "unix:///var/run/docker.sock")
    #expect(try EngineEndpoint.fromEnvironment(["DOCKER_HOST": ""]).description == "unix:///var/run/docker.sock")
  }

  @Test(arguments: [
    ("unix:///run/user/1000/docker.sock", "unix:///run/user/1000/docker.sock"),
    ("tcp://127.0.0.1:2375", "tcp://127.0.0.1:2375"),
    ("tcp://localhost:12345/", "tcp://localhost:12345"),
    ("tcp://[::1]:2375", "tcp://[::1]:2375"),
  ])
  func parsesUsableHosts(value: String, expected: String) throws {
    #expect(try EngineEndpoint.fromEnvironment(["DOCKER_HOST": value]).description == expected)
  }

  @Test(arguments: [
    ("ssh://me@build-host", "ssh://"),
    ("https://127.0.0.1:2376", "TLS"),
    ("tcp://127.0.0.1", "needs a port"),
    ("tcp://127.0.0.1:99999", "not a port number"),
    ("tcp://:2375", "needs a host"),
    ("tcp://127.0.0.1:2375/v1.41", "no path"),
    ("unix://relative.sock", "absolute path"),
    ("npipe:////./pipe/docker_engine", "not supported"),
    ("127.0.0.1:2375", "expected unix:///path or tcp://host:port"),
  ])
  func refusesUnusableHosts(value: String, reason: String) {
    do {
      _ = try EngineEndpoint.fromEnvironment(["DOCKER_HOST": value])
      Issue.record("accepted DOCKER_HOST=\(value)")
    } catch let error as EngineError {
      guard case .invalidHost(let named, _) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(named == value)
      #expect(error.description.hasPrefix("DOCKER_HOST=\(value) is not usable: "))
      #expect(error.description.contains(reason))
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  @Test func refusesTCPWithTLSVerification() {
    #expect(throws: EngineError.self) {
      try EngineEndpoint.fromEnvironment(["DOCKER_HOST": "tcp://127.0.0.1:2376", "DOCKER_TLS_VERIFY": "1"])
    }
    #expect(throws: EngineError.self) {
      try EngineClient(environment: ["DOCKER_HOST": "ssh://builder"])
    }
  }

  @Test func ordersAPIVersionsNumerically() {
    #expect(APIVersion("1.9")! < APIVersion("1.41")!)
    #expect(APIVersion("1.41")!.description == "1.41")
    #expect(APIVersion("1.") == nil)
    #expect(APIVersion("one.two") == nil)
    #expect(APIVersion("1.41.2") == nil)
  }

  @Test func escapesNamesIntoOnePathSegment() {
    #expect(EngineClient.escape("app:1.4") == "app%3A1.4")
    #expect(EngineClient.escape("registry:5000/x/y@sha256:ab") == "registry%3A5000%2Fx%2Fy%40sha256%3Aab")
    #expect(EngineClient.escape("..") == "%2E%2E")
    #expect(EngineClient.escape("a b?c#d") == "a%20b%3Fc%23d")
  }

  @Test func missingSocketIsACannotConnectError() async throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("plimsoll-\(UUID().uuidString).sock").path
    let error = await #expect(throws: EngineError.self) {
      try await EngineClient.withClient(EngineEndpoint(unixSocket: path)) { try await $0.info() }
    }
    #expect(error?.description == "cannot connect to the Docker engine at unix://\(path): no such file (is dockerd running?)")
  }

  @Test func closedPortIsConnectionRefused() async throws {
    // Bind and release a port so nothing listens on it.
    let server = try FakeEngine(script: FakeEngine.closedPortScript)
    let port = server.port
    server.stop()
    let error = await #expect(throws: EngineError.self) {
      try await EngineClient.withClient(EngineEndpoint(tcpHost: "127.0.0.1", port: port)) { try await $0.ping() }
    }
    #expect(error?.description == "cannot connect to the Docker engine at tcp://127.0.0.1:\(port): connection refused (is dockerd running?)")
  }
}

@Test func aClientDroppedWithoutShutdownDoesNotTrap() async throws {
  let path = FileManager.default.temporaryDirectory.appendingPathComponent("plimsoll-\(UUID().uuidString).sock").path
  var client: EngineClient? = EngineClient(endpoint: EngineEndpoint(unixSocket: path))
  await #expect(throws: EngineError.self) { try await client?.ping() }
  client = nil
  #expect(client == nil)
  // Shutting down twice is harmless.
  let other = EngineClient(endpoint: .default)
  try await other.shutdown()
  try await other.shutdown()
}

@Test func staleSocketIsRefusedAndAFileIsNotASocket() async throws {
  let scratch = try Scratch()
  let socket = scratch.path + "/stale.sock"
  // A socket file nobody listens on any more.
  try scratch.run(["python3", "-c", "import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.close()", socket])
  let refused = await #expect(throws: EngineError.self) {
    try await EngineClient.withClient(EngineEndpoint(unixSocket: socket)) { try await $0.ping() }
  }
  #expect(refused?.description == "cannot connect to the Docker engine at unix://\(socket): connection refused (is dockerd running?)")

  let file = try scratch.write("plain", "not a socket")
  let notSocket = await #expect(throws: EngineError.self) {
    try await EngineClient.withClient(EngineEndpoint(unixSocket: file)) { try await $0.ping() }
  }
  #expect(notSocket?.description == "cannot connect to the Docker engine at unix://\(file): not a socket")
}
