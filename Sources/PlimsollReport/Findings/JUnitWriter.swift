import PlimsollFindings

/// Writes a findings report as JUnit XML for CI dashboards: a test suite per kind, a test case
/// per finding or check, a `<failure>` for every failing one.
///
/// Passed and informational checks are passing test cases, `manual` checks are skipped, and
/// scan warnings go to a `scan` suite's `<system-err>` so a partial result is visible.
public enum JUnitWriter: FindingsWriter {
  /// The report as JUnit XML text.
  public static func write(_ report: FindingReport, rules: [RuleInfo] = [],
                           options: RenderOptions = RenderOptions()) -> String {
    let rulesByID = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    var suites: [String] = []
    var totalTests = 0
    var totalFailures = 0
    var totalSkipped = 0
    for kind in FindingKind.allCases {
      let findings = report.findings.filter { $0.kind == kind }
      guard !findings.isEmpty else { continue }
      let failures = findings.filter(\.isFailing).count
      let skipped = findings.filter { $0.status == .manual }.count
      totalTests += findings.count
      totalFailures += failures
      totalSkipped += skipped
      var lines = ["  <testsuite name=\"\(escape(kind.rawValue))\" tests=\"\(findings.count)\""
        + " failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\">"]
      for finding in findings {
        lines += testCase(finding, target: report.target, rule: rulesByID[finding.id])
      }
      lines.append("  </testsuite>")
      suites.append(lines.joined(separator: "\n"))
    }
    if report.findings.isEmpty || !report.warnings.isEmpty {
      var lines = ["  <testsuite name=\"scan\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\">"]
      if !report.warnings.isEmpty {
        lines.append("    <system-err>" + escape(report.warnings.map(\.description)
          .joined(separator: "\n")) + "</system-err>")
      }
      lines.append("  </testsuite>")
      suites.append(lines.joined(separator: "\n"))
    }
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out += "<testsuites name=\"plimsoll \(escape(report.target))\" tests=\"\(totalTests)\""
      + " failures=\"\(totalFailures)\" errors=\"0\" skipped=\"\(totalSkipped)\">\n"
    out += suites.joined(separator: "\n") + (suites.isEmpty ? "" : "\n")
    out += "</testsuites>\n"
    return out
  }

  static func testCase(_ finding: Finding, target: String, rule: RuleInfo?) -> [String] {
    let group = FindingsOrder.groupLabel(finding)
    var name = finding.id
    if let lines = FindingsOrder.lines(finding.location) { name += " line \(lines)" }
    let open = "    <testcase classname=\"\(escape(target + " " + group))\" name=\"\(escape(name))\""
    if finding.status == .manual {
      return [open + ">", "      <skipped message=\"\(escape(finding.title))\"/>", "    </testcase>"]
    }
    guard finding.isFailing else { return [open + "/>"] }
    var details: [String] = ["\(finding.severity.rawValue) \(finding.id): \(finding.title)"]
    if let package = finding.package {
      details.append("Package: \(package.name) \(package.installedVersion)"
        + (package.fixedVersion.map { ", fixed in \($0)" } ?? ""))
    }
    if let location = finding.location {
      details.append("Location: \(location.path)"
        + (FindingsOrder.lines(location).map { ":\($0)" } ?? ""))
    }
    if let evidence = finding.evidence { details.append("Evidence: \(evidence)") }
    if let remediation = finding.remediation ?? rule?.remediation {
      details.append("Remediation: \(remediation)")
    }
    if !finding.references.isEmpty {
      details.append("References: " + finding.references.joined(separator: " "))
    }
    return [
      open + ">",
      "      <failure message=\"\(escape(finding.title))\" type=\"\(finding.severity.rawValue)\">"
        + escape(details.joined(separator: "\n")) + "</failure>",
      "    </testcase>",
    ]
  }

  /// XML text escaping; characters XML 1.0 forbids are dropped.
  static func escape(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
      default:
        let value = scalar.value
        if value >= 0x20 && value != 0xFFFE && value != 0xFFFF {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }
}
