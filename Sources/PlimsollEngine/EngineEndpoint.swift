import AsyncHTTPClient
import Foundation

/// Where a Docker engine listens: a unix socket, or a plain-HTTP tcp port.
///
/// Read from `DOCKER_HOST` as the docker command line does, so `plimsoll` talks to the same
/// engine as `docker`.
public struct EngineEndpoint: Sendable, Hashable, CustomStringConvertible {
  /// How the client reaches the engine.
  public enum Transport: Sendable, Hashable {
    /// A unix domain socket at an absolute path.
    case unixSocket(path: String)
    /// Plain HTTP on a tcp host and port (no TLS).
    case tcp(host: String, port: Int)
  }

  /// The socket `dockerd` listens on unless configured otherwise.
  public static let defaultSocketPath = "/var/run/docker.sock"

  /// The engine's default endpoint, `unix:///var/run/docker.sock`.
  public static let `default` = EngineEndpoint(unixSocket: defaultSocketPath)

  public let transport: Transport

  /// An endpoint on a unix socket.
  public init(unixSocket path: String) {
    transport = .unixSocket(path: path)
  }

  /// A plain-HTTP endpoint on a tcp host and port.
  public init(tcpHost host: String, port: Int) {
    transport = .tcp(host: host, port: port)
  }

  /// The endpoint `DOCKER_HOST` names, or the default socket when it is unset or empty.
  ///
  /// Refuses `ssh://`, `npipe://`, and `tcp://` with `DOCKER_TLS_VERIFY` set: this client speaks
  /// plain HTTP only.
  public static func fromEnvironment(
    _ environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws -> EngineEndpoint {
    guard let host = environment["DOCKER_HOST"], !host.isEmpty else { return .default }
    let tlsVerify = environment["DOCKER_TLS_VERIFY"].map { !$0.isEmpty } ?? false
    return try parse(host, tlsVerify: tlsVerify)
  }

  /// Parses a `DOCKER_HOST` value (`unix:///path` or `tcp://host:port`).
  public static func parse(_ value: String, tlsVerify: Bool = false) throws -> EngineEndpoint {
    let trimmed = value.trimmingCharacters(in: .whitespaces)
    if trimmed.hasPrefix("unix://") {
      let path = String(trimmed.dropFirst("unix://".count))
      guard path.hasPrefix("/"), path.count > 1 else {
        throw EngineError.invalidHost(value: value, reason: "a unix socket needs an absolute path (unix:///var/run/docker.sock)")
      }
      return EngineEndpoint(unixSocket: path)
    }
    if trimmed.hasPrefix("tcp://") || trimmed.hasPrefix("http://") {
      if tlsVerify {
        throw EngineError.invalidHost(
          value: value, reason: "DOCKER_TLS_VERIFY is set, but plimsoll speaks only plain HTTP to the engine; use its unix socket")
      }
      let rest = trimmed.hasPrefix("tcp://") ? trimmed.dropFirst("tcp://".count) : trimmed.dropFirst("http://".count)
      var authority = Substring(rest)
      if let slash = authority.firstIndex(of: "/") {
        guard authority[slash...].allSatisfy({ $0 == "/" }) else {
          throw EngineError.invalidHost(value: value, reason: "a tcp address takes no path")
        }
        authority = authority[..<slash]
      }
      let host: Substring
      let portText: Substring
      if authority.hasPrefix("[") {
        guard let close = authority.firstIndex(of: "]") else {
          throw EngineError.invalidHost(value: value, reason: "an unclosed '[' in the IPv6 address")
        }
        host = authority[authority.index(after: authority.startIndex)..<close]
        let after = authority[authority.index(after: close)...]
        guard after.hasPrefix(":") else {
          throw EngineError.invalidHost(value: value, reason: "a tcp address needs a port (tcp://127.0.0.1:2375)")
        }
        portText = after.dropFirst()
      } else {
        guard let colon = authority.lastIndex(of: ":") else {
          throw EngineError.invalidHost(value: value, reason: "a tcp address needs a port (tcp://127.0.0.1:2375)")
        }
        host = authority[..<colon]
        portText = authority[authority.index(after: colon)...]
      }
      guard !host.isEmpty else {
        throw EngineError.invalidHost(value: value, reason: "a tcp address needs a host")
      }
      guard let port = Int(portText), (1...65535).contains(port) else {
        throw EngineError.invalidHost(value: value, reason: "'\(portText)' is not a port number (1-65535)")
      }
      return EngineEndpoint(tcpHost: String(host), port: port)
    }
    if trimmed.hasPrefix("ssh://") {
      throw EngineError.invalidHost(value: value, reason: "ssh:// engines are not supported; forward the socket (ssh -L) and use unix:// or tcp://127.0.0.1")
    }
    if trimmed.hasPrefix("https://") {
      throw EngineError.invalidHost(value: value, reason: "TLS engines are not supported; use the engine's unix socket")
    }
    if trimmed.hasPrefix("npipe://") || trimmed.hasPrefix("fd://") {
      throw EngineError.invalidHost(value: value, reason: "this transport is not supported; use unix:// or tcp://")
    }
    throw EngineError.invalidHost(value: value, reason: "expected unix:///path or tcp://host:port")
  }

  /// The endpoint as `DOCKER_HOST` writes it, for messages.
  public var description: String {
    switch transport {
    case .unixSocket(let path): return "unix://" + path
    case .tcp(let host, let port):
      return host.contains(":") ? "tcp://[\(host)]:\(port)" : "tcp://\(host):\(port)"
    }
  }

  /// The URL AsyncHTTPClient requests for a request target (`/v1.41/info?x=y`).
  func url(for target: String) -> String? {
    switch transport {
    case .unixSocket(let path):
      return URL(httpURLWithSocketPath: path, uri: target)?.absoluteString
    case .tcp(let host, let port):
      let authority = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
      return "http://\(authority)\(target)"
    }
  }
}

