import Foundation
import PlimsollFindings
import PlimsollIO

/// Writes failing findings as a GitLab Code Quality report (`artifacts: reports:
/// codequality:`), the subset of the Code Climate issue format GitLab reads: description,
/// check_name, fingerprint, severity and location, so merge requests show them inline.
///
/// Passed, informational and manual checks are not issues and are left out. Severities map
/// CRITICAL → critical, HIGH → major, MEDIUM → minor, LOW and UNKNOWN → info. The fingerprint
/// is the SHA-256 of the finding's id, place and package, so a finding keeps its fingerprint
/// from one pipeline to the next and two findings never share one.
public enum GitLabCodeQualityWriter: FindingsWriter {
  /// The report as a JSON array of Code Quality issues.
  public static func write(_ report: FindingReport, rules: [RuleInfo] = [],
                           options: RenderOptions = RenderOptions()) -> String {
    var seen = Set<String>()
    let issues = report.findings.filter(\.isFailing).sorted(by: FindingsOrder.bySeverity)
      .compactMap { finding -> JSONValue? in
        let path = finding.location?.path ?? report.target
        let line = finding.location?.startLine ?? 1
        let key = [finding.id, path, String(line), finding.package?.name ?? "",
                   finding.package?.installedVersion ?? "", finding.evidence ?? ""]
          .joined(separator: "\u{0}")
        let fingerprint = Digest.sha256(Data(key.utf8)).hex
        guard seen.insert(fingerprint).inserted else { return nil }
        var issue = JSONObjectBuilder()
        issue.set("description", description(finding))
        issue.set("check_name", finding.id)
        issue.set("fingerprint", fingerprint)
        issue.set("severity", severity(finding.severity))
        issue.set("location", .object([
          ("path", .string(path)), ("lines", .object([("begin", .int(Int64(line)))])),
        ]))
        return issue.value
      }
    return JSONValue.array(issues).rendered()
  }

  /// The issue's one-line text: title, package and version for vulnerabilities, evidence for
  /// the rest.
  static func description(_ finding: Finding) -> String {
    var text = "\(finding.id): \(finding.title)"
    if let package = finding.package {
      text += " (\(package.name) \(package.installedVersion)"
        + (package.fixedVersion.map { ", fixed in \($0)" } ?? "") + ")"
    } else if let evidence = finding.evidence, !evidence.isEmpty {
      text += " (\(evidence))"
    }
    return text
  }

  /// GitLab's severity for a Plimsoll severity.
  static func severity(_ severity: Severity) -> String {
    switch severity {
    case .critical: "critical"
    case .high: "major"
    case .medium: "minor"
    case .low, .unknown: "info"
    }
  }
}
