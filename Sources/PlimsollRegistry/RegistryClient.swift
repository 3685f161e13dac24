import AsyncHTTPClient
import Crypto
public import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOSSL
public import PlimsollIO

/// A client of one registry's Distribution API (OCI Distribution spec v1.1, Docker Registry
/// HTTP API v2): manifests and blobs, each verified against its digest while it streams.
///
/// Authentication follows the registry's `WWW-Authenticate` challenge: a bearer token from its
/// token service (anonymous, or with the credentials), cached per scope until it expires, or
/// basic authentication. 429 and 5xx answers are retried with backoff, honouring `Retry-After`.
public final class RegistryClient: Sendable {
  /// How the client talks to the registry.
  public struct Options: Sendable {
    /// Plain HTTP instead of HTTPS (`--insecure`; meant for a registry on loopback).
    public var insecure = false
    /// A PEM file of CA certificates trusted besides the system's roots (`--ca-cert`).
    public var caCertificateFile: String?
    public var credentials: RegistryCredentials?
    /// Largest manifest or index accepted.
    public var maxManifestBytes = 8 << 20
    /// Largest blob accepted (compressed size).
    public var maxBlobBytes: Int64 = 32 << 30
    /// Tries per request when the registry answers 429 or 5xx.
    public var attempts = 4
    /// The longest wait between tries, whatever `Retry-After` asks for.
    public var maxRetryDelay: Duration = .seconds(10)

    public init() {}
  }

  public let registry: String
  public let options: Options
  private let http: HTTPClient
  private let shutDown = NIOLockedValueBox(false)
  private let tokens = TokenCache()
  private let baseURL: String

  /// A client of `registry` (`host[:port]`, as a reference names it).
  public init(registry: String, apiHost: String? = nil, options: Options = Options()) {
    self.registry = registry
    self.options = options
    baseURL = (options.insecure ? "http://" : "https://") + (apiHost ?? registry)
    var configuration = HTTPClient.Configuration()
    configuration.redirectConfiguration = .follow(max: 5, allowCycles: false)
    configuration.decompression = .disabled
    configuration.timeout = .init(connect: .seconds(15), read: .seconds(120))
    if let caCertificateFile = options.caCertificateFile {
      var tls = TLSConfiguration.makeClientConfiguration()
      tls.additionalTrustRoots = [.file(caCertificateFile)]
      configuration.tlsConfiguration = tls
    }
    http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
  }

  /// Runs `body` with a client of `reference`'s registry (or of a mirror's `apiHost`) and shuts
  /// it down afterwards, also when `body` throws.
  public static func withClient<T>(
    _ reference: ImageReference, apiHost: String? = nil, options: Options,
    _ body: (RegistryClient) async throws -> T
  ) async throws -> T {
    if let file = options.caCertificateFile {
      do {
        guard try !NIOSSLCertificate.fromPEMFile(file).isEmpty else {
          throw RegistryError.certificate(file: file, detail: "no PEM certificate in it")
        }
      } catch let error as RegistryError {
        throw error
      } catch {
        throw RegistryError.certificate(file: file, detail: "\(error)")
      }
    }
    let client = RegistryClient(registry: reference.registry, apiHost: apiHost ?? reference.apiHost, options: options)
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
    guard markShutDown() else { return }
    try await http.shutdown()
  }

  deinit {
    // A client dropped without `shutdown()` still releases its connections.
    if markShutDown() { http.shutdown { _ in } }
  }

  /// True the first time only.
  private func markShutDown() -> Bool {
    shutDown.withLockedValue { done in
      defer { done = true }
      return !done
    }
  }

  /// The media types asked for: OCI and Docker schema 2 images and indexes.
  public static let manifestMediaTypes = [
    "application/vnd.oci.image.index.v1+json", "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.docker.distribution.manifest.v2+json",
  ]

  /// A manifest or index as the registry sent it, verified against `reference` when that is a
  /// digest and against the registry's `Docker-Content-Digest`.
  public func manifest(_ repository: String, reference: String, name: String) async throws -> FetchedManifest {
    let path = "/v2/\(repository)/manifests/\(reference)"
    let response = try await get(path, repository: repository, name: name,
                                 accept: Self.manifestMediaTypes)
    let body: ByteBuffer
    do {
      body = try await response.body.collect(upTo: options.maxManifestBytes)
    } catch is NIOTooManyBytesError {
      throw RegistryError.tooLarge(reference: name, what: "the manifest", limit: Int64(options.maxManifestBytes))
    } catch {
      throw RegistryError.transport(reference: name, detail: "\(error)")
    }
    let bytes = Data(body.readableBytesView)
    let digest = Digest.sha256(bytes).description
    if reference.hasPrefix("sha256:"), reference != digest {
      throw RegistryError.digestMismatch(reference: name, what: "manifest \(reference)", expected: reference, actual: digest)
    }
    if let claimed = response.headers.first(name: "Docker-Content-Digest"), claimed.hasPrefix("sha256:"),
      claimed != digest
    {
      throw RegistryError.digestMismatch(reference: name, what: "the manifest", expected: claimed, actual: digest)
    }
    var mediaType = response.headers.first(name: "Content-Type")?.split(separator: ";").first
      .map { $0.trimmingCharacters(in: .whitespaces) }
    if let declared = (try? JSONDecoder().decode(MediaTypeField.self, from: bytes))?.mediaType {
      mediaType = declared
    }
    return FetchedManifest(mediaType: mediaType ?? "", bytes: bytes, digest: digest)
  }

  /// A small blob (a config) in memory, verified against its digest.
  public func smallBlob(_ repository: String, digest: String, name: String, limit: Int = 8 << 20) async throws -> Data {
    let response = try await get("/v2/\(repository)/blobs/\(digest)", repository: repository, name: name, accept: [])
    let body: ByteBuffer
    do {
      body = try await response.body.collect(upTo: limit)
    } catch is NIOTooManyBytesError {
      throw RegistryError.tooLarge(reference: name, what: "blob \(digest)", limit: Int64(limit))
    } catch {
      throw RegistryError.transport(reference: name, detail: "blob \(digest): \(Self.describe(error))")
    }
    let bytes = Data(body.readableBytesView)
    let actual = Digest.sha256(bytes).description
    guard actual == digest else {
      throw RegistryError.digestMismatch(reference: name, what: "blob \(digest)", expected: digest, actual: actual)
    }
    return bytes
  }

  /// Every tag of `repository` (`GET /v2/<name>/tags/list`, following `Link` pages).
  public func tags(_ repository: String, name: String) async throws -> [String] {
    var tags: [String] = []
    var path = "/v2/\(repository)/tags/list?n=1000"
    for _ in 0..<100 {
      let response = try await get(path, repository: repository, name: name, accept: ["application/json"])
      let body: ByteBuffer
      do {
        body = try await response.body.collect(upTo: 16 << 20)
      } catch {
        throw RegistryError.tooLarge(reference: name, what: "the tag list", limit: 16 << 20)
      }
      guard let page = try? JSONDecoder().decode(TagList.self, from: Data(body.readableBytesView)) else {
        throw RegistryError.malformed(reference: name, detail: "the tag list is not {\"name\", \"tags\"} JSON")
      }
      tags += page.tags ?? []
      // `Link: </v2/name/tags/list?last=x&n=1000>; rel="next"`
      guard let link = response.headers.first(name: "Link"), let open = link.firstIndex(of: "<"),
        let close = link.firstIndex(of: ">"), open < close, link.contains("rel=\"next\"")
      else { break }
      let next = String(link[link.index(after: open)..<close])
      if let url = URLComponents(string: next), url.host != nil {
        path = url.path + (url.query.map { "?" + $0 } ?? "")
      } else {
        path = next
      }
    }
    return tags
  }

  struct TagList: Decodable { var tags: [String]? }

  /// Streams blob `digest` into `file`, hashing as it goes; the file appears (renamed into
  /// place) only when the content matches the digest. Returns the bytes written.
  @discardableResult
  public func downloadBlob(
    _ repository: String, digest: String, to file: String, name: String, progress: PullProgress? = nil
  ) async throws -> Int64 {
    let sink = try BlobFile(final: file, name: name)
    do {
      let total = try await receiveBlob(repository, digest: digest, name: name, progress: progress) {
        try sink.write($0)
      }
      try sink.commit()
      return total
    } catch {
      sink.discard()
      throw error
    }
  }

  /// Streams blob `digest` into `channel` as it arrives, the reader seeing the end only after
  /// every byte matched the digest (else the reader's read throws the mismatch). With
  /// `keepAt`, the verified blob is also kept in that file. Never throws: failures go to the
  /// channel.
  public func streamBlob(
    _ repository: String, digest: String, into channel: ByteChannel, name: String,
    progress: PullProgress? = nil, keepAt file: String? = nil
  ) async {
    var sink: BlobFile?
    do {
      sink = try file.map { try BlobFile(final: $0, name: name) }
      try await receiveBlob(repository, digest: digest, name: name, progress: progress) { buffer in
        try sink?.write(buffer)
        try await channel.write(Array(buffer.readableBytesView))
      }
      try sink?.commit()
      channel.finish()
    } catch {
      sink?.discard()
      channel.fail(error)
    }
  }

  /// Streams blob `digest` through `deliver`, in order, and checks the digest over every byte
  /// before returning (a mismatch throws, after the bytes were delivered). A body cut short is
  /// resumed where it stopped (`Range: bytes=N-`); when a registry answers the range with the
  /// whole blob, the bytes already delivered are skipped. Returns the blob's size.
  @discardableResult
  func receiveBlob(
    _ repository: String, digest: String, name: String, progress: PullProgress?,
    deliver: (ByteBuffer) async throws -> Void
  ) async throws -> Int64 {
    let path = "/v2/\(repository)/blobs/\(digest)"
    var hasher = SHA256()
    var total: Int64 = 0
    var attempt = 0
    while true {
      attempt += 1
      let response = try await get(
        path, repository: repository, name: name, accept: [],
        headers: total > 0 ? [("Range", "bytes=\(total)-")] : [])
      // Bytes of this body that were delivered before: the registry started over.
      var skip: Int64 = total > 0 && !(response.status.code == 206 && Self.resumes(response, at: total)) ? total : 0
      do {
        for try await var buffer in response.body {
          if skip > 0 {
            let dropped = min(Int64(buffer.readableBytes), skip)
            buffer.moveReaderIndex(forwardBy: Int(dropped))
            skip -= dropped
            if buffer.readableBytes == 0 { continue }
          }
          total += Int64(buffer.readableBytes)
          guard total <= options.maxBlobBytes else {
            throw RegistryError.tooLarge(reference: name, what: "blob \(digest)", limit: options.maxBlobBytes)
          }
          buffer.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
          progress?.received(buffer.readableBytes)
          try await deliver(buffer)
        }
        if skip > 0 {
          throw RegistryError.transport(reference: name, detail: "blob \(digest) is shorter than the \(total) bytes received before")
        }
        break
      } catch let error as RegistryError {
        throw error
      } catch let error as ByteChannel.Closed {
        throw error
      } catch where attempt < options.attempts {
        continue
      } catch {
        throw RegistryError.transport(
          reference: name, detail: "blob \(digest) cut short after \(total) bytes and \(attempt) tries: \(error)")
      }
    }
    let actual = Digest(hasher.finalize()).description
    guard actual == digest else {
      throw RegistryError.digestMismatch(reference: name, what: "blob \(digest)", expected: digest, actual: actual)
    }
    return total
  }

  /// Whether a 206 answer continues at byte `offset` (`Content-Range: bytes N-M/T`).
  static func resumes(_ response: HTTPClientResponse, at offset: Int64) -> Bool {
    guard let range = response.headers.first(name: "Content-Range"), range.hasPrefix("bytes ") else { return false }
    return range.dropFirst(6).split(separator: "-").first.flatMap { Int64($0) } == offset
  }

  // MARK: - Requests, authentication, retries

  /// GETs `path`; answers a 401 challenge once, retries 429 and 5xx; returns a 2xx response
  /// with its body unread.
  private func get(
    _ path: String, repository: String, name: String, accept: [String], headers: [(String, String)] = []
  ) async throws -> HTTPClientResponse {
    let scope = "repository:\(repository):pull"
    var authorization = await tokens.authorization(for: scope)
    var answeredChallenge = false
    var attempt = 0
    while true {
      attempt += 1
      var request = HTTPClientRequest(url: baseURL + path)
      request.headers.add(name: "User-Agent", value: "plimsoll")
      if !accept.isEmpty { request.headers.add(name: "Accept", value: accept.joined(separator: ", ")) }
      if let authorization { request.headers.add(name: "Authorization", value: authorization) }
      for (header, value) in headers { request.headers.add(name: header, value: value) }
      let response: HTTPClientResponse
      do {
        response = try await http.execute(request, timeout: .minutes(60))
      } catch {
        var detail = Self.describe(error)
        if !options.insecure, detail.contains("WRONG_VERSION_NUMBER") {
          detail = "the server does not answer in TLS; if it is a plain-HTTP registry (on loopback), use --insecure"
        } else if detail.contains("handshakeFailed") {
          detail = "TLS handshake failed: " + detail
        }
        throw RegistryError.transport(reference: name, detail: detail)
      }
      let code = Int(response.status.code)
      if (200..<300).contains(code) { return response }
      let body = (try? await response.body.collect(upTo: 64 << 10)) ?? ByteBuffer()
      let message = Self.errorMessage(body)
      switch code {
      case 401 where !answeredChallenge:
        answeredChallenge = true
        guard let challenge = response.headers.first(name: "WWW-Authenticate").flatMap(AuthChallenge.init) else {
          throw RegistryError.unauthorized(reference: name, detail: "401 without a usable WWW-Authenticate challenge")
        }
        authorization = try await answer(challenge, scope: scope, name: name)
        continue
      case 401, 403:
        throw RegistryError.unauthorized(
          reference: name,
          detail: (message.isEmpty ? "HTTP \(code)" : message)
            + (options.credentials == nil ? " (no credentials were given)" : ""))
      case 404:
        throw RegistryError.notFound(reference: name, detail: message.isEmpty ? "GET \(path)" : message)
      case 429 where attempt < options.attempts, 500...599 where attempt < options.attempts:
        try await Task.sleep(for: retryDelay(response.headers.first(name: "Retry-After"), attempt: attempt))
        continue
      default:
        throw RegistryError.status(reference: name, request: "GET \(path)", code: code, message: message)
      }
    }
  }

  /// The `Authorization` value that answers `challenge`.
  private func answer(_ challenge: AuthChallenge, scope: String, name: String) async throws -> String {
    switch challenge.scheme {
    case "basic":
      guard let credentials = options.credentials else {
        throw RegistryError.unauthorized(reference: name, detail: "the registry asks for a user name and password")
      }
      return credentials.basicAuthorization
    case "bearer":
      guard let realm = challenge.parameters["realm"], var components = URLComponents(string: realm),
        components.scheme == "https" || components.scheme == "http"
      else {
        throw RegistryError.unauthorized(reference: name, detail: "the bearer challenge names no token service")
      }
      var query = components.queryItems ?? []
      if let service = challenge.parameters["service"] { query.append(URLQueryItem(name: "service", value: service)) }
      query.append(URLQueryItem(name: "scope", value: challenge.parameters["scope"] ?? scope))
      components.queryItems = query
      guard let url = components.string else {
        throw RegistryError.unauthorized(reference: name, detail: "cannot form the token request for \(realm)")
      }
      var request = HTTPClientRequest(url: url)
      request.headers.add(name: "User-Agent", value: "plimsoll")
      if let credentials = options.credentials {
        request.headers.add(name: "Authorization", value: credentials.basicAuthorization)
      }
      let response: HTTPClientResponse
      do {
        response = try await http.execute(request, timeout: .seconds(60))
      } catch {
        throw RegistryError.transport(reference: name, detail: "token service \(realm): \(Self.describe(error))")
      }
      let body = (try? await response.body.collect(upTo: 1 << 20)) ?? ByteBuffer()
      guard response.status.code == 200 else {
        throw RegistryError.unauthorized(
          reference: name, detail: "token service \(realm) answered HTTP \(response.status.code)"
            + (Self.errorMessage(body).isEmpty ? "" : ": " + Self.errorMessage(body)))
      }
      guard let token = try? JSONDecoder().decode(TokenAnswer.self, from: Data(body.readableBytesView)),
        let value = token.token ?? token.accessToken, !value.isEmpty
      else {
        throw RegistryError.malformed(reference: name, detail: "token service \(realm) sent no token")
      }
      let authorization = "Bearer " + value
      await tokens.store(authorization, for: scope, expiresIn: token.expiresIn ?? 60)
      return authorization
    default:
      throw RegistryError.unauthorized(reference: name, detail: "unsupported authentication scheme '\(challenge.scheme)'")
    }
  }

  /// How long to wait before try `attempt + 1`: `Retry-After` seconds, else 0.5 s doubling,
  /// never more than `maxRetryDelay`.
  func retryDelay(_ retryAfter: String?, attempt: Int) -> Duration {
    let requested: Duration = retryAfter.flatMap(Double.init).map { .milliseconds(Int($0 * 1000)) }
      ?? .milliseconds(500 * (1 << min(attempt - 1, 6)))
    return min(requested, options.maxRetryDelay)
  }

  static func errorMessage(_ body: ByteBuffer) -> String {
    let data = Data(body.readableBytesView)
    if let errors = try? JSONDecoder().decode(ErrorsAnswer.self, from: data) {
      return errors.errors.map { [$0.code, $0.message].compactMap { $0 }.joined(separator: ": ") }
        .joined(separator: "; ")
    }
    return String(decoding: data.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// The error's text without the source locations some libraries append (`at /…/file.cc:127`).
  static func describe(_ error: any Error) -> String {
    String(describing: error).replacing(#/\s+at \/[^\])\s]*/#, with: "")
  }

  struct MediaTypeField: Decodable { var mediaType: String? }

  struct TokenAnswer: Decodable {
    var token: String?
    var accessToken: String?
    var expiresIn: Int?
    enum CodingKeys: String, CodingKey {
      case token
      case accessToken = "access_token"
      case expiresIn = "expires_in"
    }
  }

  struct ErrorsAnswer: Decodable {
    struct Entry: Decodable {
      var code: String?
      var message: String?
    }
    var errors: [Entry]
  }
}

/// A manifest or index as fetched: its media type, bytes and digest.
public struct FetchedManifest: Sendable {
  public var mediaType: String
  public var bytes: Data
  public var digest: String
}

/// Bearer tokens per scope, kept until shortly before they expire.
actor TokenCache {
  private var entries: [String: (authorization: String, expires: ContinuousClock.Instant)] = [:]

  func authorization(for scope: String) -> String? {
    guard let entry = entries[scope], entry.expires > .now else { return nil }
    return entry.authorization
  }

  func store(_ authorization: String, for scope: String, expiresIn seconds: Int) {
    entries[scope] = (authorization, .now + .seconds(max(0, seconds - 10)))
  }
}

/// A `WWW-Authenticate` challenge: `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`.
struct AuthChallenge: Sendable, Hashable {
  var scheme: String
  var parameters: [String: String]

  init?(_ header: String) {
    let trimmed = header.trimmingCharacters(in: .whitespaces)
    guard let space = trimmed.firstIndex(of: " ") ?? (trimmed.isEmpty ? nil : trimmed.endIndex) else { return nil }
    scheme = trimmed[..<space].lowercased()
    var parameters: [String: String] = [:]
    var rest = trimmed[space...].drop { $0 == " " }
    while !rest.isEmpty {
      guard let equals = rest.firstIndex(of: "=") else { break }
      let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
      rest = rest[rest.index(after: equals)...]
      var value = ""
      if rest.first == "\"" {
        rest = rest.dropFirst()
        var escaped = false
        while let character = rest.first {
          rest = rest.dropFirst()
          if escaped {
            value.append(character)
            escaped = false
          } else if character == "\\" {
            escaped = true
          } else if character == "\"" {
            break
          } else {
            value.append(character)
          }
        }
      } else {
        let end = rest.firstIndex(of: ",") ?? rest.endIndex
        value = rest[..<end].trimmingCharacters(in: .whitespaces)
        rest = rest[end...]
      }
      parameters[key] = value
      rest = rest.drop { $0 == "," || $0 == " " }
    }
    self.parameters = parameters
  }
}
