import Foundation
public import Logging
import NIOCore
import PlimsollCore
import Prometheus

/// A stateless worker: claims the oldest ready job, scans it exactly as `plimsoll image` does
/// (`ImageScan.run`), renews its lease while it scans, and stores the result and marks the job
/// done in one transaction, only while it still holds the lease. A worker that dies loses no
/// job: its lease expires and another worker takes the job.
public struct ScanWorker: Sendable {
  let store: ScanStore
  let settings: ScanSettings
  let vault: CredentialVault
  let metrics: ServerMetrics?
  let logger: Logger
  /// This worker's name in `lease_owner`.
  let owner: String

  public init(store: ScanStore, settings: ScanSettings, vault: CredentialVault, metrics: ServerMetrics?,
              logger: Logger) {
    self.store = store
    self.settings = settings
    self.vault = vault
    self.metrics = metrics
    self.logger = logger
    owner = "\(ProcessInfo.processInfo.hostName)/\(getpid())/\(UUID().uuidString.prefix(8))"
  }

  /// Runs jobs until the task is cancelled.
  public func run() async {
    while !Task.isCancelled {
      do {
        if let job = try await store.claim(owner: owner, holder: vault.holder, lease: settings.lease) {
          await process(job)
        } else {
          try await Task.sleep(for: settings.pollInterval)
        }
      } catch is CancellationError {
        return
      } catch {
        logger.warning("queue: \(String(reflecting: error))")
        try? await Task.sleep(for: settings.pollInterval)
      }
    }
  }

  /// An uploaded archive is written to a file under the cache, for the time of its scan, and
  /// scanned as `plimsoll image FILE` scans it; the report names the upload.
  static func scanUpload(_ job: ClaimedJob, store: ScanStore, settings: ScanSettings,
                         scanners: Set<ImageScannerKind>) async throws -> ImageScanResult {
    guard let data = try await store.upload(of: job.id) else {
      throw InputError(job.reference, "the uploaded archive is gone")
    }
    let directory = settings.cache.root.appendingPathComponent("uploads")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let file = directory.appendingPathComponent("\(job.id.uuidString.lowercased()).tar")
    defer { try? FileManager.default.removeItem(at: file) }
    guard FileManager.default.createFile(atPath: file.path, contents: Data(data.readableBytesView)) else {
      throw InputError(file.path, "cannot write the uploaded archive")
    }
    var result = try await ImageScan.run(ImageTarget(file.path, cache: settings.cache), scanners: scanners,
                                         data: settings.data)
    result.report.target = job.reference
    result.inventory.target.name = job.reference
    return result
  }

  enum Outcome: Sendable {
    case scanned(ImageScanResult)
    case failed(String)
    case leaseLost
  }

  /// Scans one claimed job and records what came of it.
  func process(_ job: ClaimedJob) async {
    logger.info("scanning \(job.reference) (job \(job.id), attempt \(job.attempts))")
    let start = ContinuousClock.now
    let credentials = await vault.credentials(for: job.id)
    if job.credentialHolder != nil && credentials == nil {
      try? await store.fail(job: job.id, owner: owner,
                            error: "the registry credentials of this request are gone (the server restarted); submit it again")
      return
    }
    let store = self.store
    let settings = self.settings
    let owner = self.owner
    let outcome: Outcome = await withTaskGroup(of: Outcome?.self) { group in
      group.addTask {
        do {
          let scanners = Set(job.scanners.compactMap(ImageScannerKind.init(rawValue:)))
          if job.reference.hasPrefix("upload:") {
            return .scanned(try await Self.scanUpload(job, store: store, settings: settings, scanners: scanners))
          }
          let options = RegistryImageSource.Options(insecure: job.insecure, credentials: credentials)
          let target = ImageTarget(job.reference, cache: settings.cache, registry: options)
          return .scanned(try await ImageScan.run(target, scanners: scanners, data: settings.data))
        } catch {
          return .failed(String(describing: error))
        }
      }
      group.addTask {
        while !Task.isCancelled {
          try? await Task.sleep(for: settings.lease / 3)
          if Task.isCancelled { return nil }
          if let held = try? await store.heartbeat(job: job.id, owner: owner, lease: settings.lease), !held {
            return .leaseLost
          }
        }
        return nil
      }
      var first: Outcome = .leaseLost
      while let next = await group.next() {
        if let next {
          first = next
          break
        }
      }
      group.cancelAll()
      return first
    }
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    switch outcome {
    case .scanned(let result):
      do {
        if try await store.complete(job: job.id, owner: owner, report: result.report, inventory: result.inventory,
                                    reference: job.reference,
                                    duration: seconds) {
          metrics?.scans.increment()
          metrics?.durations.record(elapsed)
          await vault.forget(job.id)
          logger.info("scanned \(job.reference) in \(String(format: "%.1f", seconds)) s (job \(job.id))")
        } else {
          logger.warning("job \(job.id): the lease was lost before the result was stored; another worker has it")
        }
      } catch {
        metrics?.failures.increment()
        try? await store.fail(job: job.id, owner: owner, error: "storing the result: \(error)")
      }
    case .failed(let message):
      metrics?.failures.increment()
      logger.warning("job \(job.id) failed: \(message)")
      try? await store.fail(job: job.id, owner: owner, error: message)
    case .leaseLost:
      logger.warning("job \(job.id): the lease was lost mid-scan; another worker has it")
    }
  }
}
