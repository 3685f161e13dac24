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
  /// The time expiry dates are judged against.
  public var now: Date

  public init(severities: Set<Severity>? = nil, ignoreUnfixed: Bool = false,
              ignoreStatuses: Set<FindingStatus> = [], exitCode: Int32 = 0,
              ignoreRules: [IgnoreRule] = [], now: Date = Date()) {
    self.severities = severities
    self.ignoreUnfixed = ignoreUnfixed
    self.ignoreStatuses = ignoreStatuses
    self.exitCode = exitCode
    self.ignoreRules = ignoreRules
    self.now = now
  }

  /// The report with the findings this policy filters out removed.
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
    out.findings = report.findings.filter { finding in
      if active.contains(where: { $0.covers(finding) }) { return false }
      if let severities, finding.isFailing, !severities.contains(finding.severity) {
        return false
      }
      if ignoreUnfixed, finding.kind == .vulnerability, finding.status != .fixed { return false }
      if finding.kind == .vulnerability, ignoreStatuses.contains(finding.status) { return false }
      return true
    }
    return out
  }

  /// The process exit status for an already filtered report.
  public func exitStatus(for report: FindingReport) -> Int32 {
    report.findings.contains(where: \.isFailing) ? exitCode : 0
  }
}
