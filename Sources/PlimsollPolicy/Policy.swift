public import Foundation
import PlimsollDiagnostics
public import PlimsollFindings

/// What a user asked to see and what fails the run: severity filter, unfixed filter, ignored
/// ids, and the exit code to use when findings remain.
public struct Policy: Sendable {
  /// Severities to keep; `nil` keeps all.
  public var severities: Set<Severity>?
  /// Drop vulnerabilities with no fixed version.
  public var ignoreUnfixed: Bool
  /// Drop vulnerabilities with these statuses (`--ignore-status will_not_fix,fix_deferred`).
  public var ignoreStatuses: Set<FindingStatus>
  /// Exit status when at least one failing finding remains (0 = never fail).
  public var exitCode: Int32
  /// Entries of an ignore file; expired ones no longer apply and are reported as warnings.
  public var ignoreRules: [IgnoreRule]
  /// VEX statements (`--vex`): `not_affected` and `fixed` take findings out of the report,
  /// `affected` and `under_investigation` annotate them.
  public var vexStatements: [VEXStatement]
  /// The time expiry dates are judged against.
  public var now: Date

  public init(severities: Set<Severity>? = nil, ignoreUnfixed: Bool = false,
              ignoreStatuses: Set<FindingStatus> = [], exitCode: Int32 = 0,
              ignoreRules: [IgnoreRule] = [], vexStatements: [VEXStatement] = [], now: Date = Date()) {
    self.severities = severities
    self.ignoreUnfixed = ignoreUnfixed
    self.ignoreStatuses = ignoreStatuses
    self.exitCode = exitCode
    self.ignoreRules = ignoreRules
    self.vexStatements = vexStatements
    self.now = now
  }

  /// The statement that decides about a finding: of those covering it, the latest (by
  /// timestamp, then by order of the documents).
  func statement(for finding: Finding) -> VEXStatement? {
    var chosen: VEXStatement?
    for statement in vexStatements where statement.covers(finding) {
      if let current = chosen, let old = current.timestamp, let new = statement.timestamp, new < old { continue }
      chosen = statement
    }
    return chosen
  }

  /// The report with the findings this policy filters out removed. Those a VEX statement,
  /// the ignore file or `--ignore-status` took out are kept in `suppressed`, with why.
  public func apply(_ report: FindingReport) -> FindingReport {
    var out = report
    let active = ignoreRules.filter { rule in rule.expires.map { $0 > now } ?? true }
    for rule in ignoreRules where !active.contains(rule) {
      if report.findings.contains(where: rule.covers) {
        out.warnings.append(ScanWarning(
          input: rule.origin,
          message: "ignore entry for \(rule.id) has expired; the finding is reported again"))
      }
    }
    out.findings = []
    for var finding in report.findings {
      if let statement = statement(for: finding) {
        if statement.status.suppresses {
          out.suppressed.append(Suppression(
            finding: finding, decision: .vex, status: statement.status.rawValue,
            justification: statement.justification, statement: statement.statement, source: statement.source))
          continue
        }
        finding.vex = VEXNote(status: statement.status.rawValue, statement: statement.statement, source: statement.source)
      }
      if let rule = active.first(where: { $0.covers(finding) }) {
        out.suppressed.append(Suppression(
          finding: finding, decision: .ignoreFile, status: "ignored", statement: rule.reason, source: rule.origin))
        continue
      }
      if let severities, finding.isFailing, !severities.contains(finding.severity) { continue }
      if ignoreUnfixed, finding.kind == .vulnerability, finding.status != .fixed { continue }
      if finding.kind == .vulnerability, ignoreStatuses.contains(finding.status) {
        out.suppressed.append(Suppression(
          finding: finding, decision: .ignoreStatus, status: finding.status.rawValue, source: "--ignore-status"))
        continue
      }
      out.findings.append(finding)
    }
    return out
  }

  /// The process exit status for an already filtered report.
  public func exitStatus(for report: FindingReport) -> Int32 {
    report.findings.contains(where: \.isFailing) ? exitCode : 0
  }
}
