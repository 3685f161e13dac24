import Foundation
public import PlimsollCore

/// How workers scan and how the queue treats jobs; shared by `plimsoll server` and
/// `plimsoll server worker`.
public struct ScanSettings: Sendable {
  /// The cache (advisory database, layer facts) every scan uses, as `plimsoll image` does.
  public var cache: CacheLocation
  /// How scans get their advisory data (`--offline`, `--skip-db-update`, `--db-repository`).
  public var data: AdvisoryDataPolicy
  /// How long a claimed job stays a worker's without a heartbeat.
  public var lease: Duration
  /// Attempts before a job is parked with its error.
  public var maxAttempts: Int
  /// How long an idle worker waits before it asks the queue again.
  public var pollInterval: Duration
  /// The scanners a registry push is scanned with.
  public var webhookScanners: [String]

  public init(cache: CacheLocation = CacheLocation(), data: AdvisoryDataPolicy = AdvisoryDataPolicy(),
              lease: Duration = .seconds(30), maxAttempts: Int = 3, pollInterval: Duration = .milliseconds(500),
              webhookScanners: [String] = ["vuln"]) {
    self.webhookScanners = webhookScanners
    self.cache = cache
    self.data = data
    self.lease = lease
    self.maxAttempts = maxAttempts
    self.pollInterval = pollInterval
  }
}

/// Registry credentials passed with a request (Harbor's `registry.authorization`), held in
/// this process's memory only, for the job they came with: never stored, never logged.
public actor CredentialVault {
  /// Names this process in the queue: jobs with credentials are run only by the process
  /// that holds them.
  public nonisolated let holder = UUID().uuidString
  private var credentials: [UUID: RegistryCredentials] = [:]

  public init() {}

  func keep(_ credentials: RegistryCredentials, for job: UUID) { self.credentials[job] = credentials }
  func credentials(for job: UUID) -> RegistryCredentials? { credentials[job] }
  func forget(_ job: UUID) { credentials[job] = nil }
}
