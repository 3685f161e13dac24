import Foundation
import PlimsollTestSupport
import Testing
import PlimsollIO
@testable import PlimsollRegistry

/// A loopback HTTP server (python3) that answers like a broken or lying registry, so every
/// error path of the client runs against real sockets.
final class HostileRegistry {
  let host: String
  private let process: Process
  private let scratch: Scratch

  init() throws {
    scratch = try Scratch()
    let path = try scratch.write("hostile_registry.py", Self.script)
    process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", path]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    var line: [UInt8] = []
    var byte: UInt8 = 0
    while read(output.fileHandleForReading.fileDescriptor, &byte, 1) == 1, byte != UInt8(ascii: "\n") {
      line.append(byte)
    }
    guard let port = Int(String(decoding: line, as: UTF8.self)) else {
      kill(process.processIdentifier, SIGKILL)
      throw NSError(domain: "HostileRegistry", code: 1)
    }
    host = "127.0.0.1:\(port)"
  }

  deinit {
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
  }

  /// A file the server wrote beside its script (`resumable.digest`, `ranges.log`).
  func written(_ name: String) throws -> String {
    String(decoding: try scratch.read(name), as: UTF8.self)
  }

  /// Requests the server has seen for `path`.
  func hits(_ path: String) throws -> Int {
    let text = String(decoding: try scratch.read("hits.log"), as: UTF8.self)
    return text.split(separator: "\n").filter { $0 == path }.count
  }

  static let manifest = #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[]}"#

  static var script: String {
    #"""
    import hashlib, os, socket, sys, time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    MANIFEST = b'\#(manifest)'
    HERE = os.path.dirname(os.path.abspath(__file__))
    RESUMABLE = b"plimsoll resumes " * 4096
    RESUMABLE_DIGEST = "sha256:" + hashlib.sha256(RESUMABLE).hexdigest()
    with open(os.path.join(HERE, "resumable.digest"), "w") as f: f.write(RESUMABLE_DIGEST)
    state = {"slow": 0}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def log_message(self, *args): pass
        def send(self, code, body=b"", headers=()):
            self.send_response(code)
            for k, v in headers: self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        def do_GET(self):
            with open(os.path.join(HERE, "hits.log"), "a") as log: log.write(self.path + "\n")
            p = self.path
            if p == "/v2/big/manifests/1":
                self.send_response(200)
                self.send_header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                self.send_header("Content-Length", str(50 << 20))
                self.end_headers()
                chunk = b" " * (1 << 20)
                try:
                    for _ in range(50): self.wfile.write(chunk)
                except Exception: pass
            elif p == "/v2/slow/manifests/1":
                state["slow"] += 1
                if state["slow"] == 1:
                    self.send(429, b'{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}', [("Retry-After", "1")])
                else:
                    self.send(200, MANIFEST, [("Content-Type", "application/vnd.oci.image.manifest.v1+json")])
            elif p == "/v2/broken/manifests/1":
                self.send(503, b'{"errors":[{"code":"UNAVAILABLE","message":"down for maintenance"}]}')
            elif p == "/v2/loop/manifests/1":
                self.send(302, b"", [("Location", "/v2/loop/manifests/1")])
            elif p == "/v2/lie/manifests/1":
                self.send(200, MANIFEST, [("Content-Type", "application/vnd.oci.image.manifest.v1+json"),
                                          ("Docker-Content-Digest", "sha256:" + "0" * 64)])
            elif p.startswith("/v2/trunc/blobs/"):
                self.send_response(200)
                self.send_header("Content-Length", "100000")
                self.end_headers()
                self.wfile.write(b"x" * 10)
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
            elif p == "/v2/resume/blobs/" + RESUMABLE_DIGEST:
                ranged = self.headers.get("Range")
                if ranged is None:
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(RESUMABLE)))
                    self.end_headers()
                    self.wfile.write(RESUMABLE[:len(RESUMABLE) // 3])
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                else:
                    start = int(ranged.split("=")[1].split("-")[0])
                    with open(os.path.join(HERE, "ranges.log"), "a") as log: log.write(ranged + "\n")
                    self.send(206, RESUMABLE[start:], [("Content-Range", f"bytes {start}-{len(RESUMABLE) - 1}/{len(RESUMABLE)}")])
            elif p == "/v2/restart/blobs/" + RESUMABLE_DIGEST:
                # Cut off a third of the way; a range request gets the whole blob again (200).
                with open(os.path.join(HERE, "restarts.log"), "a") as log: log.write(str(self.headers.get("Range")) + "\n")
                if self.headers.get("Range") is None:
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(RESUMABLE)))
                    self.end_headers()
                    self.wfile.write(RESUMABLE[:len(RESUMABLE) // 3])
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                else:
                    self.send(200, RESUMABLE)
            elif p == "/v2/liar/blobs/" + RESUMABLE_DIGEST:
                self.send(200, RESUMABLE[:-1] + b"!")
            elif p == "/v2/private/blobs/" + RESUMABLE_DIGEST:
                # Blob storage elsewhere, as registries on S3 or GCS do: after authentication,
                # a redirect to another origin with a signed URL.
                if self.headers.get("Authorization") is None:
                    self.send(401, b'{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}',
                              [("WWW-Authenticate", 'Basic realm="hostile"')])
                else:
                    self.send(307, b"", [("Location", f"http://127.0.0.1:{STORAGE_PORT}/storage/blob?X-Signature=abc")])
            elif p == "/v2/schema1/manifests/1":
                self.send(200, b'{"schemaVersion":1,"name":"schema1","fsLayers":[]}',
                          [("Content-Type", "application/vnd.docker.distribution.manifest.v1+prettyjws")])
            else:
                self.send(404, b'{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}')

    class Storage(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def log_message(self, *args): pass
        def do_GET(self):
            with open(os.path.join(HERE, "storage.log"), "a") as log:
                log.write(self.path + " authorization=" + str(self.headers.get("Authorization")) + "\n")
            self.send_response(200)
            self.send_header("Content-Length", str(len(RESUMABLE)))
            self.end_headers()
            self.wfile.write(RESUMABLE)

    import threading
    storage = ThreadingHTTPServer(("127.0.0.1", 0), Storage)
    STORAGE_PORT = storage.server_address[1]
    threading.Thread(target=storage.serve_forever, daemon=True).start()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()
    """#
  }
}

@Suite struct HostileRegistryTests {
  func client(_ registry: HostileRegistry) -> RegistryClient {
    var options = RegistryClient.Options()
    options.insecure = true
    options.attempts = 2
    options.maxRetryDelay = .seconds(2)
    return RegistryClient(registry: registry.host, options: options)
  }

  func error(_ body: () async throws -> Void) async -> RegistryError? {
    do {
      try await body()
      return nil
    } catch {
      return error as? RegistryError
    }
  }

  @Test func aHugeManifestIsRefusedAtTheLimit() async throws {
    let registry = try HostileRegistry()
    let failure = await error { _ = try await client(registry).manifest("big", reference: "1", name: "big:1") }
    #expect(failure == .tooLarge(reference: "big:1", what: "the manifest", limit: 8 << 20))
  }

  @Test func a429IsRetriedAfterTheTimeTheRegistryAsks() async throws {
    let registry = try HostileRegistry()
    let start = ContinuousClock.now
    let manifest = try await client(registry).manifest("slow", reference: "1", name: "slow:1")
    #expect(ContinuousClock.now - start >= .milliseconds(900))
    #expect(manifest.mediaType == "application/vnd.oci.image.manifest.v1+json")
    #expect(try registry.hits("/v2/slow/manifests/1") == 2)
  }

  @Test func a5xxThatPersistsIsAnErrorWithTheRegistrysMessageAfterBoundedTries() async throws {
    let registry = try HostileRegistry()
    let failure = await error { _ = try await client(registry).manifest("broken", reference: "1", name: "broken:1") }
    #expect(failure == .status(reference: "broken:1", request: "GET /v2/broken/manifests/1", code: 503,
                               message: "UNAVAILABLE: down for maintenance"))
    #expect(try registry.hits("/v2/broken/manifests/1") == 2)
  }

  @Test func aRedirectLoopEnds() async throws {
    let registry = try HostileRegistry()
    let failure = await error { _ = try await client(registry).manifest("loop", reference: "1", name: "loop:1") }
    guard case .transport(_, let detail)? = failure else {
      Issue.record("expected a transport error, got \(String(describing: failure))")
      return
    }
    #expect(detail.lowercased().contains("redirect"))
    #expect(try registry.hits("/v2/loop/manifests/1") <= 6)
  }

  @Test func aManifestThatIsNotWhatTheRegistryClaimsIsRefused() async throws {
    let registry = try HostileRegistry()
    let failure = await error { _ = try await client(registry).manifest("lie", reference: "1", name: "lie:1") }
    guard case .digestMismatch(_, _, let expected, _)? = failure else {
      Issue.record("expected a digest mismatch, got \(String(describing: failure))")
      return
    }
    #expect(expected == "sha256:" + String(repeating: "0", count: 64))
  }

  @Test func aTruncatedBlobIsAnErrorAndLeavesNoFile() async throws {
    let registry = try HostileRegistry()
    let scratch = try Scratch()
    let file = scratch.path + "/blob"
    let digest = "sha256:" + String(repeating: "a", count: 64)
    let failure = await error {
      try await client(registry).downloadBlob("trunc", digest: digest, to: file, name: "trunc:1")
    }
    guard case .transport(_, let detail)? = failure else {
      Issue.record("expected a transport error, got \(String(describing: failure))")
      return
    }
    #expect(detail.contains("blob \(digest) cut short"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0.hasPrefix("blob") }.isEmpty)
  }

  /// A blob cut off a third of the way is resumed with a Range request, and the whole of it
  /// still has to match its digest.
  @Test func aCutBlobIsResumedWhereItStopped() async throws {
    let registry = try HostileRegistry()
    let scratch = try Scratch()
    let digest = try registry.written("resumable.digest")
    let file = scratch.path + "/blob"
    let size = try await client(registry).downloadBlob("resume", digest: digest, to: file, name: "resume:1")
    #expect(size == 17 * 4096)
    #expect(try registry.written("ranges.log") == "bytes=\((17 * 4096) / 3)-\n")
    #expect(FileManager.default.fileExists(atPath: file))
  }

  /// Reads a streamed blob to its end, as the layer walk does.
  func streamed(_ repository: String, digest: String, from registry: HostileRegistry, keepAt: String? = nil)
    async throws -> [UInt8]
  {
    let channel = ByteChannel(name: repository)
    let reader = channel.reader()
    let client = client(registry)
    async let produced: Void = client.streamBlob(repository, digest: digest, into: channel, name: "\(repository):1",
                                                 keepAt: keepAt)
    let bytes = try await BlockingWork.run {
      try BufferedReader(reader, name: repository).readAll(limit: 1 << 20)
    }
    await produced
    return bytes
  }

  /// A stream cut a third of the way, whose registry answers the range request with the whole
  /// blob: the walk gets every byte exactly once, and the end only after the digest matched.
  @Test func aStreamedBlobRestartedByTheRegistryArrivesOnce() async throws {
    let registry = try HostileRegistry()
    let digest = try registry.written("resumable.digest")
    let bytes = try await streamed("restart", digest: digest, from: registry)
    #expect(bytes == Array(String(repeating: "plimsoll resumes ", count: 4096).utf8))
    #expect(try registry.written("restarts.log") == "None\nbytes=\((17 * 4096) / 3)-\n")
  }

  /// A blob whose bytes are not its digest: the walk reading the stream gets the mismatch, not
  /// the end of the stream, and a kept copy is never written.
  @Test func aStreamedBlobThatLiesFailsTheReaderAndIsNotKept() async throws {
    let registry = try HostileRegistry()
    let scratch = try Scratch()
    let digest = try registry.written("resumable.digest")
    let kept = scratch.path + "/" + String(digest.dropFirst(7))
    await #expect {
      _ = try await streamed("liar", digest: digest, from: registry, keepAt: kept)
    } throws: { error in
      guard case .digestMismatch(_, let what, _, _) = error as? RegistryError else { return false }
      return what == "blob \(digest)"
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
  }

  /// A registry that sends blobs to storage on another origin (a signed URL): the blob is
  /// fetched from there and verified, and the registry's credentials are not sent along.
  @Test func aBlobRedirectedToOtherStorageIsFetchedWithoutTheRegistrysCredentials() async throws {
    let registry = try HostileRegistry()
    let scratch = try Scratch()
    let digest = try registry.written("resumable.digest")
    var options = RegistryClient.Options()
    options.insecure = true
    options.credentials = RegistryCredentials(username: "scanner", password: "s3cret")
    let client = RegistryClient(registry: registry.host, options: options)
    let size = try await client.downloadBlob("private", digest: digest, to: scratch.path + "/blob", name: "private:1")
    #expect(size == 17 * 4096)
    #expect(try registry.written("storage.log") == "/storage/blob?X-Signature=abc authorization=None\n")
  }

  @Test func schema1IsUnsupportedByName() async throws {
    let registry = try HostileRegistry()
    let scratch = try Scratch()
    let reference = try ImageReference(parsing: "\(registry.host)/schema1:1")
    let failure = await error {
      _ = try await RegistryPull(reference).pull(with: client(registry), into: scratch.url.appendingPathComponent("l"))
    }
    guard case .unsupported(_, let detail)? = failure else {
      Issue.record("expected unsupported, got \(String(describing: failure))")
      return
    }
    #expect(detail.contains("schema 1"))
  }
}
