import Foundation

/// What a user asked to see and what fails the run: severity filter, unfixed filter, ignored
/// ids, and the exit code to use when findings remain.
public struct Policy: Sendable {
  /// Severities to keep; `nil` keeps all.
  public var severities: Set<Severity>?
  /// Drop vulnerabilities with no fixed version.
  public var ignoreUnfixed: Bool
  /// Finding ids (or aliases) to drop.
  public var ignoredIDs: Set<String>
  /// Exit status when at least one failing finding remains (0 = never fail).
  public var exitCode: Int32
  /// Entries of an ignore file; expired ones no longer apply and are reported as warnings.
  public var ignoreRules: [IgnoreRule]
  /// The time expiry dates are judged against.
  public var now: Date

  public init(severities: Set<Severity>? = nil, ignoreUnfixed: Bool = false,
              ignoredIDs: Set<String> = [], exitCode: Int32 = 0, ignoreRules: [IgnoreRule] = [],
              now: Date = Date()) {
    self.severities = severities
    self.ignoreUnfixed = ignoreUnfixed
    self.ignoredIDs = ignoredIDs
    self.exitCode = exitCode
    self.ignoreRules = ignoreRules
    self.now = now
  }

  /// Whether a finding is a problem (as opposed to a passed or informational check).
  public static func isFailing(_ finding: Finding) -> Bool {
    switch finding.status {
    case .pass, .info, .manual: false
    default: true
    }
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
      if let severities, Self.isFailing(finding), !severities.contains(finding.severity) {
        return false
      }
      if ignoreUnfixed, finding.kind == .vulnerability, finding.status != .fixed { return false }
      if ignoredIDs.contains(finding.id) { return false }
      if finding.aliases.contains(where: ignoredIDs.contains) { return false }
      return true
    }
    return out
  }

  /// The process exit status for an already filtered report.
  public func exitStatus(for report: FindingReport) -> Int32 {
    report.findings.contains(where: Self.isFailing) ? exitCode : 0
  }
}
