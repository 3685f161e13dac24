import Foundation
import Hummingbird
import PlimsollCore
import PlimsollIO
import HTTPTypes

/// Harbor's Pluggable Scanner API v1.1: `GET /api/v1/metadata`, `POST /api/v1/scan`,
/// `GET /api/v1/scan/{id}/report`. The registry authorization Harbor sends is kept in this
/// process's memory for the job only (never stored or logged).
struct HarborAdapter: Sendable {
  let store: ScanStore
  let settings: ScanSettings
  let vault: CredentialVault
  let bodyLimit: Int
  /// Whether this process runs workers: only they may use the credentials it receives.
  let runsWorkers: Bool

  static let metadataType = "application/vnd.scanner.adapter.metadata+json; version=1.0"
  static let scanRequestType = "application/vnd.scanner.adapter.scan.request+json; version=1.0"
  static let scanResponseType = "application/vnd.scanner.adapter.scan.response+json; version=1.0"
  static let errorType = "application/vnd.scanner.adapter.error+json; version=1.0"
  static let harborReportType = "application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0"
  static let vulnerabilityReportType = "application/vnd.security.vulnerability.report; version=1.1"
  static let rawReportType = "application/vnd.scanner.adapter.vuln.report.raw"
  /// v1.2: the SBOM report, in SPDX or CycloneDX (`sbom_media_type`).
  static let sbomReportType = "application/vnd.security.sbom.report+json; version=1.0"
  static let sbomMediaTypes: [String: SBOMFormat] = ["application/spdx+json": .spdxJSON,
                                                    "application/vnd.cyclonedx+json": .cyclonedx]
  static let consumed = ["application/vnd.oci.image.manifest.v1+json",
                         "application/vnd.docker.distribution.manifest.v2+json"]

  func add(to router: Router<BasicRequestContext>) {
    router.get("api/v1/metadata") { request, _ in await answer { try metadata(request) } }
    router.post("api/v1/scan") { request, _ in await answer { try await accept(request) } }
    router.get("api/v1/scan/:id/report") { request, context in await answer { try await report(request, context) } }
  }

  func answer(_ body: () async throws -> Response) async -> Response {
    do {
      return try await body()
    } catch var error as APIError {
      error.contentType = Self.errorType
      return error.response
    } catch {
      var failure = APIError(.internalServerError, String(reflecting: error))
      failure.contentType = Self.errorType
      return failure.response
    }
  }

  struct Scanner: Codable {
    var name = "Plimsoll"
    var vendor = "Plimsoll"
    var version = PlimsollVersion.current
  }

  struct Capability: Codable {
    /// v1.2: `vulnerability` or `sbom` (v1.1 clients ignore it).
    var type: String
    var consumes_mime_types: [String]
    var produces_mime_types: [String]
    var additional_attributes: [String: [String]]?
  }

  struct Metadata: Codable {
    var scanner = Scanner()
    var capabilities: [Capability]
    var properties: [String: String]
  }

  /// The metadata; `version=1.1` of the metadata media type when the client asks for it (v1.2).
  func metadata(_ request: Request) throws -> Response {
    var properties = ["harbor.scanner-adapter/scanner-type": "os-package-vulnerability"]
    if let modified = FileStatus(settings.cache.databasePath)?.modified {
      properties["harbor.scanner-adapter/vulnerability-database-updated-at"] = ISO8601DateFormatter().string(from: modified)
    }
    let value = Metadata(
      capabilities: [
        Capability(type: "vulnerability", consumes_mime_types: Self.consumed,
                   produces_mime_types: [Self.harborReportType, Self.vulnerabilityReportType, Self.rawReportType]),
        Capability(type: "sbom", consumes_mime_types: Self.consumed, produces_mime_types: [Self.sbomReportType],
                   additional_attributes: ["sbom_media_types": Self.sbomMediaTypes.keys.sorted()]),
      ],
      properties: properties)
    let accept = request.headers[.accept] ?? ""
    let type = accept.contains("adapter.metadata+json; version=1.1")
      ? "application/vnd.scanner.adapter.metadata+json; version=1.1" : Self.metadataType
    return try Responses.json(value, contentType: type)
  }

  /// `POST /api/v1/scan`: 400 for a body that is not a JSON object, 422 naming a bad field.
  func accept(_ request: Request) async throws -> Response {
    let object = try Responses.object(try await request.collectBody(upTo: bodyLimit, contentType: Self.errorType),
                                      contentType: Self.errorType)
    guard let registry = object["registry"] as? [String: Any] else {
      throw APIError(.unprocessableContent, field: "registry", "required: {url, authorization}")
    }
    guard let artifact = object["artifact"] as? [String: Any] else {
      throw APIError(.unprocessableContent, field: "artifact", "required: {repository, digest}")
    }
    guard let urlText = registry["url"] as? String, let url = URLComponents(string: urlText), let host = url.host,
      !host.isEmpty, url.scheme == "http" || url.scheme == "https"
    else {
      throw APIError(.unprocessableContent, field: "registry.url", "expected the registry's base URL, http(s)://host[:port]")
    }
    guard let repository = artifact["repository"] as? String, !repository.isEmpty else {
      throw APIError(.unprocessableContent, field: "artifact.repository", "required")
    }
    guard let digest = artifact["digest"] as? String, digest.hasPrefix("sha256:"), digest.count == 71 else {
      throw APIError(.unprocessableContent, field: "artifact.digest", "expected sha256: and 64 hex digits")
    }
    if let mimeType = artifact["mime_type"] as? String, !Self.consumed.contains(mimeType) {
      throw APIError(.unprocessableContent, field: "artifact.mime_type",
                     "\(mimeType) is not scanned (supported: \(Self.consumed.joined(separator: ", ")))")
    }
    if let capabilities = object["enabled_capabilities"] {
      guard let list = capabilities as? [[String: Any]],
        list.allSatisfy({ ["vulnerability", "sbom"].contains($0["type"] as? String ?? "") })
      else {
        throw APIError(.unprocessableContent, field: "enabled_capabilities",
                       "expected [{\"type\": \"vulnerability\" or \"sbom\"}]")
      }
    }
    var credentials: RegistryCredentials?
    if let authorization = registry["authorization"] as? String, !authorization.isEmpty {
      credentials = try Self.credentials(authorization)
      guard runsWorkers else {
        throw APIError(.unprocessableContent, field: "registry.authorization",
                       "this server runs no workers (--workers 0), and registry credentials never leave the process that received them")
      }
    }
    let reference = "\(url.port.map { "\(host):\($0)" } ?? host)/\(repository)@\(digest)"
    let artifactJSON = String(decoding: try JSONSerialization.data(withJSONObject: artifact, options: [.sortedKeys]),
                              as: UTF8.self)
    // The job is queued for this process only when it carries credentials; they are kept
    // before the job can be claimed.
    let id = UUID()
    if let credentials { await vault.keep(credentials, for: id) }
    guard let queued = try await store.enqueue(
      id: id, reference: reference, scanners: ["vuln"], insecure: url.scheme == "http", origin: "harbor",
      maxAttempts: settings.maxAttempts, credentialHolder: credentials == nil ? nil : vault.holder,
      harborArtifact: artifactJSON)
    else { throw APIError(.internalServerError, "the scan was not queued") }
    return try Responses.json(["id": queued.uuidString.lowercased()], status: .accepted, contentType: Self.scanResponseType)
  }

  /// `Basic base64(user:password)`; any other scheme is refused (the registry client logs in
  /// with a user and password).
  static func credentials(_ authorization: String) throws(APIError) -> RegistryCredentials {
    let parts = authorization.split(separator: " ", maxSplits: 1)
    guard parts.count == 2, parts[0].lowercased() == "basic",
      let decoded = Data(base64Encoded: String(parts[1])).map({ String(decoding: $0, as: UTF8.self) }),
      let colon = decoded.firstIndex(of: ":")
    else {
      throw APIError(.unprocessableContent, field: "registry.authorization",
                     "expected Basic and base64 of user:password")
    }
    return RegistryCredentials(username: String(decoded[..<colon]), password: String(decoded[decoded.index(after: colon)...]))
  }

  /// `GET /api/v1/scan/{id}/report`: 302 with `Refresh-After` while the scan runs, 500 with
  /// the error when it was parked, else the report in the media type asked for.
  func report(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
    guard let text = context.parameters.get("id"), let id = UUID(uuidString: text),
      let job = try await store.job(id), job.origin == "harbor"
    else {
      return Responses.bytes([], status: .notFound, contentType: Self.errorType)
    }
    guard let stored = try await store.result(of: id) else {
      if job.state == "parked" {
        throw APIError(.internalServerError, "the scan failed \(job.attempts) times: \(job.error ?? "no error recorded")")
      }
      let refresh = HTTPField.Name("Refresh-After") ?? .retryAfter
      return Responses.bytes([], status: .found, contentType: Self.errorType, headers: [(refresh, "5")])
    }
    let accept = request.headers[.accept] ?? Self.harborReportType
    if accept.contains("application/vnd.security.sbom.report+json") {
      return try await sbomReport(request, stored: stored, job: id)
    }
    if accept.contains(Self.rawReportType) {
      let raw = try await ReportRendering.render(stored, format: .json, store: store)
      return Responses.bytes(Array(raw.utf8), contentType: Self.rawReportType)
    }
    let contentType = accept.contains("application/vnd.security.vulnerability.report")
      ? Self.vulnerabilityReportType : Self.harborReportType
    let report = Policy().apply(try JSONDecoder().decode(FindingReport.self, from: Data(stored.report.utf8)))
    var artifact: [String: String] = [:]
    if let json = try await store.harborArtifact(of: id),
      let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    {
      for (key, value) in object { if let value = value as? String { artifact[key] = value } }
    }
    return try Responses.json(HarborReport(report, artifact: artifact, generatedAt: stored.scannedAt),
                              contentType: contentType)
  }
}

extension HarborAdapter {
  /// v1.2's `HarborSbomReport`: the image's SBOM in the `sbom_media_type` asked for.
  func sbomReport(_ request: Request, stored: StoredResult, job: UUID) async throws -> Response {
    // A `+` left unescaped in the query reads as a space.
    let mediaType = (request.uri.queryParameters.get("sbom_media_type") ?? "").replacingOccurrences(of: " ", with: "+")
    guard let format = Self.sbomMediaTypes[mediaType] else {
      throw APIError(.badRequest, field: "sbom_media_type",
                     "expected \(Self.sbomMediaTypes.keys.sorted().joined(separator: " or "))")
    }
    guard let inventory = try await store.inventory(of: stored.manifestDigest) else {
      throw APIError(.internalServerError, "no stored inventory for \(stored.manifestDigest)")
    }
    let document = SBOMRenderer.render(inventory, format: format, options: SBOMOptions(timestamp: stored.scannedAt))
    let sbom = (try? JSONSerialization.jsonObject(with: Data(document.utf8))) ?? [:]
    var artifact: [String: Any] = [:]
    if let json = try await store.harborArtifact(of: job),
      let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    {
      artifact = object
    }
    let body: [String: Any] = [
      "generated_at": ISO8601DateFormatter().string(from: stored.scannedAt),
      "artifact": artifact,
      "scanner": ["name": "Plimsoll", "vendor": "Plimsoll", "version": PlimsollVersion.current],
      "media_type": mediaType,
      "sbom": sbom,
    ]
    let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])
    return Responses.bytes(Array(data), contentType: Self.sbomReportType)
  }
}

/// Harbor's `HarborVulnerabilityReport`.
struct HarborReport: Encodable {
  struct CVSS: Encodable {
    var score_v3: Double?
    var score_v2: Double?
    var vector_v3: String?
    var vector_v2: String?
  }

  struct Item: Encodable {
    var id: String
    var package: String
    var version: String
    var fix_version: String?
    var severity: String
    var description: String?
    var links: [String]
    var preferred_cvss: CVSS?
    var vendor_attributes: [String: String]
  }

  var generated_at: Date
  var artifact: [String: String]
  var scanner = HarborAdapter.Scanner()
  var severity: String
  var vulnerabilities: [Item]

  init(_ report: FindingReport, artifact: [String: String], generatedAt: Date) {
    generated_at = generatedAt
    self.artifact = artifact
    let vulnerabilities = report.findings.filter { $0.kind == .vulnerability }
    self.vulnerabilities = vulnerabilities.map { finding in
      let v3 = finding.cvss.first { $0.scoreVersion?.hasPrefix("3") == true }
      let v2 = finding.cvss.first { $0.scoreVersion?.hasPrefix("2") == true }
      let cvss = (v3 ?? v2) == nil ? nil : CVSS(score_v3: v3?.score, score_v2: v2?.score,
                                                  vector_v3: v3?.vector, vector_v2: v2?.vector)
      var attributes: [String: String] = ["status": finding.status.rawValue]
      if let purl = finding.package?.purl { attributes["purl"] = purl }
      return Item(id: finding.id, package: finding.package?.name ?? "", version: finding.package?.installedVersion ?? "",
                  fix_version: finding.package?.fixedVersion, severity: Self.severity(finding.severity),
                  description: finding.description ?? finding.title,
                  links: finding.references.filter { $0.hasPrefix("https://") || $0.hasPrefix("http://") },
                  preferred_cvss: cvss, vendor_attributes: attributes)
    }
    severity = Self.severity(vulnerabilities.map(\.severity).max() ?? .unknown)
  }

  /// Harbor's scale: Unknown, Negligible, Low, Medium, High, Critical.
  static func severity(_ severity: Severity) -> String {
    switch severity {
    case .unknown: "Unknown"
    case .low: "Low"
    case .medium: "Medium"
    case .high: "High"
    case .critical: "Critical"
    }
  }
}
