import Foundation

/// What `plimsoll image` found: the inventory, the findings of the chosen scanners, the
/// documentation of every rule they can report, and notices for the user (an old database).
public struct ImageScanResult: Sendable {
  public var inventory: Inventory
  public var report: FindingReport
  public var rules: [RuleInfo]
  /// Said on standard error before the report, not part of it.
  public var notices: [String]
}

/// `plimsoll image`: vulnerabilities, image misconfiguration and secrets of one image.
public enum ImageScan {
  /// Scans `target` with `scanners`; `vuln` opens the advisory database in the target's cache,
  /// first fetching or refreshing it as `data` allows. Without advisory data the other
  /// scanners still run and the report says vulnerabilities were not checked.
  /// With `sourceTree`, the target is a source directory: the walk leaves out what the
  /// filter says and the lock-file catalogers join the inventory.
  public static func run(_ target: ImageTarget, scanners: Set<ImageScannerKind>,
                         data: AdvisoryDataPolicy = AdvisoryDataPolicy(),
                         sourceTree: PathFilter? = nil, walkAnalyzers: [any FileAnalyzer] = []) async throws
    -> ImageScanResult
  {
    var notices: [String] = []
    var database: AdvisoryDatabase?
    var missingData: String?
    if scanners.contains(.vuln) {
      let prepared = await AdvisoryData.prepare(cache: target.cache, policy: data)
      notices += prepared.notices
      database = prepared.database
      if database == nil { missingData = prepared.notices.last ?? "no advisory database" }
    }
    var options = target.cache.scanOptions
    options.pathFilter = sourceTree
    let scanner = ImageScanner(
      kinds: scanners, options: options, database: database,
      fileAnalyzers: ImageAnalyzers.fileAnalyzers, configChecks: ImageAnalyzers.configChecks,
      configSecretChecks: ImageAnalyzers.configSecretChecks, redactor: ImageAnalyzers.secretScanner,
      catalogers: sourceTree == nil ? DefaultCatalogers.all : DefaultCatalogers.sourceTree,
      walkAnalyzers: walkAnalyzers)
    var (inventory, report) = try await target.withArtifact(analysis: scanner.analyzers) {
      try await scanner.scan($0)
    }
    if let missingData {
      report.warnings.insert(ScanWarning(input: target.reference, message: "vulnerabilities not checked: \(missingData)"),
                             at: 0)
    } else if let database {
      report.advisoryData = AdvisoryData.age(database, cache: target.cache)
      // What was said about the data (old, not refreshed) belongs to the report too.
      report.warnings.insert(contentsOf: notices.map { ScanWarning(input: "advisory data", message: $0) }, at: 0)
      notices = []
    }
    return ImageScanResult(inventory: inventory, report: report, rules: ImageAnalyzers.rules,
                           notices: notices)
  }
}

/// The analyzers `plimsoll image` plugs into its scanners.
enum ImageAnalyzers {
  static let secretScanner: SecretScanner? = try? SecretScanner()
  static var fileAnalyzers: [any FileAnalyzer] {
    secretScanner.map { [SecretFileAnalyzer(scanner: $0)] } ?? []
  }
  static var configChecks: [@Sendable (Artifact, [ShippedPermission]) -> [Finding]] {
    [{ ImageConfigChecks.misconfigurations($0, permissions: $1) }]
  }
  static var configSecretChecks: [@Sendable (Artifact) -> [Finding]] {
    guard let scanner = secretScanner else { return [] }
    return [{ ImageConfigChecks.secrets($0, scanner: scanner) }]
  }
  static var rules: [RuleInfo] { ImageConfigChecks.rules }
}
