import Foundation
import PlimsollAdvisories
import PlimsollCatalog
import PlimsollFindings
import PlimsollMatch
import PlimsollSource

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

  public init(kinds: Set<ImageScannerKind>, options: ScanOptions, database: AdvisoryDatabase?,
              fileAnalyzers: [any FileAnalyzer] = [],
              configChecks: [@Sendable (Artifact) -> [Finding]] = []) {
    self.kinds = kinds
    self.options = options
    self.database = database
    self.fileAnalyzers = fileAnalyzers
    self.configChecks = configChecks
  }

  /// Scans the artifact: its inventory and every finding of the chosen scanners.
  public func scan(_ artifact: Artifact) async throws -> (inventory: Inventory, report: FindingReport) {
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
    }
    return (result.inventory, report)
  }
}
