import Foundation

/// A real CNCF distribution registry (`docker-registry serve CONFIG`, Debian's
/// `docker-registry`) on 127.0.0.1 and a free port, with its storage in a scratch directory;
/// images are pushed with `skopeo copy`. Stopped by `stop()` (and when dropped).
public final class LocalRegistry: @unchecked Sendable {
  /// `127.0.0.1:PORT`.
  public let host: String
  /// The registry's storage root (blobs under `docker/registry/v2/blobs/sha256/`).
  public let storage: String
  /// User and password when the registry requires basic authentication (htpasswd).
  public let credentials: (user: String, password: String)?
  /// With TLS: the PEM file of the CA that signed the registry's certificate (made for the test).
  public let caCertificate: String?
  private let process: Process
  private var tokenServer: Process?
  private let scratch: Scratch

  /// Whether a test that needs the registry should run: the tools are installed, or CI is
  /// set (where their absence must fail the test).
  public static var runs: Bool { runsWithTool("docker-registry") && runsWithTool("skopeo") }

  /// Starts a registry; with `basicAuth` it requires that user and password (bcrypt htpasswd);
  /// with `tokenAuth` it requires bearer tokens from a token service started beside it, which
  /// grants them for that user and password only; with `tls` it serves HTTPS with a
  /// certificate for 127.0.0.1 from a CA made for the test; with `notify` it sends its
  /// notifications (`notifications: endpoints:`) to that URL, with `notifyToken` as a bearer token.
  public init(basicAuth: (user: String, password: String)? = nil,
              tokenAuth: (user: String, password: String)? = nil, tls: Bool = false,
              notify: String? = nil, notifyToken: String? = nil) throws {
    scratch = try Scratch()
    storage = scratch.path + "/storage"
    credentials = basicAuth ?? tokenAuth
    let port = try Self.freePort()
    host = "127.0.0.1:\(port)"
    var config = """
      version: 0.1
      log:
        level: info
        formatter: json
      storage:
        filesystem:
          rootdirectory: \(storage)
        delete:
          enabled: true
      http:
        addr: \(host)
      """
    if let basicAuth {
      let hash = try scratch.run(["htpasswd", "-Bbn", basicAuth.user, basicAuth.password])
      try scratch.write("htpasswd", hash)
      config += """

        auth:
          htpasswd:
            realm: plimsoll-test
            path: \(scratch.path)/htpasswd
        """
    }
    if let tokenAuth {
      try scratch.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                       "-nodes", "-keyout", "token.key", "-out", "token.pem", "-days", "2",
                       "-subj", "/CN=plimsoll test token issuer"])
      let server = Process()
      server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      server.arguments = ["python3", Repository.root.path + "/Tests/Fixtures/registry/token_server.py",
                          scratch.path + "/token.key", scratch.path + "/token.pem", "plimsoll-test-issuer",
                          tokenAuth.user, tokenAuth.password]
      let output = Pipe()
      server.standardOutput = output
      server.standardError = FileHandle.nullDevice
      try server.run()
      tokenServer = server
      var line: [UInt8] = []
      var byte: UInt8 = 0
      while read(output.fileHandleForReading.fileDescriptor, &byte, 1) == 1, byte != UInt8(ascii: "\n") {
        line.append(byte)
      }
      guard let tokenPort = Int(String(decoding: line, as: UTF8.self)) else {
        throw NSError(domain: "LocalRegistry", code: 4, userInfo: [
          NSLocalizedDescriptionKey: "the token server did not start"])
      }
      config += """

        auth:
          token:
            realm: http://127.0.0.1:\(tokenPort)/token
            service: plimsoll-test-registry
            issuer: plimsoll-test-issuer
            rootcertbundle: \(scratch.path)/token.pem
        """
    }
    if tls {
      try scratch.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key",
                       "-out", "ca.pem", "-days", "2", "-subj", "/CN=plimsoll test CA"])
      try scratch.run(["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key",
                       "-out", "server.csr", "-subj", "/CN=127.0.0.1"])
      try scratch.write("server.ext", "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n")
      try scratch.run(["openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                       "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext"])
      config += """

          tls:
            certificate: \(scratch.path)/server.pem
            key: \(scratch.path)/server.key
        """
      caCertificate = scratch.path + "/ca.pem"
    } else {
      caCertificate = nil
    }
    if let notify {
      config += """

        notifications:
          endpoints:
            - name: plimsoll
              url: \(notify)
              timeout: 5s
              threshold: 3
              backoff: 1s
        """
      if let notifyToken {
        config += """

                headers:
                  Authorization: [Bearer \(notifyToken)]
          """
      }
    }
    let configPath = try scratch.write("config.yml", config + "\n")
    process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["docker-registry", "serve", configPath]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle(forWritingAtPath: try scratch.write("registry.log", "")) ?? FileHandle.nullDevice
    try process.run()
    try waitUntilReady()
  }

  deinit { stop() }

  /// Stops the registry (and its token service).
  public func stop() {
    if let tokenServer, tokenServer.isRunning {
      kill(tokenServer.processIdentifier, SIGKILL)
      tokenServer.waitUntilExit()
    }
    if process.isRunning {
      // SIGKILL: the test runner may hand its children an ignored SIGTERM.
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
  }

  /// Pushes `source` (a skopeo transport reference, e.g. `oci:/path:1.0`) as `repository:tag`;
  /// `all` copies every image of an index.
  public func push(_ source: String, as destination: String, all: Bool = false) throws {
    var arguments = ["skopeo", "copy", "-q", "--dest-tls-verify=false"]
    if let credentials { arguments += ["--dest-creds", "\(credentials.user):\(credentials.password)"] }
    if all { arguments.append("--all") }
    try scratch.run(arguments + [source, "docker://\(host)/\(destination)"])
  }

  /// The tokens the token service granted, one JSON object a line (`authenticated`, `access`).
  public func grantedTokens() throws -> [String] {
    String(decoding: (try? scratch.read("tokens.log")) ?? [], as: UTF8.self).split(separator: "\n").map(String.init)
  }

  /// How many blob downloads (`GET /v2/REPOSITORY/blobs/…`) the registry has answered.
  public func blobRequests(_ repository: String) throws -> Int {
    let log = String(decoding: try scratch.read("registry.log"), as: UTF8.self)
    let marker = "\"http.request.uri\":\"/v2/\(repository)/blobs/"
    return log.split(separator: "\n").filter { $0.contains(marker) && $0.contains("\"http.request.method\":\"GET\"") }
      .count
  }

  /// The blob file the registry serves for `digest` (`sha256:…`).
  public func blobPath(_ digest: String) -> String {
    let hex = String(digest.dropFirst("sha256:".count))
    return "\(storage)/docker/registry/v2/blobs/sha256/\(hex.prefix(2))/\(hex)/data"
  }

  private func waitUntilReady() throws {
    let port = UInt16(host.split(separator: ":").last.flatMap { UInt16($0) } ?? 0)
    for _ in 0..<100 {
      guard process.isRunning else { break }
      if Self.accepts(port: port) { return }
      Thread.sleep(forTimeInterval: 0.1)
    }
    throw NSError(domain: "LocalRegistry", code: 1, userInfo: [
      NSLocalizedDescriptionKey: "docker-registry did not start on \(host): "
        + String(decoding: (try? scratch.read("registry.log")) ?? [], as: UTF8.self)])
  }

  /// Whether something accepts TCP connections on 127.0.0.1:`port`.
  private static func accepts(port: UInt16) -> Bool {
    let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { return false }
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
      }
    }
  }

  /// A port the kernel reports free on 127.0.0.1.
  public static func freePort() throws -> Int {
    let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { throw NSError(domain: "LocalRegistry", code: 2) }
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
        bind(socket, pointer, length) == 0 && getsockname(socket, pointer, &length) == 0
      }
    }
    guard bound else { throw NSError(domain: "LocalRegistry", code: 3) }
    return Int(UInt16(bigEndian: address.sin_port))
  }
}
