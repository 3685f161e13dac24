import Foundation
import PlimsollAdvisories
import PlimsollCatalog
import PlimsollFindings
import PlimsollMatch
import PlimsollSecrets
import PlimsollSource
import PlimsollLayers

/// The kinds of scan `plimsoll image` runs.
public enum ImageScannerKind: String, Sendable, CaseIterable {
  /// Known vulnerabilities of installed packages.
  case vuln
  /// Misconfiguration of the image configuration.
  case config
  /// Secrets in layers (deleted ones too), environment, labels and history.
  case secret
}

/// Runs the chosen scanners over one image and gathers one findings report.
public struct ImageScanner: Sendable {
  public var kinds: Set<ImageScannerKind>
  public var options: ScanOptions
  /// The advisory database (required for `vuln`).
  public var database: AdvisoryDatabase?
  /// Extra file analyzers (the secret scanner plugs in here).
  public var fileAnalyzers: [any FileAnalyzer]
  /// Checks of the image configuration (the config rules plug in here).
  public var configChecks: [@Sendable (Artifact) -> [Finding]]
  /// Secret checks of the configuration (ENV, labels, history), run with the secret scanner.
  public var configSecretChecks: [@Sendable (Artifact) -> [Finding]]
  /// The scanner that masks secrets in history lines, if one is available.
  public var redactor: SecretScanner?

  public init(kinds: Set<ImageScannerKind>, options: ScanOptions, database: AdvisoryDatabase?,
              fileAnalyzers: [any FileAnalyzer] = [],
              configChecks: [@Sendable (Artifact) -> [Finding]] = [],
              configSecretChecks: [@Sendable (Artifact) -> [Finding]] = [],
              redactor: SecretScanner? = nil) {
    self.kinds = kinds
    self.options = options
    self.database = database
    self.fileAnalyzers = fileAnalyzers
    self.configChecks = configChecks
    self.configSecretChecks = configSecretChecks
    self.redactor = redactor
  }

  /// Scans the artifact: its inventory and every finding of the chosen scanners. History
  /// lines that hold secrets are masked (`redactor`) before anything else reads them.
  public func scan(_ raw: Artifact) async throws -> (inventory: Inventory, report: FindingReport) {
    let artifact = redactor.map { HistoryRedaction.redact(raw, scanner: $0) } ?? raw
    let analyzers = AnalyzerSet(catalogers: DefaultCatalogers.all,
                                fileAnalyzers: kinds.contains(.secret) ? fileAnalyzers : [])
    let result = try await InventoryScanner(analyzers: analyzers, options: options).scan(artifact)
    var report = FindingReport(target: artifact.name, warnings: result.inventory.warnings)
    if kinds.contains(.vuln), let database {
      let vulnerabilities = try VulnerabilityMatcher(database: database).match(result.inventory)
      report.findings += vulnerabilities.findings
      report.warnings += vulnerabilities.warnings
    }
    if kinds.contains(.config) {
      for check in configChecks { report.findings += check(artifact) }
    }
    if kinds.contains(.secret) {
      report.findings += result.findings
      for check in configSecretChecks { report.findings += check(raw) }
    }
    return (result.inventory, report)
  }
}
