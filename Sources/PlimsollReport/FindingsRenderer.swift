import Foundation
import PlimsollCatalog
import PlimsollFindings

/// Output formats for findings reports.
public enum FindingsFormat: String, Sendable, CaseIterable {
  case table
  case json
  case sarif
  case junit
  case markdown
  /// One self-contained HTML page.
  case html
  /// CycloneDX 1.6 with a `vulnerabilities` array (vulnerability findings only); components
  /// come from `RenderOptions.inventory`, else from the findings' packages.
  case cyclonedx
  /// GitLab Code Quality JSON (`artifacts: reports: codequality:`), failing findings only.
  case gitlab
  /// OpenVEX 0.2 statements for the verdicts Plimsoll made itself (not-affected findings, and
  /// what the ignore file and `--ignore-status` took out).
  case openvex
  /// The layer ledger as text: per layer, its instruction and what it added, changed and
  /// removed.
  case ledger
}

/// How a findings report is rendered.
public struct RenderOptions: Sendable {
  /// ANSI colours (only for a terminal).
  public var color: Bool
  /// Columns available to the table writer.
  public var width: Int
  /// The Plimsoll version written into machine formats.
  public var toolVersion: String
  /// The report's creation time (JSON `createdAt`, CycloneDX timestamp); `nil` means now.
  public var timestamp: Date?
  /// The CycloneDX `serialNumber`; `nil` means a random one.
  public var documentID: UUID?
  /// The scanned inventory, when there is one: the CycloneDX format lists its components.
  public var inventory: Inventory?
  /// Order findings by risk (`--sort risk`: known-exploited first, then EPSS × CVSS) rather
  /// than by severity; grouped writers order their groups by their riskiest finding.
  public var sortByRisk: Bool
  /// What locations' paths are relative to (SARIF `originalUriBaseIds`); nil means the
  /// working directory.
  public var locationRoot: LocationRoot?

  /// Options for one rendering; every field has the default a non-terminal output wants.
  public init(color: Bool = false, width: Int = 100, toolVersion: String = PlimsollVersion.current,
              timestamp: Date? = nil, documentID: UUID? = nil, inventory: Inventory? = nil,
              sortByRisk: Bool = false, locationRoot: LocationRoot? = nil) {
    self.sortByRisk = sortByRisk
    self.locationRoot = locationRoot
    self.color = color
    self.width = width
    self.toolVersion = toolVersion
    self.timestamp = timestamp
    self.documentID = documentID
    self.inventory = inventory
  }

  /// The same settings for the SBOM writers.
  var sbomOptions: SBOMOptions {
    SBOMOptions(color: color, width: width, toolVersion: toolVersion, timestamp: timestamp,
                documentID: documentID)
  }
}

/// The Plimsoll release written into reports.
public enum PlimsollVersion {
  /// The version string (semantic versioning).
  public static let current = "0.1.0"
  /// The project's address, written as SARIF `informationUri`, the CycloneDX tool's website
  /// and the base of SPDX document namespaces.
  public static let homepage = "https://github.com/plimsoll-scanner/plimsoll"
}

/// Renders any findings report (vulnerabilities, misconfigurations, secrets, host checks).
public enum FindingsRenderer {
  /// Renders `report` in `format`; `rules` documents the rule ids the findings use (SARIF
  /// `tool.driver.rules`).
  public static func render(_ report: FindingReport, format: FindingsFormat, rules: [RuleInfo] = [],
                            options: RenderOptions = RenderOptions()) throws -> String {
    var report = report
    report.ledger = report.ledger?.restricted(to: report.findings)
    return switch format {
    case .table: FindingsTableWriter.write(report, rules: rules, options: options)
    case .json: FindingsJSONWriter.write(report, rules: rules, options: options)
    case .sarif: SARIFWriter.write(report, rules: rules, options: options)
    case .junit: JUnitWriter.write(report, rules: rules, options: options)
    case .markdown: MarkdownWriter.write(report, rules: rules, options: options)
    case .html: HTMLWriter.write(report, rules: rules, options: options)
    case .gitlab: GitLabCodeQualityWriter.write(report, rules: rules, options: options)
    case .openvex: OpenVEXWriter.write(report, rules: rules, options: options)
    case .ledger: LedgerTextWriter.write(report, rules: rules, options: options)
    case .cyclonedx:
      CycloneDXWriter.write(
        options.inventory ?? Inventory(target: TargetSummary(name: report.target, sourceKind: "unknown"),
                                       warnings: report.warnings),
        vulnerabilities: report.findings, options: options.sbomOptions)
    }
  }
}

/// Orderings and counts the findings writers share.
enum FindingsOrder {
  /// `Advisory data: updated 2026-12-06 22:30 UTC (3 hours ago)`, for the human formats.
  static func advisoryDataLine(_ data: AdvisoryDataAge) -> String {
    let age = AdvisoryDataAge.describe(hours: data.ageHours)
    return "Advisory data: updated \(data.updatedAt.prefix(16).replacingOccurrences(of: "T", with: " ")) UTC (\(age))"
  }

  /// Most severe first, then id, then where.
  static func bySeverity(_ lhs: Finding, _ rhs: Finding) -> Bool {
    if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
    if lhs.id != rhs.id { return lhs.id < rhs.id }
    return (lhs.location?.path ?? "", lhs.location?.startLine ?? 0, lhs.package?.name ?? "")
      < (rhs.location?.path ?? "", rhs.location?.startLine ?? 0, rhs.package?.name ?? "")
  }

  /// Failing findings per severity, every severity present (most severe first).
  static func severityCounts(_ findings: [Finding]) -> [(Severity, Int)] {
    let failing = findings.filter(\.isFailing)
    return Severity.allCases.reversed().map { severity in
      (severity, failing.filter { $0.severity == severity }.count)
    }
  }

  /// What a finding is grouped under: its package for vulnerabilities, else its file.
  static func groupLabel(_ finding: Finding) -> String {
    if finding.kind == .vulnerability, let package = finding.package {
      var label = "\(package.name) \(package.installedVersion)"
      if let type = package.type { label += " (\(type))" }
      return label
    }
    return finding.location?.path ?? finding.package?.name ?? "(no location)"
  }

  /// Findings grouped by kind (in `FindingKind` order), then by group label (sorted), each
  /// group sorted most severe first. One package installed in two places is two groups.
  static func grouped(_ findings: [Finding], byRisk: Bool = false)
    -> [(FindingKind, [(String, [Finding])])]
  {
    FindingKind.allCases.compactMap { kind in
      let ofKind = findings.filter { $0.kind == kind }
      guard !ofKind.isEmpty else { return nil }
      var groups: [String: [Finding]] = [:]
      for finding in ofKind {
        let place = kind == .vulnerability ? finding.location?.path ?? "" : ""
        groups[groupLabel(finding) + "\u{1F}" + place, default: []].append(finding)
      }
      var sorted = groups.sorted { $0.key < $1.key }.compactMap { _, members -> (String, [Finding])? in
        guard let first = members.first else { return nil }
        return (groupLabel(first), members.sorted(by: byRisk ? Finding.riskOrder : bySeverity))
      }
      if byRisk {
        sorted = sorted.enumerated().sorted { lhs, rhs in
          guard let left = lhs.element.1.first, let right = rhs.element.1.first else { return lhs.offset < rhs.offset }
          if Finding.riskOrder(left, right) { return true }
          if Finding.riskOrder(right, left) { return false }
          return lhs.offset < rhs.offset
        }.map(\.element)
      }
      return (kind, sorted)
    }
  }

  /// A heading for a kind: `Vulnerabilities`, `Misconfigurations`…
  static func kindTitle(_ kind: FindingKind) -> String {
    switch kind {
    case .vulnerability: "Vulnerabilities"
    case .misconfiguration: "Misconfigurations"
    case .secret: "Secrets"
    case .host: "Host checks"
    case .container: "Container checks"
    case .drift: "Drift"
    }
  }

  /// Line range as `12` or `12-14`, or nil.
  static func lines(_ location: Location?) -> String? {
    guard let start = location?.startLine else { return nil }
    if let end = location?.endLine, end != start { return "\(start)-\(end)" }
    return String(start)
  }
}
