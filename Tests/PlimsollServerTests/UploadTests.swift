import Foundation
import PlimsollCore
import PlimsollTestSupport
import Testing

/// `POST /v1/uploads`: an image archive sent in the request is scanned as `plimsoll image FILE`
/// scans it; the thin client uploads a local archive.
@Suite(.enabled(if: TestPostgres.runs && Requirement.testImage && Requirement.executable,
                "needs PostgreSQL, the test image and the built executable"))
struct UploadTests {
  @Test func anUploadedArchiveIsScannedAsTheCommandLineScansIt() async throws {
    let images = try #require(TestImage.available())
    let archive = images + "/test-image-oci.tar"
    let scratch = try Scratch()
    let cache = try await AdvisoryCache.shared.directory()
    let server = try await TestServer(database: try TestPostgres.createDatabase(), cache: cache, scratch: scratch)

    let bytes = try Data(contentsOf: URL(fileURLWithPath: archive))
    let (status, _, body) = try await HTTP.request(
      "POST", server.base + "/v1/uploads?name=test-image-oci.tar&scanners=vuln,secret", bytes: bytes)
    #expect(status == 202, "\(body)")
    #expect(try openAPIViolations(body, schema: "ScanJob", spec: serverSpec) == "")
    let id = try #require(try HTTP.object(body)?["id"] as? String)
    let job = try await server.waitForJob(id)
    #expect(job["state"] as? String == "done", "\(job)")
    #expect(job["reference"] as? String == "upload:test-image-oci.tar")
    // The archive is kept only until its scan is done.
    #expect(try TestPostgres.query(server.database, "SELECT count(*) FROM uploads") == "0")

    let (_, _, report) = try await HTTP.request("GET", server.base + "/v1/scans/\(id)/report")
    let (cliStatus, cliReport, cliErrors) = try await runPlimsoll(
      ["image", archive, "--scanners", "vuln,secret", "--format", "json", "--cache-dir", cache, "--offline"])
    #expect(cliStatus == 0, "\(cliErrors)")
    let served = try findings(ofJSONReport: report)
    #expect(served.count > 100)
    #expect(served == (try findings(ofJSONReport: cliReport)))

    // The thin client uploads a local archive.
    let (clientStatus, remote, clientErrors) = try await runPlimsoll(
      ["image", archive, "--server", server.base, "--scanners", "vuln,secret", "--format", "json"])
    #expect(clientStatus == 0, "\(clientErrors)")
    #expect(try findings(ofJSONReport: remote) == served)

    // Bad uploads name the field.
    let (empty, _, emptyBody) = try await HTTP.request("POST", server.base + "/v1/uploads", bytes: Data())
    #expect(empty == 422)
    #expect(emptyBody.contains("body: empty"), "\(emptyBody)")
    let (badName, _, badNameBody) = try await HTTP.request("POST", server.base + "/v1/uploads?name=..%2Fx%20y",
                                                           bytes: Data([1]))
    #expect(badName == 400)
    #expect(badNameBody.contains("name"))
  }
}
