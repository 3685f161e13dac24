import Foundation
public import PlimsollCore
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import NIOCore
import PostgresNIO

/// What `plimsoll server` serves and runs.
public struct ServerOptions: Sendable {
  public var database: DatabaseLocation
  /// The address to listen on (loopback unless a token is given).
  public var host: String
  public var port: Int
  /// Workers run in this process.
  public var workers: Int
  /// The bearer token required by every endpoint but the health ones.
  public var token: String?
  /// The largest request body accepted, in bytes.
  public var bodyLimit: Int
  /// The largest uploaded image archive accepted, in bytes.
  public var uploadLimit: Int
  public var settings: ScanSettings

  public init(database: DatabaseLocation, host: String = "127.0.0.1", port: Int = 8080, workers: Int = 1,
              token: String? = nil, bodyLimit: Int = 1 << 20, uploadLimit: Int = 512 << 20,
              settings: ScanSettings = ScanSettings()) {
    self.uploadLimit = uploadLimit
    self.database = database
    self.host = host
    self.port = port
    self.workers = workers
    self.token = token
    self.bodyLimit = bodyLimit
    self.settings = settings
  }

  /// Checks what the options allow together: a server bound beyond loopback needs a token.
  public func validate() throws(InputError) {
    guard workers >= 0, workers <= 256 else {
      throw InputError("--workers", "\(workers): expected 0 to 256")
    }
    guard uploadLimit > 0, uploadLimit <= 1 << 30 else {
      throw InputError("--max-upload-bytes", "\(uploadLimit): expected 1 to \(1 << 30) (PostgreSQL keeps the archive until its scan)")
    }
    guard (0...65535).contains(port) else {
      throw InputError("--listen", "\(port): not a port")
    }
    if token == nil && !Self.isLoopback(host) {
      throw InputError("--listen", "\(host) is not a loopback address: give --token-file so that clients must present a bearer token")
    }
  }

  static func isLoopback(_ host: String) -> Bool {
    host == "localhost" || host == "::1" || host.hasPrefix("127.")
  }

  /// Reads a bearer token from `path` (surrounding white space dropped).
  public static func token(fromFile path: String) throws(InputError) -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw InputError("--token-file", "\(path): cannot be read")
    }
    let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    guard token.count >= 16, !token.contains(where: \.isWhitespace) else {
      throw InputError("--token-file", "\(path): the token must be at least 16 characters, without spaces")
    }
    return token
  }

  /// Splits `HOST:PORT` (`[::1]:PORT` for IPv6).
  public static func listenAddress(_ text: String) throws(InputError) -> (host: String, port: Int) {
    var host = text
    var portText = ""
    if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
      host = String(text[text.index(after: text.startIndex)..<close])
      portText = String(text[close...].dropFirst().drop { $0 == ":" })
    } else if let colon = text.lastIndex(of: ":") {
      host = String(text[..<colon])
      portText = String(text[text.index(after: colon)...])
    }
    guard !host.isEmpty, let port = Int(portText), (0...65535).contains(port) else {
      throw InputError("--listen", "\(text): expected HOST:PORT (127.0.0.1:8080)")
    }
    return (host, port)
  }
}

/// `plimsoll server`: the HTTP API with `workers` in-process workers, and `plimsoll server
/// worker`: workers only. Both migrate the database first.
public enum ScanServer {
  static func logger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = .info
    return logger
  }

  /// Serves until SIGTERM or SIGINT.
  public static func serve(_ options: ServerOptions) async throws {
    try options.validate()
    let logger = logger("plimsoll.server")
    var databaseLogger = logger
    databaseLogger.logLevel = .warning
    let client = ScanStore.client(for: options.database, logger: databaseLogger)
    let store = ScanStore(client: client, logger: databaseLogger)
    let vault = CredentialVault()
    let metrics = ServerMetrics()
    let api = ServerAPI(store: store, settings: options.settings, vault: vault, metrics: metrics,
                        token: options.token, bodyLimit: options.bodyLimit, workers: options.workers,
                        uploadLimit: options.uploadLimit)
    let app = Application(
      router: api.router(),
      configuration: .init(address: .hostname(options.host, port: options.port), serverName: "plimsoll"),
      onServerRunning: { channel in
        let port = channel.localAddress?.port ?? options.port
        FileHandle.standardError.write(Data("plimsoll: listening on http://\(options.host):\(port)\n".utf8))
      },
      logger: logger)
    try await withDatabaseClient(client) {
      try await migrate(store, database: options.database)
      // This process keeps the registry credentials Harbor sends; it says it is alive.
      try await store.touchHolder(vault.holder)
      try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
          while !Task.isCancelled {
            try? await Task.sleep(for: options.settings.lease / 3)
            try? await store.touchHolder(vault.holder)
          }
        }
        group.addTask { try await app.runService() }
        for _ in 0..<options.workers {
          let worker = ScanWorker(store: store, settings: options.settings, vault: vault, metrics: metrics,
                                  logger: logger)
          group.addTask { await worker.run() }
        }
        // The server stops on a signal; the workers stop with it, before the database client.
        _ = try await group.next()
        group.cancelAll()
      }
    }
  }

  /// Runs `workers` workers until the process is stopped.
  public static func work(database: DatabaseLocation, workers: Int, settings: ScanSettings) async throws {
    guard workers >= 1, workers <= 256 else {
      throw InputError("--workers", "\(workers): expected 1 to 256")
    }
    let logger = logger("plimsoll.worker")
    var databaseLogger = logger
    databaseLogger.logLevel = .warning
    let client = ScanStore.client(for: database, logger: databaseLogger)
    let store = ScanStore(client: client, logger: databaseLogger)
    let vault = CredentialVault()
    try await withDatabaseClient(client) {
      try await migrate(store, database: database)
      FileHandle.standardError.write(Data("plimsoll: \(workers) worker(s) on \(database)\n".utf8))
      await withTaskGroup(of: Void.self) { group in
        for _ in 0..<workers {
          let worker = ScanWorker(store: store, settings: settings, vault: vault, metrics: nil, logger: logger)
          group.addTask { await worker.run() }
        }
      }
    }
  }

  /// Runs `body` while `client` runs, and stops the client only once `body` has returned, so
  /// no query of a stopping worker waits on a client that is shutting down.
  ///
  /// The client's `run()` is then waited for at most `clientStopLimit`: PostgresNIO 1.33's
  /// forced shutdown of its pool has been seen never to return (once in a few loaded
  /// ThreadSanitizer runs, its connections already closed), and a process that is stopping
  /// must not hang on it.
  static func withDatabaseClient<T: Sendable>(_ client: PostgresClient,
                                              _ body: () async throws -> T) async throws -> T {
    let running = Task { await client.run() }
    let result: Result<T, any Error>
    do {
      result = .success(try await body())
    } catch {
      result = .failure(error)
    }
    running.cancel()
    if await !finishes(running, within: clientStopLimit) {
      logger("plimsoll.database").warning(
        "the PostgreSQL client did not stop within \(clientStopLimit) of its cancellation; not waiting for it")
    }
    return try result.get()
  }

  static let clientStopLimit: Duration = .seconds(15)

  /// Whether `task` returns within `limit`; either way this returns by then, without waiting
  /// for the task.
  static func finishes(_ task: Task<Void, Never>, within limit: Duration) async -> Bool {
    let first = NIOLockedValueBox<CheckedContinuation<Bool, Never>?>(nil)
    let resume = { @Sendable (finished: Bool) in
      first.withLockedValue { continuation in
        continuation?.resume(returning: finished)
        continuation = nil
      }
    }
    var timer: Task<Void, Never>?
    let finished = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
      first.withLockedValue { $0 = continuation }
      Task { await task.value; resume(true) }
      timer = Task { try? await Task.sleep(for: limit); resume(false) }
    }
    timer?.cancel()
    return finished
  }

  /// Migrates, naming the database when it cannot be reached.
  static func migrate(_ store: ScanStore, database: DatabaseLocation) async throws {
    do {
      try await store.migrate()
    } catch {
      throw InputError("--database", "\(database): \(String(reflecting: error))")
    }
  }
}
