import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A client of the Docker Engine API over its unix socket or a plain-HTTP loopback port.
///
/// Negotiates the API version on first use as the docker command line does (`GET /_ping`,
/// then the lower of the engine's and the client's newest version), so every request names a
/// version both sides speak. One HTTP client per `EngineClient`: call `shutdown()` when done,
/// or use `withClient(_:configuration:_:)`.
public final class EngineClient: Sendable {
  /// Limits and timeouts of a client.
  public struct Configuration: Sendable {
    /// The largest JSON response read into memory.
    public var maxResponseBytes = 64 << 20
    /// The largest download (`exportImage`, `exportContainer`) written to a file.
    public var maxDownloadBytes: Int64 = 64 << 30
    /// Time limit of one JSON request, from sending to the last byte.
    public var requestTimeout: Duration = .seconds(60)
    /// Time limit of one download.
    public var downloadTimeout: Duration = .seconds(3600)
    /// How long the engine may stay silent in the middle of a response.
    public var readTimeout: Duration = .seconds(300)
    /// The newest API version this client asks for.
    public var maximumAPIVersion = EngineClient.maximumAPIVersion

    /// The defaults: 64 MiB of JSON, 64 GiB downloads, 60 s requests, 1 h downloads.
    public init() {}
  }

  /// The oldest Engine API this client speaks (Docker 1.12).
  public static let minimumAPIVersion = APIVersion(1, 24)
  /// The newest Engine API this client knows (Docker 27).
  public static let maximumAPIVersion = APIVersion(1, 47)

  /// The engine this client talks to.
  public let endpoint: EngineEndpoint
  /// The limits and timeouts this client applies.
  public let configuration: Configuration
  private let http: HTTPClient
  private let negotiated = NegotiatedVersion()

  /// A client of the engine at `endpoint`; no request is made until the first call.
  public init(endpoint: EngineEndpoint, configuration: Configuration = Configuration()) {
    self.endpoint = endpoint
    self.configuration = configuration
    var httpConfiguration = HTTPClient.Configuration()
    httpConfiguration.timeout = .init(connect: .seconds(10), read: Self.timeAmount(configuration.readTimeout))
    httpConfiguration.connectionPool.retryConnectionEstablishment = false
    httpConfiguration.redirectConfiguration = .disallow
    httpConfiguration.decompression = .disabled
    http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfiguration)
  }

  /// A client of the engine `DOCKER_HOST` names (default `unix:///var/run/docker.sock`).
  public convenience init(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    configuration: Configuration = Configuration()
  ) throws {
    self.init(endpoint: try EngineEndpoint.fromEnvironment(environment), configuration: configuration)
  }

  /// Runs `body` with a client and shuts the client down afterwards, also when `body` throws.
  public static func withClient<T>(
    _ endpoint: EngineEndpoint, configuration: Configuration = Configuration(),
    _ body: (EngineClient) async throws -> T
  ) async throws -> T {
    let client = EngineClient(endpoint: endpoint, configuration: configuration)
    do {
      let result = try await body(client)
      try? await client.shutdown()
      return result
    } catch {
      try? await client.shutdown()
      throw error
    }
  }

  /// Closes the connections; the client must not be used afterwards.
  public func shutdown() async throws {
    guard negotiated.markShutDown() else { return }
    try await http.shutdown()
  }

  deinit {
    // A client dropped without `shutdown()` still releases its connections (and never trips
    // the HTTP client's debug check).
    if negotiated.markShutDown() {
      http.shutdown().whenComplete { _ in }
    }
  }

  // MARK: - Version negotiation

  /// The API version all requests use, negotiating it with `GET /_ping` on first use.
  public func apiVersion() async throws -> APIVersion {
    if let version = negotiated.value { return version }
    let version = try await negotiate()
    negotiated.value = version
    return version
  }

  /// Checks that the engine answers (`GET /_ping`); returns the API version it offers.
  @discardableResult
  public func ping() async throws -> APIVersion {
    try preflight(request: "GET /_ping")
    let (response, body) = try await send(target: "/_ping", request: "GET /_ping", limit: 1 << 16)
    _ = body
    guard let header = response.headers.first(name: "API-Version") else {
      // Engines before API 1.25 send no version header.
      return Self.minimumAPIVersion
    }
    guard let version = APIVersion(header) else {
      throw EngineError.malformedResponse(
        endpoint: endpoint.description, request: "GET /_ping", detail: "API-Version header '\(header)' is not MAJOR.MINOR")
    }
    return version
  }

  private func negotiate() async throws -> APIVersion {
    let server = try await ping()
    guard server >= Self.minimumAPIVersion else {
      throw EngineError.unsupportedAPIVersion(
        endpoint: endpoint.description, server: server.description, minimum: Self.minimumAPIVersion.description)
    }
    return min(server, configuration.maximumAPIVersion)
  }

  // MARK: - Typed endpoints

  /// The engine's version report (`GET /version`).
  public func version() async throws -> EngineVersion {
    try await get("/version")
  }

  /// System-wide facts: security options, swarm state, storage driver… (`GET /info`).
  public func info() async throws -> EngineInfo {
    try await get("/info")
  }

  /// The containers, running only unless `all` (`GET /containers/json`).
  public func containers(all: Bool = false) async throws -> [ContainerSummary] {
    try await get("/containers/json", query: all ? ["all": "1"] : [:])
  }

  /// One container's full description (`GET /containers/{id}/json`).
  public func inspectContainer(_ idOrName: String) async throws -> ContainerInspect {
    try await get("/containers/\(Self.escape(idOrName))/json")
  }

  /// What changed in a container's writable layer (`GET /containers/{id}/changes`); empty when
  /// nothing changed (the engine answers `null`).
  public func changes(_ idOrName: String) async throws -> [ContainerChange] {
    let changes: [ContainerChange]? = try await get("/containers/\(Self.escape(idOrName))/changes")
    return changes ?? []
  }

  /// The images the engine holds (`GET /images/json`).
  public func images() async throws -> [ImageSummary] {
    try await get("/images/json")
  }

  /// One image's description (`GET /images/{name}/json`).
  public func inspectImage(_ name: String) async throws -> ImageInspect {
    try await get("/images/\(Self.escape(name))/json")
  }

  /// An image's build steps, newest first (`GET /images/{name}/history`).
  public func imageHistory(_ name: String) async throws -> [ImageHistoryEntry] {
    let history: [ImageHistoryEntry]? = try await get("/images/\(Self.escape(name))/history")
    return history ?? []
  }

  /// Writes an image as a docker-archive tar (`GET /images/{name}/get`, what `docker save`
  /// writes) to `path`; returns its size.
  ///
  /// Streams to a temporary name beside `path` and renames it on success, so `path` never holds
  /// a partial archive. `limit` (default `configuration.maxDownloadBytes`) caps the size.
  @discardableResult
  public func exportImage(_ name: String, to path: String, limit: Int64? = nil) async throws -> Int64 {
    try await download("/images/\(Self.escape(name))/get", to: path, limit: limit)
  }

  /// Writes a tar of a container's filesystem (`GET /containers/{id}/export`) to `path`;
  /// returns its size. Streams and renames as `exportImage` does.
  @discardableResult
  public func exportContainer(_ idOrName: String, to path: String, limit: Int64? = nil) async throws -> Int64 {
    try await download("/containers/\(Self.escape(idOrName))/export", to: path, limit: limit)
  }

  // MARK: - Generic requests

  /// Decodes the JSON answer of `GET /v<version><path>`; `path` is unversioned and already
  /// escaped (`"/containers/\(EngineClient.escape(id))/top"`).
  public func get<T: Decodable>(_ path: String, query: [String: String] = [:], as type: T.Type = T.self)
    async throws -> T
  {
    let target = try await versionedTarget(path, query: query)
    let request = "GET " + target
    let (_, body) = try await send(target: target, request: request, limit: configuration.maxResponseBytes)
    do {
      return try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
    } catch let error as DecodingError {
      throw EngineError.malformedResponse(endpoint: endpoint.description, request: request, detail: Self.explain(error))
    } catch {
      throw EngineError.malformedResponse(endpoint: endpoint.description, request: request, detail: "\(error)")
    }
  }

  /// Percent-encodes a name for one path segment (`app:1.4`, `registry:5000/x/y@sha256:…`).
  public static func escape(_ component: String) -> String {
    var result = ""
    for byte in component.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
        UInt8(ascii: "~"):
        result.unicodeScalars.append(UnicodeScalar(byte))
      default:
        result += String(format: "%%%02X", byte)
      }
    }
    // A segment of dots would be read as a relative path step.
    if result == "." || result == ".." { return result.replacingOccurrences(of: ".", with: "%2E") }
    return result
  }

  private func versionedTarget(_ path: String, query: [String: String]) async throws -> String {
    let version = try await apiVersion()
    var target = "/v\(version)" + (path.hasPrefix("/") ? path : "/" + path)
    if !query.isEmpty {
      target += "?" + query.sorted { $0.key < $1.key }
        .map { Self.escape($0.key) + "=" + Self.escape($0.value) }.joined(separator: "&")
    }
    return target
  }

  // MARK: - Transport

  /// Fails fast, with the reason, when the unix socket is missing or not accessible.
  private func preflight(request: String) throws {
    guard case .unixSocket(let path) = endpoint.transport else { return }
    var status = stat()
    if stat(path, &status) != 0 {
      throw EngineError.cannotConnect(endpoint: endpoint.description, reason: Self.reason(errno: errno))
    }
    if (status.st_mode & S_IFMT) != S_IFSOCK {
      throw EngineError.cannotConnect(endpoint: endpoint.description, reason: "not a socket")
    }
    if access(path, R_OK | W_OK) != 0 {
      throw EngineError.cannotConnect(endpoint: endpoint.description, reason: Self.reason(errno: errno))
    }
  }

  /// Sends a GET and reads the whole body (at most `limit` bytes); throws the engine's message
  /// for an error status.
  private func send(target: String, request: String, limit: Int) async throws -> (HTTPClientResponse, ByteBuffer) {
    let response = try await start(target: target, request: request, timeout: configuration.requestTimeout)
    do {
      let body = try await response.body.collect(upTo: limit)
      return (response, body)
    } catch is NIOTooManyBytesError {
      throw EngineError.responseTooLarge(endpoint: endpoint.description, request: request, limit: Int64(limit))
    } catch {
      throw map(error, request: request)
    }
  }

  /// Sends a GET; returns the response with its body unread when the status is 2xx.
  private func start(target: String, request: String, timeout: Duration) async throws -> HTTPClientResponse {
    guard let url = endpoint.url(for: target) else {
      throw EngineError.transport(endpoint: endpoint.description, request: request, detail: "cannot form a URL")
    }
    var httpRequest = HTTPClientRequest(url: url)
    httpRequest.method = .GET
    httpRequest.headers.add(name: "Host", value: "docker")
    httpRequest.headers.add(name: "User-Agent", value: "plimsoll")
    let response: HTTPClientResponse
    do {
      response = try await http.execute(httpRequest, timeout: Self.timeAmount(timeout))
    } catch {
      throw map(error, request: request)
    }
    guard (200..<300).contains(response.status.code) else {
      let body = (try? await response.body.collect(upTo: 1 << 20)) ?? ByteBuffer()
      throw EngineError.status(
        endpoint: endpoint.description, request: request, code: Int(response.status.code),
        message: Self.message(in: body))
    }
    return response
  }

  private func download(_ path: String, to file: String, limit: Int64?) async throws -> Int64 {
    let limit = limit ?? configuration.maxDownloadBytes
    let target = try await versionedTarget(path, query: [:])
    let request = "GET " + target
    let response = try await start(target: target, request: request, timeout: configuration.downloadTimeout)
    let url = URL(fileURLWithPath: file)
    let temporary = url.deletingLastPathComponent()
      .appendingPathComponent(".\(url.lastPathComponent).partial-\(UUID().uuidString.prefix(8))").path
    guard FileManager.default.createFile(atPath: temporary, contents: nil) else {
      throw EngineError.file(path: file, detail: "cannot create \(temporary): \(String(cString: strerror(errno)))")
    }
    var total: Int64 = 0
    do {
      let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
      do {
        for try await buffer in response.body {
          total += Int64(buffer.readableBytes)
          guard total <= limit else {
            throw EngineError.responseTooLarge(endpoint: endpoint.description, request: request, limit: limit)
          }
          try handle.write(contentsOf: Data(buffer.readableBytesView))
        }
        try handle.close()
      } catch {
        try? handle.close()
        throw error
      }
      guard rename(temporary, file) == 0 else {
        throw EngineError.file(path: file, detail: "cannot rename the download into place: \(String(cString: strerror(errno)))")
      }
    } catch let error as EngineError {
      unlink(temporary)
      throw error
    } catch let error as HTTPClientError {
      unlink(temporary)
      throw map(error, request: request)
    } catch {
      unlink(temporary)
      if error is IOError || error is CancellationError { throw map(error, request: request) }
      throw EngineError.file(path: file, detail: "\(error.localizedDescription)")
    }
    return total
  }

  /// Turns a transport error into an `EngineError` naming the endpoint and request.
  private func map(_ error: any Error, request: String) -> EngineError {
    if let error = error as? EngineError { return error }
    if let error = error as? HTTPClientError {
      if error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout
        || error == .writeTimeout || error == .getConnectionFromPoolTimeout
      {
        return .timeout(endpoint: endpoint.description, request: request)
      }
      if error == .remoteConnectionClosed {
        return .transport(endpoint: endpoint.description, request: request,
                          detail: "the engine closed the connection before answering in full")
      }
      return .transport(endpoint: endpoint.description, request: request, detail: "\(error)")
    }
    if let error = error as? IOError {
      return connectError(errno: error.errnoCode, request: request)
    }
    if let error = error as? NIOConnectionError {
      if let first = error.connectionErrors.first, let io = first.error as? IOError {
        return connectError(errno: io.errnoCode, request: request)
      }
      if error.dnsAError != nil || error.dnsAAAAError != nil {
        return .cannotConnect(endpoint: endpoint.description, reason: "cannot resolve host '\(error.host)'")
      }
      return .cannotConnect(endpoint: endpoint.description, reason: "\(error)")
    }
    if error is CancellationError {
      return .transport(endpoint: endpoint.description, request: request, detail: "cancelled")
    }
    return .transport(endpoint: endpoint.description, request: request, detail: "\(error)")
  }

  private func connectError(errno code: Int32, request: String) -> EngineError {
    switch code {
    case ENOENT, EACCES, EPERM, ECONNREFUSED, ENOTSOCK, EHOSTUNREACH, ENETUNREACH:
      return .cannotConnect(endpoint: endpoint.description, reason: Self.reason(errno: code))
    case ECONNRESET, EPIPE:
      return .transport(endpoint: endpoint.description, request: request,
                        detail: "the engine closed the connection (\(String(cString: strerror(code))))")
    default:
      return .transport(endpoint: endpoint.description, request: request, detail: String(cString: strerror(code)))
    }
  }

  private static func reason(errno code: Int32) -> String {
    switch code {
    case ENOENT: return "no such file (is dockerd running?)"
    case EACCES, EPERM: return "permission denied (run as root or as a member of the docker group)"
    case ECONNREFUSED: return "connection refused (is dockerd running?)"
    case ENOTSOCK: return "not a socket"
    default: return String(cString: strerror(code))
    }
  }

  /// The `message` of the engine's `{"message": …}` error body, else the body text.
  private static func message(in body: ByteBuffer) -> String {
    struct ErrorBody: Decodable { var message: String }
    let data = Data(body.readableBytesView)
    if let decoded = try? JSONDecoder().decode(ErrorBody.self, from: data) {
      return decoded.message.trimmingCharacters(in: .whitespacesAndNewlines)
    }
    let text = String(decoding: data.prefix(512), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    return text
  }

  /// A one-line account of a decoding failure: what was expected and where.
  static func explain(_ error: DecodingError) -> String {
    func path(_ codingPath: [any CodingKey]) -> String {
      let text = codingPath.map { key in key.intValue.map { "[\($0)]" } ?? "." + key.stringValue }.joined()
      return text.isEmpty ? "the top level" : String(text.drop(while: { $0 == "." }))
    }
    switch error {
    case .typeMismatch(let type, let context):
      return "expected \(type) at \(path(context.codingPath))"
    case .valueNotFound(let type, let context):
      return "expected \(type) at \(path(context.codingPath)), found null"
    case .keyNotFound(let key, let context):
      return "missing key '\(key.stringValue)' at \(path(context.codingPath))"
    case .dataCorrupted(let context):
      return "\(context.debugDescription) at \(path(context.codingPath))"
    @unknown default:
      return "\(error)"
    }
  }

  private static func timeAmount(_ duration: Duration) -> TimeAmount {
    let (seconds, attoseconds) = duration.components
    let capped = min(seconds, Int64.max / 1_000_000_000 - 1)
    return .nanoseconds(capped * 1_000_000_000 + attoseconds / 1_000_000_000)
  }
}

/// The negotiated API version and whether the client was shut down, shared by the tasks using
/// one client.
private final class NegotiatedVersion: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: APIVersion?
  private var shutDown = false

  /// Marks the client shut down; false when it already was.
  func markShutDown() -> Bool {
    lock.withLock {
      defer { shutDown = true }
      return !shutDown
    }
  }

  var value: APIVersion? {
    get { lock.withLock { stored } }
    set { lock.withLock { stored = newValue } }
  }
}
