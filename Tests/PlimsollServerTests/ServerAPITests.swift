import Foundation
import PlimsollCore
import PlimsollTestSupport
import Testing

/// `plimsoll server` run for real: PostgreSQL, the CNCF registry, the project's test image.
@Suite(.enabled(if: TestPostgres.runs && LocalRegistry.runs && Requirement.testImage && Requirement.executable,
                "needs PostgreSQL, docker-registry, skopeo, the test image and the built executable"))
struct ServerAPITests {
  /// A scan submitted by reference is stored; its report, in every findings format, is the
  /// one `plimsoll image` gives for the same reference; the image is listed with it.
  @Test func aSubmittedScanEqualsPlimsollImageInEveryFormat() async throws {
    let images = try #require(TestImage.available())
    let scratch = try Scratch()
    let registry = try LocalRegistry()
    try registry.push("oci:\(images)/test-image-oci:1.0", as: "team/app:1.4")
    let cache = try await AdvisoryCache.shared.directory()
    let server = try await TestServer(database: try TestPostgres.createDatabase(), cache: cache, scratch: scratch)
    let reference = "\(registry.host)/team/app:1.4"

    let (status, headers, body) = try await HTTP.request(
      "POST", server.base + "/v1/scans",
      body: #"{"reference": "\#(reference)", "scanners": ["vuln", "config", "secret"], "insecure": true}"#)
    #expect(status == 202, "\(body)")
    #expect(try openAPIViolations(body, schema: "ScanJob", spec: serverSpec) == "")
    let id = try #require(try HTTP.object(body)?["id"] as? String)
    #expect(headers["Location"].first == "/v1/scans/\(id)")
    let job = try await server.waitForJob(id)
    #expect(job["state"] as? String == "done", "\(job)")
    let digest = try #require(job["manifestDigest"] as? String)
    #expect(digest.hasPrefix("sha256:"))

    let (reportStatus, reportHeaders, report) = try await HTTP.request("GET", server.base + "/v1/scans/\(id)/report?format=json")
    #expect(reportStatus == 200)
    #expect(reportHeaders["Content-Type"].first == "application/json")
    let (cliStatus, cliReport, cliErrors) = try await runPlimsoll(
      ["image", reference, "--insecure", "--scanners", "vuln,config,secret", "--format", "json",
       "--cache-dir", cache, "--offline"])
    #expect(cliStatus == 0, "\(cliErrors)")
    let served = try findings(ofJSONReport: report)
    let expected = try findings(ofJSONReport: cliReport)
    #expect(served.count > 100)
    #expect(served == expected)

    for format in FindingsFormat.allCases {
      let (formatStatus, formatHeaders, text) = try await HTTP.request(
        "GET", server.base + "/v1/scans/\(id)/report?format=\(format.rawValue)")
      #expect(formatStatus == 200, "\(format): \(text.prefix(300))")
      #expect(!text.isEmpty, "\(format)")
      #expect(formatHeaders["Content-Type"].first != nil)
    }
    let (sarifStatus, _, sarif) = try await HTTP.request("GET", server.base + "/v1/scans/\(id)/report?format=sarif")
    #expect(sarifStatus == 200)
    #expect(sarif.contains("2.1.0"))

    let (_, _, listing) = try await HTTP.request("GET", server.base + "/v1/images")
    #expect(try openAPIViolations(listing, schema: "ImageList", spec: serverSpec) == "")
    let (_, _, scans) = try await HTTP.request("GET", server.base + "/v1/scans?state=done")
    #expect(try openAPIViolations(scans, schema: "ScanList", spec: serverSpec) == "")
    let listed = try #require(try HTTP.object(listing)?["images"] as? [[String: Any]])
    #expect(listed.count == 1)
    #expect(listed.first?["manifestDigest"] as? String == digest)
    #expect(listed.first?["scanID"] as? String == id.uppercased() || listed.first?["scanID"] as? String == id)
    // Inventories are stored per layer diffID: every layer of the image has its row.
    let layers = try SourceResolver.resolve("oci:\(images)/test-image-oci:1.0").layers.count
    #expect(try TestPostgres.query(server.database, "SELECT count(*) FROM image_layers") == "\(layers)")
    #expect(try TestPostgres.query(server.database, "SELECT count(*) FROM scan_results") == "1")

    let (_, _, metrics) = try await HTTP.request("GET", server.base + "/metrics")
    #expect(metrics.contains(#"plimsoll_queue_jobs{state="done"} 1"#), "\(metrics)")
    #expect(metrics.contains("plimsoll_scans_total 1"), "\(metrics)")
    #expect(metrics.contains("plimsoll_scan_duration_seconds_count 1"), "\(metrics)")
    let (ready, _, _) = try await HTTP.request("GET", server.base + "/readyz")
    #expect(ready == 200)
  }

  /// Bad requests get 4xx with a JSON error naming the field.
  @Test func badRequestsNameTheField() async throws {
    let scratch = try Scratch()
    let server = try await TestServer(database: try TestPostgres.createDatabase(), cache: scratch.path + "/cache",
                                      scratch: scratch, workers: 0, extra: ["--max-body-bytes", "4096"])
    func refusal(_ method: String, _ path: String, _ body: String?) async throws -> (Int, String?, String?) {
      let (status, headers, text) = try await HTTP.request(method, server.base + path, body: body)
      #expect(headers["Content-Type"].first == "application/json")
      #expect(try openAPIViolations(text, schema: "Error", spec: serverSpec) == "")
      let error = try HTTP.object(text)?["error"] as? [String: Any]
      return (status, error?["field"] as? String, error?["message"] as? String)
    }
    #expect(try await refusal("POST", "/v1/scans", "{}") == (422, "reference",
      "reference: required: an image in a registry (host/repository:tag or @digest)"))
    #expect(try await refusal("POST", "/v1/scans", #"{"reference": "oci:/etc"}"#).1 == "reference")
    #expect(try await refusal("POST", "/v1/scans", #"{"reference": "r.example/a:1", "scanners": ["virus"]}"#)
      == (422, "scanners", "scanners: unknown scanner virus (known: vuln, config, secret)"))
    #expect(try await refusal("POST", "/v1/scans", #"{"reference": "r.example/a:1", "insecure": "yes"}"#).1 == "insecure")
    #expect(try await refusal("POST", "/v1/scans", #"{"reference": "r.example/a:1", "color": 1}"#).1 == "color")
    #expect(try await refusal("POST", "/v1/scans", "not json").0 == 400)
    let big = #"{"reference": ""# + String(repeating: "a", count: 5000) + #""}"#
    #expect(try await refusal("POST", "/v1/scans", big) == (413, "body", "body: larger than 4096 bytes"))
    #expect(try await refusal("GET", "/v1/scans/nope", nil).1 == "id")
    #expect(try await refusal("GET", "/v1/scans/\(UUID().uuidString)", nil).0 == 404)
    #expect(try await refusal("GET", "/v1/scans/\(UUID().uuidString)/report?format=pdf", nil).1 == "format")
    #expect(try await refusal("GET", "/v1/scans?state=lost", nil).1 == "state")
    #expect(try await refusal("POST", "/v1/registry-events", #"{"events": 3}"#).1 == "events")
    // Harbor's credentials never leave the process that received them: one without workers refuses them.
    let digest = "sha256:" + String(repeating: "a", count: 64)
    let (harborStatus, _, harbor) = try await HTTP.request(
      "POST", server.base + "/api/v1/scan",
      body: #"{"registry": {"url": "http://127.0.0.1:1", "authorization": "Basic dTpw"}, "#
        + #""artifact": {"repository": "a/b", "digest": "\#(digest)"}}"#)
    #expect(harborStatus == 422)
    #expect(harbor.contains("registry.authorization: this server runs no workers"), "\(harbor)")
  }

  /// Bound beyond loopback the server needs a token; with one, every endpoint but the health
  /// ones requires it.
  @Test func aTokenGuardsEverythingButHealth() async throws {
    let scratch = try Scratch()
    let database = try TestPostgres.createDatabase()
    let (refused, _, errors) = try await runPlimsoll(["server", "--database", database, "--listen", "0.0.0.0:1"])
    #expect(refused == 2)
    #expect(errors.contains("--listen: 0.0.0.0 is not a loopback address: give --token-file"), "\(errors)")
    let token = "t0ken-" + UUID().uuidString
    let tokenFile = try scratch.write("token", token + "\n")
    let server = try await TestServer(database: database, cache: scratch.path + "/cache", scratch: scratch,
                                      workers: 0, extra: ["--token-file", tokenFile])
    for path in ["/v1/images", "/v1/scans", "/metrics", "/api/v1/metadata"] {
      let (status, headers, _) = try await HTTP.request("GET", server.base + path)
      #expect(status == 401, "\(path)")
      #expect(headers["WWW-Authenticate"].first == "Bearer")
      #expect(try await HTTP.request("GET", server.base + path, token: "wrong-\(token)").0 == 401)
      #expect(try await HTTP.request("GET", server.base + path, token: token).0 == 200, "\(path)")
    }
    #expect(try await HTTP.request("GET", server.base + "/healthz").0 == 200)
    #expect(try await HTTP.request("GET", server.base + "/readyz").0 == 200)
  }
}
