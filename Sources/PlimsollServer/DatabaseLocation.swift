import Foundation
public import PlimsollCore
import NIOSSL
import PostgresNIO

/// A PostgreSQL database named by a `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE` URL.
public struct DatabaseLocation: Sendable, CustomStringConvertible {
  public var host: String
  public var port: Int
  public var username: String
  public var password: String?
  public var database: String

  /// Parses `url`; the error names the URL (without its password) and what is wrong.
  public init(url: String) throws(InputError) {
    guard let components = URLComponents(string: url),
      components.scheme == "postgres" || components.scheme == "postgresql"
    else {
      throw InputError("--database", "expected postgres://USER@HOST[:PORT]/DATABASE")
    }
    guard let host = components.host, !host.isEmpty else {
      throw InputError("--database", "the URL names no host")
    }
    guard let user = components.user, !user.isEmpty else {
      throw InputError("--database", "the URL names no user")
    }
    let name = String(components.path.drop { $0 == "/" })
    guard !name.isEmpty, !name.contains("/") else {
      throw InputError("--database", "the URL names no database (…/DATABASE)")
    }
    self.host = host
    self.port = components.port ?? 5432
    self.username = user
    self.password = components.password ?? ProcessInfo.processInfo.environment["PGPASSWORD"]
    self.database = name
  }

  public init(host: String, port: Int = 5432, username: String, password: String?, database: String) {
    self.host = host
    self.port = port
    self.username = username
    self.password = password
    self.database = database
  }

  /// The URL without its password.
  public var description: String { "postgres://\(username)@\(host):\(port)/\(database)" }

  /// The PostgresNIO client configuration (no TLS on loopback, TLS preferred elsewhere).
  var clientConfiguration: PostgresClient.Configuration {
    let loopback = host == "127.0.0.1" || host == "localhost" || host == "::1"
    return PostgresClient.Configuration(
      host: host, port: port, username: username, password: password, database: database,
      tls: loopback ? .disable : .prefer(.makeClientConfiguration()))
  }
}
