import ArgumentParser
import PlimsollCore
import PlimsollServer

/// `plimsoll server`: scanning as a service on PostgreSQL; `plimsoll server worker`: more
/// workers on the same database.
struct ServerCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "server",
    abstract: "Scan registry images as a service: HTTP API, registry webhook, Harbor adapter, workers on PostgreSQL.",
    subcommands: [ServeCommand.self, WorkerCommand.self, RematchCommand.self],
    defaultSubcommand: ServeCommand.self)
}

/// Options of every server process: the database and how jobs are scanned.
struct ServerQueueOptions: ParsableArguments {
  @Option(help: ArgumentHelp("The PostgreSQL database (postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE; "
                               + "else PGPASSWORD gives the password).", valueName: "url"))
  var database: String

  @Option(help: "Seconds a job stays a worker's without a heartbeat before another worker may take it.")
  var leaseSeconds = 30

  @Option(help: "Attempts before a failing job is parked with its error.")
  var maxAttempts = 3

  @OptionGroup var cache: CacheOptions
  @OptionGroup var data: AdvisoryDataOptions
  @OptionGroup var limits: LimitOptions

  func validate() throws {
    guard (2...3600).contains(leaseSeconds) else { throw ValidationError("--lease-seconds: expected 2 to 3600") }
    guard (1...100).contains(maxAttempts) else { throw ValidationError("--max-attempts: expected 1 to 100") }
  }

  var settings: ScanSettings {
    ScanSettings(cache: cache.location(), data: data.policy, lease: .seconds(leaseSeconds), maxAttempts: maxAttempts)
  }
}

struct ServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve", abstract: "Run the HTTP API and in-process workers (the default).")

  @OptionGroup var queue: ServerQueueOptions

  @Option(help: "HOST:PORT to listen on; beyond loopback, --token-file is required.")
  var listen = "127.0.0.1:8080"

  @Option(help: "Workers in this process (0: the API only).")
  var workers = 1

  @Option(help: "A file holding the bearer token required by every endpoint but /healthz and /readyz.")
  var tokenFile: String?

  @Option(help: "The largest request body accepted, in bytes.")
  var maxBodyBytes = 1 << 20

  @Option(help: "The largest image archive accepted by POST /v1/uploads, in bytes.")
  var maxUploadBytes = 512 << 20

  func run() async throws {
    try await withInputErrors {
      let address = try ServerOptions.listenAddress(listen)
      let options = ServerOptions(
        database: try DatabaseLocation(url: queue.database), host: address.host, port: address.port,
        workers: workers, token: try tokenFile.map { file throws in try ServerOptions.token(fromFile: file) },
        bodyLimit: maxBodyBytes, uploadLimit: maxUploadBytes, settings: queue.settings)
      try await ScanServer.serve(options)
    }
  }
}

struct WorkerCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "worker", abstract: "Run workers only, on the database a server uses.")

  @OptionGroup var queue: ServerQueueOptions

  @Option(help: "Workers in this process.")
  var workers = 1

  func run() async throws {
    try await withInputErrors {
      try await ScanServer.work(database: try DatabaseLocation(url: queue.database), workers: workers,
                                settings: queue.settings)
    }
  }
}

struct RematchCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rematch",
    abstract: "After `plimsoll db update`: match every stored inventory again and report what changed.")

  @Option(help: ArgumentHelp("The PostgreSQL database the server uses.", valueName: "url"))
  var database: String

  @OptionGroup var cache: CacheOptions

  @Option(help: ArgumentHelp("A webhook that receives, per changed image, the vulnerabilities that appeared and went away.",
                             valueName: "url"))
  var notify: String?

  func run() async throws {
    try await withInputErrors {
      let summary = try await Rematch.run(database: try DatabaseLocation(url: database), cache: cache.location(),
                                          notify: notify)
      print("re-matched \(summary.images) image(s): \(summary.changed) changed"
        + (summary.failedNotifications > 0 ? ", \(summary.failedNotifications) notification(s) not accepted" : ""))
      if summary.failedNotifications > 0 { throw ExitCode(1) }
    }
  }
}
