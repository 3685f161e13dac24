import Foundation
import PlimsollCore
import PlimsollTestSupport
import Testing

/// Harbor's Pluggable Scanner API v1.1, driven as the spec's examples do; every response body
/// is validated against the spec's schemas (scripts/validate-openapi-body.py).
@Suite(.enabled(if: TestPostgres.runs && LocalRegistry.runs && Requirement.testImage && Requirement.executable,
                "needs PostgreSQL, docker-registry, skopeo, the test image and the built executable"))
struct HarborAdapterTests {
  static let spec = Repository.root.deletingLastPathComponent()
    .appendingPathComponent("shared/schemas/harbor-scanner-adapter-openapi-v1.1.yaml").path

  /// The body's errors against `schema` (empty when valid).
  func violations(_ body: String, _ schema: String) throws -> String {
    let (status, output, errors) = try ProcessOutput.run(
      ["python3", Repository.root.path + "/scripts/validate-openapi-body.py", Self.spec, schema], stdin: Data(body.utf8))
    return status == 0 ? "" : String(decoding: output + errors, as: UTF8.self) + " in " + body.prefix(500)
  }

  @Test func theAdapterPassesTheSpecsExamples() async throws {
    let images = try #require(TestImage.available())
    let scratch = try Scratch()
    let (user, password) = ("robot$scanner", "s3cret-" + UUID().uuidString.prefix(8))
    let registry = try LocalRegistry(basicAuth: (user, password))
    try registry.push("oci:\(images)/test-image-oci:1.0", as: "library/mongo:3.14-xenial")
    let (_, inspected, _) = try ProcessOutput.run(
      ["skopeo", "inspect", "--tls-verify=false", "--creds", "\(user):\(password)", "--raw",
       "docker://\(registry.host)/library/mongo:3.14-xenial"])
    let manifest = try #require(try JSONSerialization.jsonObject(with: inspected) as? [String: Any])
    let mediaType = (manifest["mediaType"] as? String) ?? "application/vnd.oci.image.manifest.v1+json"
    let digest = Digest.sha256(inspected).description
    let cache = try await AdvisoryCache.shared.directory()
    let server = try await TestServer(database: try TestPostgres.createDatabase(), cache: cache, scratch: scratch)

    // GET /metadata
    let (metaStatus, metaHeaders, metadata) = try await HTTP.request("GET", server.base + "/api/v1/metadata")
    #expect(metaStatus == 200)
    #expect(metaHeaders["Content-Type"].first == "application/vnd.scanner.adapter.metadata+json; version=1.0")
    #expect(try violations(metadata, "ScannerAdapterMetadata") == "")
    #expect(metadata.contains("application/vnd.security.vulnerability.report; version=1.1"))

    // POST /scan, as Harbor sends it: the robot account's Basic credentials in the body.
    let authorization = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    let request = """
      {"registry": {"url": "http://\(registry.host)", "authorization": "\(authorization)"},
       "artifact": {"repository": "library/mongo", "digest": "\(digest)", "tag": "3.14-xenial",
                    "mime_type": "\(mediaType)"},
       "enabled_capabilities": [
         {"type": "vulnerability"},
         {"type": "sbom", "produces_mime_types": ["application/vnd.security.sbom.report+json; version=1.0"],
          "parameters": {"sbom_media_types": ["application/spdx+json", "application/vnd.cyclonedx+json"]}}]}
      """
    let scanType = "application/vnd.scanner.adapter.scan.request+json; version=1.0"
    let (accepted, acceptedHeaders, response) = try await HTTP.request(
      "POST", server.base + "/api/v1/scan", body: request, headers: [("Content-Type", scanType)])
    #expect(accepted == 202, "\(response)")
    let id = try #require(try HTTP.object(response)?["id"] as? String)

    // GET /scan/{id}/report: 302 with Refresh-After while pending, then the report. A scan of
    // an image in a registry that accepts connections but never answers stays pending for
    // certain (this one may already be done when asked, on a warm cache).
    let silent = try SilentListener()
    let pendingRequest = request.replacingOccurrences(of: "http://\(registry.host)", with: "http://127.0.0.1:\(silent.port)")
    let (_, _, pendingResponse) = try await HTTP.request(
      "POST", server.base + "/api/v1/scan", body: pendingRequest, headers: [("Content-Type", scanType)])
    let pendingID = try #require(try HTTP.object(pendingResponse)?["id"] as? String)
    let harborType = "application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0"
    let (pendingStatus, pendingHeaders, _) = try await HTTP.request(
      "GET", server.base + "/api/v1/scan/\(pendingID)/report", headers: [("Accept", harborType)])
    #expect(pendingStatus == 302)
    #expect(Int(pendingHeaders["Refresh-After"].first ?? "") != nil)
    let reportURL = server.base + "/api/v1/scan/\(id)/report"
    var (status, headers, report) = try await HTTP.request("GET", reportURL, headers: [("Accept", harborType)])
    #expect(acceptedHeaders["Content-Type"].first == "application/vnd.scanner.adapter.scan.response+json; version=1.0")
    #expect(try violations(response, "ScanResponse") == "")
    for _ in 0..<1200 where status == 302 {
      try await Task.sleep(for: .milliseconds(200))
      (status, headers, report) = try await HTTP.request("GET", reportURL, headers: [("Accept", harborType)])
    }
    #expect(status == 200, "\(report.prefix(500)) \(server.process.output.suffix(2000))")
    #expect(headers["Content-Type"].first == harborType)
    #expect(try violations(report, "HarborVulnerabilityReport") == "")
    let document = try #require(try HTTP.object(report))
    let vulnerabilities = try #require(document["vulnerabilities"] as? [[String: Any]])
    #expect((document["artifact"] as? [String: Any])?["digest"] as? String == digest)

    // The same vulnerabilities as `plimsoll image` of that reference.
    let (cliStatus, cliReport, cliErrors) = try await runPlimsoll(
      ["image", "\(registry.host)/library/mongo@\(digest)", "--insecure", "--format", "json", "--cache-dir", cache,
       "--offline"],
      environment: ProcessInfo.processInfo.environment.merging(
        ["PLIMSOLL_REGISTRY_USERNAME": user, "PLIMSOLL_REGISTRY_PASSWORD": password]) { $1 })
    #expect(cliStatus == 0, "\(cliErrors)")
    let cliFindings = try #require(try HTTP.object(cliReport)?["findings"] as? [[String: Any]])
    let cliVulnerabilities = cliFindings.filter { $0["kind"] as? String == "vulnerability" }
    #expect(vulnerabilities.count > 100)
    #expect(vulnerabilities.map { $0["id"] as? String ?? "" } == cliVulnerabilities.map { $0["id"] as? String ?? "" })

    // The other media types of the spec.
    let v11 = "application/vnd.security.vulnerability.report; version=1.1"
    let (v11Status, v11Headers, v11Report) = try await HTTP.request("GET", reportURL, headers: [("Accept", v11)])
    #expect(v11Status == 200 && v11Headers["Content-Type"].first == v11)
    #expect(try violations(v11Report, "HarborVulnerabilityReport") == "")
    let raw = "application/vnd.scanner.adapter.vuln.report.raw"
    let (rawStatus, rawHeaders, rawReport) = try await HTTP.request("GET", reportURL, headers: [("Accept", raw)])
    #expect(rawStatus == 200 && rawHeaders["Content-Type"].first == raw)
    #expect(try findings(ofJSONReport: rawReport).count == cliFindings.count)

    // v1.2: typed capabilities, and the SBOM report in SPDX and CycloneDX.
    let spec12 = Repository.root.deletingLastPathComponent()
      .appendingPathComponent("shared/schemas/harbor-scanner-adapter-openapi-v1.2.yaml").path
    let metadata11 = "application/vnd.scanner.adapter.metadata+json; version=1.1"
    let (_, meta12Headers, metadata12) = try await HTTP.request("GET", server.base + "/api/v1/metadata",
                                                                headers: [("Accept", metadata11)])
    #expect(meta12Headers["Content-Type"].first == metadata11)
    #expect(try openAPIViolations(metadata12, schema: "ScannerAdapterMetadata", spec: spec12) == "")
    #expect(metadata12.contains(#""type" : "sbom""#) || metadata12.contains(#""type":"sbom""#))
    let sbomType = "application/vnd.security.sbom.report+json; version=1.0"
    for (sbomMediaType, marker, list) in [("application%2Fspdx%2Bjson", "spdxVersion", "packages"),
                                          ("application%2Fvnd.cyclonedx%2Bjson", "bomFormat", "components")] {
      let (sbomStatus, sbomHeaders, sbomReport) = try await HTTP.request(
        "GET", reportURL + "?sbom_media_type=" + sbomMediaType, headers: [("Accept", sbomType)])
      #expect(sbomStatus == 200, "\(sbomReport.prefix(300))")
      #expect(sbomHeaders["Content-Type"].first == sbomType)
      #expect(try openAPIViolations(sbomReport, schema: "HarborSbomReport", spec: spec12) == "")
      let sbom = try #require(try HTTP.object(sbomReport)?["sbom"] as? [String: Any])
      #expect(sbom[marker] != nil)
      #expect((sbom[list] as? [Any])?.count ?? 0 > 300)
    }
    let (noTypeStatus, _, noType) = try await HTTP.request("GET", reportURL, headers: [("Accept", sbomType)])
    #expect(noTypeStatus == 400)
    #expect(noType.contains("sbom_media_type"))
    #expect(try openAPIViolations(noType, schema: "ErrorResponse", spec: spec12) == "")

    // Errors: the spec's ErrorResponse, 400 for bad JSON, 422 naming the field, 404 unknown id.
    let errorType = "application/vnd.scanner.adapter.error+json; version=1.0"
    let (badStatus, badHeaders, bad) = try await HTTP.request(
      "POST", server.base + "/api/v1/scan", body: "{not json", headers: [("Content-Type", scanType)])
    #expect(badStatus == 400 && badHeaders["Content-Type"].first == errorType)
    #expect(try violations(bad, "ErrorResponse") == "")
    let (invalidStatus, _, invalid) = try await HTTP.request(
      "POST", server.base + "/api/v1/scan",
      body: #"{"registry": {"url": "http://\#(registry.host)"}, "artifact": {"repository": "library/mongo"}}"#,
      headers: [("Content-Type", scanType)])
    #expect(invalidStatus == 422)
    #expect(try violations(invalid, "ErrorResponse") == "")
    #expect(((try HTTP.object(invalid)?["error"] as? [String: Any])?["message"] as? String)?.hasPrefix("artifact.digest") == true)
    #expect(try await HTTP.request("GET", server.base + "/api/v1/scan/\(UUID().uuidString)/report").0 == 404)

    // The registry credentials were neither stored nor logged.
    let (_, dump, _) = try ProcessOutput.run(["pg_dump", server.database])
    let stored = String(decoding: dump, as: UTF8.self)
    #expect(stored.contains("library/mongo@\(digest)"))
    for secret in [password, Data("\(user):\(password)".utf8).base64EncodedString()] {
      #expect(!stored.contains(secret))
      #expect(!server.process.output.contains(secret))
    }
  }
}

/// A loopback TCP port that accepts connections (the kernel's backlog) and never answers.
final class SilentListener {
  let port: Int
  private let descriptor: Int32

  init() throws {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    self.descriptor = descriptor
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(descriptor, $0, length) == 0 && listen(descriptor, 64) == 0 && getsockname(descriptor, $0, &length) == 0
      }
    }
    guard descriptor >= 0, bound else {
      throw NSError(domain: "SilentListener", code: 1, userInfo: [NSLocalizedDescriptionKey: "cannot listen on loopback"])
    }
    port = Int(UInt16(bigEndian: address.sin_port))
  }

  deinit { close(descriptor) }
}
