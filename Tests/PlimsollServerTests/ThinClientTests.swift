import Foundation
import PlimsollCore
import PlimsollTestSupport
import Testing

/// `plimsoll image REF --server URL`: the scan runs on the server, the report is the one a
/// local scan gives, with the local report options applied.
@Suite(.enabled(if: TestPostgres.runs && LocalRegistry.runs && Requirement.testImage && Requirement.executable,
                "needs PostgreSQL, docker-registry, skopeo, the test image and the built executable"))
struct ThinClientTests {
  @Test func theCommandLineScansOnTheServer() async throws {
    let images = try #require(TestImage.available())
    let scratch = try Scratch()
    let registry = try LocalRegistry()
    try registry.push("oci:\(images)/test-image-oci:1.0", as: "team/app:3.0")
    let cache = try await AdvisoryCache.shared.directory()
    let token = "client-" + UUID().uuidString
    let server = try await TestServer(database: try TestPostgres.createDatabase(), cache: cache, scratch: scratch,
                                      extra: ["--token-file", try scratch.write("token", token)])
    let reference = "\(registry.host)/team/app:3.0"
    var environment = ProcessInfo.processInfo.environment
    environment["PLIMSOLL_SERVER_TOKEN"] = token
    let (status, remote, errors) = try await runPlimsoll(
      ["image", reference, "--server", server.base, "--insecure", "--format", "json", "--severity", "HIGH,CRITICAL"],
      environment: environment)
    #expect(status == 0, "\(errors)")
    let (_, local, localErrors) = try await runPlimsoll(
      ["image", reference, "--insecure", "--format", "json", "--severity", "HIGH,CRITICAL", "--cache-dir", cache,
       "--offline"])
    let served = try findings(ofJSONReport: remote)
    #expect(served.count > 10, "\(localErrors)")
    #expect(served == (try findings(ofJSONReport: local)))
    #expect(try TestPostgres.query(server.database, "SELECT count(*) FROM scan_results") == "1")

    // Without the token the server refuses, and the error names the server.
    environment["PLIMSOLL_SERVER_TOKEN"] = nil
    let (refused, _, refusal) = try await runPlimsoll(["image", reference, "--server", server.base, "--insecure"],
                                                      environment: environment)
    #expect(refused == 2)
    #expect(refusal.contains("plimsoll: error: --server: \(server.base): 401"), "\(refusal)")
  }
}
