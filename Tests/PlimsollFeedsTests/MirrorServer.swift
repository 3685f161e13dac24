import Crypto
import Foundation
import Hummingbird
import Logging
import NIOCore
import PlimsollDiagnostics

/// A static web server for advisory mirrors on 127.0.0.1: ETag and Last-Modified validators,
/// `If-None-Match` → 304, `Range`/`If-Range` → 206, and faults on demand (a body cut off
/// half-way). It records every request so tests can count what was transferred.
final class MirrorServer: Sendable {
  struct Served: Sendable {
    var path: String
    var status: Int
    var bodyBytes: Int
    var range: String?
  }

  let files: MirrorFiles
  let port: Int
  private let task: Task<Void, any Error>

  init(serving root: String) async throws {
    let files = MirrorFiles(root: root)
    let router = Router()
    router.get("**") { request, _ in try files.respond(to: request) }
    let ready = AsyncStream<Int>.makeStream()
    let application = Application(
      router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
      onServerRunning: { channel in
        ready.continuation.yield(channel.localAddress?.port ?? 0)
        ready.continuation.finish()
      }, logger: Self.quietLogger)
    task = Task { try await application.run() }
    var bound = 0
    for await port in ready.stream { bound = port }
    self.files = files
    self.port = bound
  }

  deinit { task.cancel() }

  /// Stopping the server mid-connection is expected here, not worth a log line.
  static let quietLogger: Logger = {
    var logger = Logger(label: "mirror-server")
    logger.logLevel = .critical
    return logger
  }()

  var base: String { "http://127.0.0.1:\(port)/" }
  var requests: [Served] { files.requests }
  func resetLog() { files.resetLog() }
  func cutOffNext(_ path: String) { files.cutOffNext(path) }
}

/// The files a `MirrorServer` serves, and its request log.
final class MirrorFiles: Sendable {
  typealias Served = MirrorServer.Served
  let root: String
  private let log = Locked<[Served]>([])
  /// Paths whose next response is cut off after half the body.
  private let cutOnce = Locked<Set<String>>([])

  init(root: String) { self.root = root }

  var requests: [Served] { log.withLock { $0 } }

  func resetLog() { log.withLock { $0 = [] } }

  /// The next response for `path` sends half its body and closes the connection.
  func cutOffNext(_ path: String) { _ = cutOnce.withLock { $0.insert(path) } }

  private func record(_ served: Served) { log.withLock { $0.append(served) } }

  func respond(to request: Request, headOnly: Bool = false) throws -> Response {
    var path = String(request.uri.path.dropFirst()).removingPercentEncoding ?? ""
    if path.isEmpty || path.hasSuffix("/") { path += "index.html" }  // A directory's index page.
    let file = root + "/" + path
    var isDirectory: ObjCBool = false
    guard !path.contains(".."), FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory),
      !isDirectory.boolValue, let data = FileManager.default.contents(atPath: file)
    else {
      record(Served(path: path, status: 404, bodyBytes: 0))
      return Response(status: .notFound)
    }
    let digest = SHA256.hash(data: data).prefix(8).map { String(format: "%02x", $0) }.joined()
    let etag = "\"\(digest)\""
    var headers = HTTPFields()
    headers[.eTag] = etag
    headers[.lastModified] = "Mon, 01 Dec 2026 00:00:00 GMT"
    headers[.acceptRanges] = "bytes"
    if request.headers[.ifNoneMatch] == etag {
      record(Served(path: path, status: 304, bodyBytes: 0))
      return Response(status: .notModified, headers: headers)
    }
    var body = data
    var status = HTTPResponse.Status.ok
    let range = request.headers[.range]
    if let range, range.hasPrefix("bytes="), request.headers[.ifRange].map({ $0 == etag }) ?? true,
      let start = Int(range.dropFirst(6).prefix { $0 != "-" }), start < data.count
    {
      body = data.subdata(in: start..<data.count)
      status = .partialContent
      headers[.contentRange] = "bytes \(start)-\(data.count - 1)/\(data.count)"
    }
    let cut = cutOnce.withLock { $0.remove(path) != nil }
    let sent = headOnly ? 0 : cut ? body.count / 2 : body.count
    record(Served(path: path, status: Int(status.code), bodyBytes: sent, range: range))
    let payload = ByteBuffer(bytes: body.prefix(sent))
    return Response(status: status, headers: headers, body: ResponseBody(contentLength: body.count) { writer in
      try await writer.write(payload)
      if cut { throw CancellationError() }  // Ends the connection before the promised length.
      try await writer.finish(nil)
    })
  }
}
