import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import PlimsollIO
import PlimsollDiagnostics

/// Downloads feed files over HTTP(S): conditional requests (`If-None-Match`,
/// `If-Modified-Since`), resumption of an interrupted body with `Range`/`If-Range`, and an
/// atomic move into place once the whole file (and its digest, when known) checks out.
final class FeedDownloader: Sendable {
  /// What one fetch did.
  enum Outcome: Sendable, Equatable {
    /// The server said 304: the local copy is current.
    case unchanged
    /// A new body arrived (`bytes` transferred, `resumed` when a partial download was continued).
    case downloaded(bytes: Int64, resumed: Bool)
    /// The server has no such file (404/410).
    case notFound
  }

  /// Largest feed file accepted (a lying server cannot fill the disk).
  static let maxSize: Int64 = 8 << 30
  static let attempts = 3

  private let http: HTTPClient

  init(caCertificate: String? = nil) throws {
    var configuration = HTTPClient.Configuration()
    configuration.redirectConfiguration = .follow(max: 5, allowCycles: false)
    configuration.decompression = .disabled
    configuration.timeout = .init(connect: .seconds(15), read: .seconds(120))
    if let caCertificate {
      var tls = TLSConfiguration.makeClientConfiguration()
      do {
        tls.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMFile(caCertificate))]
      } catch {
        throw InputError(caCertificate, "cannot read the CA certificate (\(error))")
      }
      configuration.tlsConfiguration = tls
    }
    http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
  }

  func shutdown() async {
    try? await http.shutdown()
  }

  /// Fetches `url` into `destination` unless `known` is still current; returns the outcome and
  /// the file's new state entry.
  func fetch(_ url: String, name: String, to destination: String, known: FeedState.Entry?,
             expectedSHA256: String?) async throws -> (Outcome, FeedState.Entry?)
  {
    if let host = URLComponents(string: url)?.host, await !Self.resolves(host) {
      throw FeedError.unreachable(name: name, url: url, detail: "cannot resolve \(host)",
                                  partialETag: known?.partialETag)
    }
    let partial = destination + ".part"
    var partialETag = known?.partialETag
    var lastError: (any Error)?
    let haveCopy = known != nil && FileManager.default.fileExists(atPath: destination)
    if haveCopy, let known, let expectedSHA256, known.sha256 == expectedSHA256.lowercased() {
      return (.unchanged, known)  // The mirror's manifest says the copy is current.
    }
    for attempt in 1...Self.attempts {
      var request = HTTPClientRequest(url: url)
      request.headers.add(name: "User-Agent", value: "plimsoll")
      let partialSize = Self.size(of: partial)
      let resuming = partialSize > 0 && partialETag != nil
      if resuming, let partialETag {
        request.headers.add(name: "Range", value: "bytes=\(partialSize)-")
        request.headers.add(name: "If-Range", value: partialETag)
      } else if haveCopy, let known {
        if let etag = known.etag { request.headers.add(name: "If-None-Match", value: etag) }
        if let date = known.lastModified { request.headers.add(name: "If-Modified-Since", value: date) }
      }
      do {
        let response = try await responseHead(request, url: url, name: name)
        let status = response.status.code
        if status == 304, haveCopy, let known {
          return (.unchanged, known)
        }
        if status == 404 || status == 410 {
          return (.notFound, nil)
        }
        guard status == 200 || (status == 206 && resuming) else {
          throw InputError(url, "\(name): the server answered \(response.status.code) \(response.status.reasonPhrase)")
        }
        let etag = response.headers.first(name: "ETag")
        let lastModified = response.headers.first(name: "Last-Modified")
        let append = status == 206
        if append, let range = response.headers.first(name: "Content-Range"),
          !range.hasPrefix("bytes \(partialSize)-")
        {
          throw InputError(url, "\(name): the server resumed at the wrong offset (\(range))")
        }
        partialETag = etag
        let bytes = try await write(response, to: partial, append: append, name: name, url: url)
        let size = Self.size(of: partial)
        let digest = try Self.sha256(ofFile: partial)
        if let expectedSHA256, digest != expectedSHA256.lowercased() {
          try? FileManager.default.removeItem(atPath: partial)
          throw FeedError.digestMismatch(name: name, url: url, expected: expectedSHA256, actual: digest)
        }
        guard rename(partial, destination) == 0 else {
          throw InputError(destination, "cannot move the downloaded feed into place: \(String(cString: strerror(errno)))")
        }
        return (.downloaded(bytes: bytes, resumed: append),
                FeedState.Entry(etag: etag, lastModified: lastModified, size: size, sha256: digest))
      } catch let error as InputError {
        throw error
      } catch let error as FeedError where !error.isRetryable {
        throw error
      } catch {
        // A dropped connection: keep what arrived and resume it on the next attempt.
        lastError = error
        if attempt < Self.attempts {
          try? await Task.sleep(for: .milliseconds(200 * attempt))
        }
      }
    }
    throw FeedError.unreachable(name: name, url: url, detail: "\(lastError.map { "\($0)" } ?? "no answer")",
                                partialETag: partialETag)
  }

  /// Seconds to wait for a response head. The client's own deadline covers the body as well
  /// (and keeps retrying a connection until it passes), so the head gets this shorter one.
  static let headTimeout: Duration = .seconds(60)

  /// Sends the request and waits for the response head, at most `headTimeout`.
  private func responseHead(_ request: HTTPClientRequest, url: String, name: String) async throws
    -> HTTPClientResponse
  {
    let http = self.http
    return try await withThrowingTaskGroup(of: HTTPClientResponse?.self) { group in
      group.addTask { try await http.execute(request, timeout: .hours(6)) }
      group.addTask {
        try await Task.sleep(for: Self.headTimeout)
        return nil
      }
      defer { group.cancelAll() }
      guard let first = try await group.next(), let response = first else {
        throw FeedError.unreachable(name: name, url: url, detail: "no answer within \(Self.headTimeout)",
                                    partialETag: nil)
      }
      return response
    }
  }

  /// Whether `host` resolves: an offline machine fails here at once rather than after the
  /// client's connection retries.
  static func resolves(_ host: String) async -> Bool {
    await Task.detached {
      var hints = addrinfo()
      hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
      var result: UnsafeMutablePointer<addrinfo>?
      let status = getaddrinfo(host, nil, &hints, &result)
      if let result { freeaddrinfo(result) }
      return status == 0
    }.value
  }

  /// Streams a response body into `path`, returning the bytes written.
  private func write(_ response: HTTPClientResponse, to path: String, append: Bool, name: String,
                     url: String) async throws -> Int64
  {
    if !append || !FileManager.default.fileExists(atPath: path) {
      guard FileManager.default.createFile(atPath: path, contents: nil) else {
        throw InputError(path, "cannot create the download file")
      }
    }
    guard let handle = FileHandle(forWritingAtPath: path) else {
      throw InputError(path, "cannot open the download file")
    }
    defer { try? handle.close() }
    var total = Self.size(of: path)
    try handle.seekToEnd()
    var written: Int64 = 0
    for try await buffer in response.body {
      total += Int64(buffer.readableBytes)
      written += Int64(buffer.readableBytes)
      guard total <= Self.maxSize else {
        throw InputError(url, "\(name): more than \(Self.maxSize >> 30) GiB; not a feed file")
      }
      try handle.write(contentsOf: Data(buffer.readableBytesView))
    }
    if let expected = response.headers.first(name: "Content-Length").flatMap(Int64.init),
      written != expected
    {
      throw FeedError.truncated(name: name, expected: expected, received: written)
    }
    return written
  }

  static func size(of path: String) -> Int64 {
    FileStatus(path)?.size ?? 0
  }

  /// The SHA-256 of a file, streamed.
  static func sha256(ofFile path: String) throws -> String {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw InputError(path, "cannot read the downloaded feed")
    }
    defer { try? handle.close() }
    var hasher = SHA256()
    while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
      hasher.update(data: chunk)
    }
    return Digest(hasher.finalize()).hex
  }
}

/// Why a feed could not be fetched.
enum FeedError: Error, CustomStringConvertible {
  case unreachable(name: String, url: String, detail: String, partialETag: String?)
  case digestMismatch(name: String, url: String, expected: String, actual: String)
  case truncated(name: String, expected: Int64, received: Int64)

  /// Whether another attempt may succeed (a dropped or cut-short connection).
  var isRetryable: Bool {
    if case .truncated = self { return true }
    return false
  }

  var description: String {
    switch self {
    case .unreachable(let name, let url, let detail, _):
      "\(name): cannot fetch \(url) (\(detail))"
    case .digestMismatch(let name, let url, let expected, let actual):
      "\(name): \(url) has SHA-256 \(actual), but the mirror's SHA256SUMS says \(expected)"
    case .truncated(let name, let expected, let received):
      "\(name): the connection ended after \(received) of \(expected) bytes"
    }
  }
}
