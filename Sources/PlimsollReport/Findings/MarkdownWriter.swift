import Foundation
import PlimsollFindings

/// Writes a findings report as GitHub-flavoured Markdown, for pull-request comments and job
/// summaries: counts by severity, one table per kind, warnings last.
public enum MarkdownWriter: FindingsWriter {
  /// The report as Markdown text; a failing finding without its own remediation shows its
  /// rule's.
  public static func write(_ report: FindingReport, rules: [RuleInfo] = [],
                           options: RenderOptions = RenderOptions())
    -> String
  {
    var lines = ["# Plimsoll report: \(inline(report.target))", ""]
    if let data = report.advisoryData { lines += [FindingsOrder.advisoryDataLine(data), ""] }
    if report.findings.isEmpty {
      lines.append("No findings.")
    } else {
      lines.append("| Severity | Count |")
      lines.append("|---|---:|")
      for (severity, count) in FindingsOrder.severityCounts(report.findings) {
        lines.append("| \(severity.rawValue) | \(count) |")
      }
      let others = report.findings.filter { !$0.isFailing }.count
      if others > 0 { lines.append("| passed or informational | \(others) |") }
    }
    for (kind, groups) in FindingsOrder.grouped(report.findings, byRisk: options.sortByRisk) {
      let isVulnerability = kind == .vulnerability
      lines.append("")
      lines.append("## \(FindingsOrder.kindTitle(kind))")
      lines.append("")
      if isVulnerability {
        lines.append("| Package | ID | Severity | Status | Installed | Fixed in | Title |")
        lines.append("|---|---|---|---|---|---|---|")
      } else {
        lines.append("| Location | ID | Severity | Status | Title |")
        lines.append("|---|---|---|---|---|")
      }
      for (_, findings) in groups {
        for finding in findings {
          let id = link(finding.id, finding.references.first)
          if isVulnerability {
            let package = finding.package
            lines.append("| " + [
              cell(package?.name ?? "-"), id, finding.severity.rawValue, finding.status.rawValue,
              cell(package?.installedVersion ?? "-"), cell(package?.fixedVersion ?? "-"),
              cell(finding.title),
            ].joined(separator: " | ") + " |")
          } else {
            var where_ = finding.location?.path ?? "-"
            if let lines = FindingsOrder.lines(finding.location) { where_ += ":\(lines)" }
            lines.append("| " + [
              cell(where_), id, finding.severity.rawValue, finding.status.rawValue,
              cell(finding.title),
            ].joined(separator: " | ") + " |")
          }
        }
      }
    }
    let fixes = remediationLines(report.findings, rules: rules)
    if !fixes.isEmpty {
      lines.append("")
      lines.append("## How to fix")
      lines.append("")
      lines += fixes
    }
    if !report.warnings.isEmpty {
      lines.append("")
      lines.append("## Warnings")
      lines.append("")
      for warning in report.warnings { lines.append("- " + inline(warning.description)) }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// One line per failing check with a remediation (its own, else its rule's); advisories
  /// are left out, their fix is the "Fixed in" column.
  static func remediationLines(_ findings: [Finding], rules: [RuleInfo]) -> [String] {
    let rulesByID = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    var lines: [String] = []
    var seen = Set<String>()
    for finding in findings.sorted(by: FindingsOrder.bySeverity)
    where finding.kind != .vulnerability && finding.isFailing {
      guard let remediation = finding.remediation ?? rulesByID[finding.id]?.remediation,
        !remediation.isEmpty
      else { continue }
      var where_ = finding.location?.path ?? ""
      if let range = FindingsOrder.lines(finding.location) { where_ += ":\(range)" }
      let line = "- **\(inline(finding.id))**" + (where_.isEmpty ? "" : " (\(inline(where_)))")
        + ": " + inline(remediation)
      if seen.insert(line).inserted { lines.append(line) }
    }
    return lines
  }

  /// Text safe inside a table cell: pipes escaped, one line, Markdown specials escaped.
  static func cell(_ text: String) -> String {
    inline(text).replacingOccurrences(of: "|", with: "\\|")
  }

  /// Text with line breaks flattened and Markdown/HTML specials escaped.
  static func inline(_ text: String) -> String {
    var out = ""
    for character in TextFit.singleLine(text) {
      switch character {
      case "\\", "`", "*", "_", "[", "]", "<", ">", "#": out += "\\" + String(character)
      default: out.append(character)
      }
    }
    return out
  }

  static func link(_ id: String, _ url: String?) -> String {
    guard let url, SARIFWriter.isWebURL(url), !url.contains(")"), !url.contains(" ") else {
      return cell(id)
    }
    return "[\(cell(id))](\(url))"
  }
}
