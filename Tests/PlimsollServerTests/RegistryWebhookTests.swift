import Foundation
import PlimsollCore
import PlimsollTestSupport
import Testing

/// The CNCF registry notifies the server (`notifications: endpoints:`); a push is scanned with
/// no human step.
@Suite(.enabled(if: TestPostgres.runs && LocalRegistry.runs && Requirement.testImage && Requirement.executable,
                "needs PostgreSQL, docker-registry, skopeo, the test image and the built executable"))
struct RegistryWebhookTests {
  @Test func aPushIsScannedAndEqualsPlimsollImage() async throws {
    let images = try #require(TestImage.available())
    let scratch = try Scratch()
    let cache = try await AdvisoryCache.shared.directory()
    let token = "webhook-" + UUID().uuidString
    let tokenFile = try scratch.write("token", token)
    let server = try await TestServer(database: try TestPostgres.createDatabase(), cache: cache, scratch: scratch,
                                      extra: ["--token-file", tokenFile])
    let registry = try LocalRegistry(notify: server.base + "/v1/registry-events", notifyToken: token)
    try registry.push("oci:\(images)/test-image-oci:1.0", as: "team/pushed:2.0")

    // The push is queued by the registry's notification alone.
    var scans: [[String: Any]] = []
    for _ in 0..<200 where scans.isEmpty {
      let (_, _, body) = try await HTTP.request("GET", server.base + "/v1/scans", token: token)
      scans = (try HTTP.object(body)?["scans"] as? [[String: Any]]) ?? []
      if scans.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
    }
    #expect(scans.count == 1, "\(scans)")
    let id = try #require(scans.first?["id"] as? String)
    let reference = try #require(scans.first?["reference"] as? String)
    #expect(reference.hasPrefix("\(registry.host)/team/pushed@sha256:"))
    #expect(scans.first?["origin"] as? String == "registry")
    let job = try await server.waitForJob(id.lowercased(), token: token)
    #expect(job["state"] as? String == "done", "\(job)")
    #expect(job["manifestDigest"] as? String == String(reference.split(separator: "@").last ?? ""))

    let (status, _, report) = try await HTTP.request("GET", server.base + "/v1/scans/\(id)/report", token: token)
    #expect(status == 200)
    let (cliStatus, cliReport, cliErrors) = try await runPlimsoll(
      ["image", reference, "--insecure", "--format", "json", "--cache-dir", cache, "--offline"])
    #expect(cliStatus == 0, "\(cliErrors)")
    let served = try findings(ofJSONReport: report)
    #expect(served.count > 100)
    #expect(served == (try findings(ofJSONReport: cliReport)))
    let (_, _, listing) = try await HTTP.request("GET", server.base + "/v1/images", token: token)
    #expect(listing.contains(reference.split(separator: "@").last.map(String.init) ?? "-"))
  }
}
