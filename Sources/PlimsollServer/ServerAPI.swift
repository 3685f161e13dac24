import Foundation
import Hummingbird
import PlimsollCore
import HTTPTypes

/// Plimsoll's own HTTP API (documented in docs/openapi/plimsoll-server.yaml), the registry
/// webhook, the Harbor adapter, and health, readiness and metrics.
struct ServerAPI: Sendable {
  let store: ScanStore
  let settings: ScanSettings
  let vault: CredentialVault
  let metrics: ServerMetrics
  /// The bearer token every endpoint but the health ones requires (nil: none).
  let token: String?
  /// The largest request body accepted.
  let bodyLimit: Int
  /// Workers in this process.
  let workers: Int
  /// The largest image archive accepted by `POST /v1/uploads`.
  let uploadLimit: Int

  func router() -> Router<BasicRequestContext> {
    let router = Router()
    router.add(middleware: BearerTokenMiddleware(token: token))
    router.get("healthz") { _, _ in try Responses.json(["status": "ok"]) }
    router.get("readyz") { _, _ in
      if await store.isReady() { return try Responses.json(["status": "ready"]) }
      return try Responses.json(["status": "the database does not answer or is not migrated"],
                                status: .serviceUnavailable)
    }
    router.get("metrics") { _, _ in
      if let depth = try? await store.depth() { metrics.setDepth(depth) }
      return Responses.bytes(metrics.exposition(), contentType: "text/plain; version=0.0.4")
    }
    router.post("v1/scans") { request, _ in await answer { try await submit(request) } }
    router.post("v1/uploads") { request, _ in await answer { try await upload(request) } }
    router.get("v1/scans") { request, _ in await answer { try await list(request) } }
    router.get("v1/scans/:id") { _, context in await answer { try await status(context) } }
    router.get("v1/scans/:id/report") { request, context in await answer { try await report(request, context) } }
    router.get("v1/scans/:id/result") { _, context in await answer { try await storedResult(context) } }
    router.get("v1/images") { _, _ in await answer { try Responses.json(["images": try await store.images()]) } }
    router.post("v1/registry-events") { request, _ in await answer { try await registryEvents(request) } }
    HarborAdapter(store: store, settings: settings, vault: vault, bodyLimit: bodyLimit, runsWorkers: workers > 0)
      .add(to: router)
    return router
  }

  /// Runs `body`, turning an `APIError` into its response and anything else into a 500.
  func answer(_ body: () async throws -> Response) async -> Response {
    do {
      return try await body()
    } catch let error as APIError {
      return error.response
    } catch {
      return APIError(.internalServerError, String(reflecting: error)).response
    }
  }

  /// `POST /v1/scans {"reference": "registry/repo:tag", "scanners": ["vuln"], "insecure": false}`.
  func submit(_ request: Request) async throws -> Response {
    let object = try Responses.object(try await request.collectBody(upTo: bodyLimit))
    guard let reference = object["reference"] as? String, !reference.isEmpty else {
      throw APIError(.unprocessableContent, field: "reference", "required: an image in a registry (host/repository:tag or @digest)")
    }
    guard (try? RegistryImageSource.reference(in: reference)) != nil else {
      throw APIError(.unprocessableContent, field: "reference",
                     "\(reference) is not an image in a registry (the server scans registry images only)")
    }
    let scanners = try Self.scanners(object["scanners"])
    var insecure = false
    if let value = object["insecure"] {
      guard let flag = value as? Bool else {
        throw APIError(.unprocessableContent, field: "insecure", "expected true or false")
      }
      insecure = flag
    }
    for key in object.keys where !["reference", "scanners", "insecure"].contains(key) {
      throw APIError(.unprocessableContent, field: key, "unknown field (known: reference, scanners, insecure)")
    }
    guard let id = try await store.enqueue(reference: reference, scanners: scanners, insecure: insecure,
                                           origin: "api", maxAttempts: settings.maxAttempts)
    else { throw APIError(.internalServerError, "the job was not queued") }
    let job = try await store.job(id)
    return try Responses.json(job, status: .accepted, headers: [(.location, "/v1/scans/\(id.uuidString.lowercased())")])
  }

  /// `POST /v1/uploads?name=app.tar&scanners=vuln,config`: the body is an image archive
  /// (docker-archive or OCI layout tar), scanned as `plimsoll image FILE` scans it.
  func upload(_ request: Request) async throws -> Response {
    let name = request.uri.queryParameters.get("name") ?? "upload.tar"
    guard !name.isEmpty, name.count <= 200,
      name.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0) })
    else {
      throw APIError(.badRequest, field: "name", "expected up to 200 letters, digits, '.', '_' or '-'")
    }
    let scanners = try Self.scanners(request.uri.queryParameters.get("scanners").map {
      $0.split(separator: ",").map(String.init)
    })
    let body = try await request.collectBody(upTo: uploadLimit)
    guard body.readableBytes > 0 else {
      throw APIError(.unprocessableContent, field: "body", "empty: expected an image archive (docker-archive or OCI layout tar)")
    }
    let id = try await store.enqueueUpload(name: name, data: body, scanners: scanners, maxAttempts: settings.maxAttempts)
    let job = try await store.job(id)
    return try Responses.json(job, status: .accepted, headers: [(.location, "/v1/scans/\(id.uuidString.lowercased())")])
  }

  /// The scanners a request names (`["vuln", "config", "secret"]`), `vuln` when it names none.
  static func scanners(_ value: Any?) throws(APIError) -> [String] {
    guard let value else { return [ImageScannerKind.vuln.rawValue] }
    let known = ImageScannerKind.allCases.map(\.rawValue)
    guard let names = value as? [String], !names.isEmpty else {
      throw APIError(.unprocessableContent, field: "scanners", "expected a non-empty array of \(known.joined(separator: ", "))")
    }
    for name in names where !known.contains(name) {
      throw APIError(.unprocessableContent, field: "scanners", "unknown scanner \(name) (known: \(known.joined(separator: ", ")))")
    }
    return Array(Set(names)).sorted()
  }

  /// `GET /v1/scans?state=parked`: jobs, newest first.
  func list(_ request: Request) async throws -> Response {
    let state = request.uri.queryParameters.get("state")
    if let state, !["queued", "running", "done", "parked"].contains(state) {
      throw APIError(.badRequest, field: "state", "expected queued, running, done or parked")
    }
    var limit = 100
    if let text = request.uri.queryParameters.get("limit") {
      guard let value = Int(text), (1...1000).contains(value) else {
        throw APIError(.badRequest, field: "limit", "expected a number from 1 to 1000")
      }
      limit = value
    }
    return try Responses.json(["scans": try await store.jobs(state: state, limit: limit)])
  }

  func jobID(_ context: BasicRequestContext) throws(APIError) -> UUID {
    guard let text = context.parameters.get("id"), let id = UUID(uuidString: text) else {
      throw APIError(.badRequest, field: "id", "not a scan id (a UUID)")
    }
    return id
  }

  /// `GET /v1/scans/{id}`: the job's state, attempts and error.
  func status(_ context: BasicRequestContext) async throws -> Response {
    let id = try jobID(context)
    guard let job = try await store.job(id) else { throw APIError(.notFound, field: "id", "no scan \(id)") }
    return try Responses.json(job)
  }

  /// `GET /v1/scans/{id}/report?format=json`: the report in any findings format of the CLI.
  func report(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
    let id = try jobID(context)
    let name = request.uri.queryParameters.get("format") ?? "json"
    guard let format = FindingsFormat(rawValue: String(name)) else {
      throw APIError(.badRequest, field: "format",
                     "unknown format \(name) (known: \(FindingsFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
    }
    guard let job = try await store.job(id) else { throw APIError(.notFound, field: "id", "no scan \(id)") }
    guard let stored = try await store.result(of: id) else {
      if job.state == "parked" {
        throw APIError(.conflict, "the scan was parked after \(job.attempts) attempts: \(job.error ?? "no error recorded")")
      }
      return try Responses.json(job, status: .accepted, headers: [(.retryAfter, "2")])
    }
    let rendered = try await ReportRendering.render(stored, format: format, store: store)
    return Responses.bytes(Array(rendered.utf8), contentType: ReportRendering.contentType(format))
  }

  /// `GET /v1/scans/{id}/result`: the stored report and inventory as the library models them
  /// (what `plimsoll image --server` renders locally).
  func storedResult(_ context: BasicRequestContext) async throws -> Response {
    let id = try jobID(context)
    guard let job = try await store.job(id) else { throw APIError(.notFound, field: "id", "no scan \(id)") }
    guard let stored = try await store.result(of: id) else {
      throw APIError(.conflict, field: "id", "the scan is \(job.state), not done")
    }
    let report = try JSONDecoder().decode(FindingReport.self, from: Data(stored.report.utf8))
    let inventory = try await store.inventory(of: stored.manifestDigest)
    // The library's own encoding (dates as the decoder of `RemoteScan` expects them).
    return Responses.bytes(Array(try JSONEncoder().encode(StoredScan(report: report, inventory: inventory))),
                           contentType: "application/json")
  }

  /// `POST /v1/registry-events`: a CNCF registry's notification envelope; every pushed image
  /// manifest is queued, once per event id (the registry retries deliveries).
  func registryEvents(_ request: Request) async throws -> Response {
    let object = try Responses.object(try await request.collectBody(upTo: bodyLimit))
    guard let events = object["events"] as? [[String: Any]] else {
      throw APIError(.unprocessableContent, field: "events", "expected an array of events")
    }
    var queued: [String] = []
    for (index, event) in events.enumerated() {
      guard event["action"] as? String == "push", let target = event["target"] as? [String: Any],
        let mediaType = target["mediaType"] as? String, RegistryEvents.imageManifestTypes.contains(mediaType)
      else { continue }
      guard let digest = target["digest"] as? String, digest.hasPrefix("sha256:") else {
        throw APIError(.unprocessableContent, field: "events[\(index)].target.digest", "expected sha256:…")
      }
      guard let repository = target["repository"] as? String, !repository.isEmpty else {
        throw APIError(.unprocessableContent, field: "events[\(index)].target.repository", "required")
      }
      guard let url = (target["url"] as? String).flatMap(URLComponents.init(string:)), let host = url.host,
        url.scheme == "http" || url.scheme == "https"
      else {
        throw APIError(.unprocessableContent, field: "events[\(index)].target.url", "expected the registry's http(s) URL of the manifest")
      }
      let registry = url.port.map { "\(host):\($0)" } ?? host
      let reference = "\(registry)/\(repository)@\(digest)"
      let eventID = (event["id"] as? String).map { "registry:\($0)" }
      if let id = try await store.enqueue(reference: reference, scanners: settings.webhookScanners,
                                          insecure: url.scheme == "http", origin: "registry",
                                          maxAttempts: settings.maxAttempts, eventID: eventID)
      {
        queued.append(id.uuidString.lowercased())
      }
    }
    return try Responses.json(["queued": queued], status: .accepted)
  }
}

/// The CNCF registry's notifications.
enum RegistryEvents {
  /// Media types of single-image manifests (an index's images are pushed, and notified, one by one).
  static let imageManifestTypes: Set<String> = [
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.v2+json",
  ]
}

/// Requires `Authorization: Bearer TOKEN` on every path but `/healthz` and `/readyz`.
struct BearerTokenMiddleware: RouterMiddleware {
  typealias Context = BasicRequestContext
  let token: String?

  func handle(_ request: Request, context: Context,
              next: (Request, Context) async throws -> Response) async throws -> Response {
    guard let token, request.uri.path != "/healthz", request.uri.path != "/readyz" else {
      return try await next(request, context)
    }
    let given = request.headers[.authorization] ?? ""
    guard Self.constantTimeEqual(given, "Bearer " + token) else {
      var refusal = APIError(.unauthorized, field: "Authorization", "a bearer token is required")
      if request.uri.path.hasPrefix("/api/v1/") { refusal.contentType = HarborAdapter.errorType }
      var response = refusal.response
      response.headers[.wwwAuthenticate] = "Bearer"
      return response
    }
    return try await next(request, context)
  }

  static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var difference: UInt8 = 0
    for index in x.indices { difference |= x[index] ^ y[index] }
    return difference == 0
  }
}
