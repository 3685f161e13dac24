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

/// Runs the chosen scanners over one image and gathers one findings report (`ImageScan` is
/// the entry point that plugs the analyzers in).
struct ImageScanner: Sendable {
  var kinds: Set<ImageScannerKind>
  var options: ScanOptions
  /// The advisory database (required for `vuln`).
  var database: AdvisoryDatabase?
  /// Extra file analyzers (the secret scanner plugs in here).
  var fileAnalyzers: [any FileAnalyzer] = []
  /// Checks of the image configuration and the file modes it ships (the config rules plug
  /// in here).
  var configChecks: [@Sendable (Artifact, [ShippedPermission]) -> [Finding]] = []
  /// Secret checks of the configuration (ENV, labels, history), run with the secret scanner.
  var configSecretChecks: [@Sendable (Artifact) -> [Finding]] = []
  /// The scanner that masks secrets in history lines, if one is available.
  var redactor: SecretScanner?
  /// The catalogers of the inventory (a source tree adds the lock-file readers).
  var catalogers: [any Cataloger] = DefaultCatalogers.all
  /// File analyzers that run whatever the scanners (a source tree's configuration files).
  var walkAnalyzers: [any FileAnalyzer] = []

  /// The layer analysis the chosen scanners run: every default cataloger, and the file
  /// analyzers (secrets) when they are chosen.
  var analyzers: AnalyzerSet {
    AnalyzerSet(catalogers: catalogers,
                fileAnalyzers: (kinds.contains(.secret) ? fileAnalyzers : []) + walkAnalyzers)
  }

  /// Scans the artifact: its inventory and every finding of the chosen scanners. History
  /// lines that hold secrets are masked (`redactor`) before anything else reads them.
  func scan(_ raw: Artifact) async throws -> (inventory: Inventory, report: FindingReport) {
    let artifact = redactor.map { HistoryRedaction.redact(raw, scanner: $0) } ?? raw
    let result = try await InventoryScanner(analyzers: analyzers, options: options).scan(artifact)
    var report = FindingReport(target: artifact.name, warnings: result.inventory.warnings)
    if kinds.contains(.vuln), let database {
      let vulnerabilities = try VulnerabilityMatcher(database: database).match(result.inventory)
      report.findings += vulnerabilities.findings
      report.warnings += vulnerabilities.warnings
    }
    if kinds.contains(.config) {
      for check in configChecks { report.findings += check(artifact, result.permissions) }
    }
    if kinds.contains(.secret) {
      report.findings += result.findings
      for check in configSecretChecks { report.findings += check(raw) }
    }
    report.ledger = LayerLedgerBuilder.build(inventory: result.inventory, history: result.packageHistory,
                                             findings: report.findings)
    return (result.inventory, report)
  }
}
