import Foundation
import PlimsollEngine
import PlimsollTestSupport
import Testing

/// The client against a loopback server that lies: malformed JSON, error statuses, odd sizes.
@Suite struct FakeEngineTests {
  private func withFake<T>(
    api: String = "1.41", configuration: EngineClient.Configuration = EngineClient.Configuration(),
    _ body: (EngineClient, String) async throws -> T
  ) async throws -> T {
    let server = try FakeEngine(script: FakeEngine.script, arguments: [api])
    defer { server.stop() }
    let endpoint = EngineEndpoint(tcpHost: "127.0.0.1", port: server.port)
    return try await EngineClient.withClient(endpoint, configuration: configuration) { client in
      try await body(client, endpoint.description)
    }
  }

  @Test func malformedJSONNamesTheEndpointAndRequest() async throws {
    try await withFake { (client, endpoint) async throws in
      let error = await #expect(throws: EngineError.self) { try await client.info() }
      #expect(error?.description.hasPrefix(
        "the Docker engine at \(endpoint) answered GET /v1.41/info with malformed JSON: ") == true)
      let typeError = await #expect(throws: EngineError.self) { try await client.containers() }
      #expect(typeError?.description == "the Docker engine at \(endpoint) answered GET /v1.41/containers/json "
        + "with malformed JSON: expected String at [0].Id")
    }
  }

  @Test func errorStatusCarriesTheEngineMessage() async throws {
    try await withFake { (client, endpoint) async throws in
      let error = await #expect(throws: EngineError.self) { try await client.version() }
      #expect(error == .status(endpoint: endpoint, request: "GET /v1.41/version", code: 500,
                               message: "Something broke inside"))
      #expect(error?.description == "something broke inside (HTTP 500 from GET /v1.41/version at \(endpoint))")
      let plain = await #expect(throws: EngineError.self) { try await client.inspectContainer("plain") }
      #expect(plain?.description == "bad gateway (HTTP 502 from GET /v1.41/containers/plain/json at \(endpoint))")
      let missing = await #expect(throws: EngineError.self) { try await client.inspectImage("x") }
      #expect(missing?.isNotFound == true)
    }
  }

  @Test func nullChangesAreEmpty() async throws {
    try await withFake { (client, _) async throws in
      #expect(try await client.changes("c1") == [])
    }
  }

  @Test func negotiatesDownToTheClientsNewestVersion() async throws {
    try await withFake(api: "1.99") { (client, _) async throws in
      #expect(try await client.ping() == APIVersion(1, 99))
      #expect(try await client.apiVersion() == APIVersion(1, 47))
      #expect(try await client.changes("c1") == [])
    }
  }

  @Test func refusesAnEngineOlderThanTheMinimum() async throws {
    try await withFake(api: "1.12") { (client, endpoint) async throws in
      let error = await #expect(throws: EngineError.self) { try await client.info() }
      #expect(error == .unsupportedAPIVersion(endpoint: endpoint, server: "1.12", minimum: "1.24"))
      #expect(error?.description.contains("speaks API 1.12, older than the oldest this client supports (1.24)") == true)
    }
  }

  @Test func jsonOverTheLimitIsRefused() async throws {
    var configuration = EngineClient.Configuration()
    configuration.maxResponseBytes = 100_000
    try await withFake(configuration: configuration) { (client, endpoint) async throws in
      let error = await #expect(throws: EngineError.self) { try await client.images() }
      #expect(error == .responseTooLarge(endpoint: endpoint, request: "GET /v1.41/images/json", limit: 100_000))
    }
    // The same answer fits the default limit.
    try await withFake { (client, _) async throws in
      #expect(try await client.images().count == 40000)
    }
  }

  @Test func slowAnswerTimesOut() async throws {
    var configuration = EngineClient.Configuration()
    configuration.requestTimeout = .milliseconds(500)
    try await withFake(configuration: configuration) { (client, endpoint) async throws in
      _ = try await client.apiVersion()
      let error = await #expect(throws: EngineError.self) { try await client.inspectContainer("slow") }
      #expect(error == .timeout(endpoint: endpoint, request: "GET /v1.41/containers/slow/json"))
    }
  }

  @Test func downloadsStopAtTheLimitAndLeaveNoFile() async throws {
    let scratch = try Scratch()
    let file = scratch.path + "/image.tar"
    try await withFake { (client, endpoint) async throws in
      let error = await #expect(throws: EngineError.self) {
        try await client.exportImage("small", to: file, limit: 4096)
      }
      #expect(error == .responseTooLarge(endpoint: endpoint, request: "GET /v1.41/images/small/get", limit: 4096))
      #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == [])

      let cut = await #expect(throws: EngineError.self) { try await client.exportImage("cut", to: file) }
      #expect(cut != nil)
      #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == [])

      #expect(try await client.exportImage("small", to: file, limit: 5000) == 5000)
      #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["image.tar"])
      #expect(try scratch.read("image.tar") == Array(repeating: UInt8(ascii: "y"), count: 5000))
    }
  }
}
