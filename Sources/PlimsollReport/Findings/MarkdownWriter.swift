import Foundation
import PlimsollFindings

/// Writes a findings report as GitHub-flavoured Markdown, for pull-request comments and job
/// summaries: counts by severity, one table per kind, warnings last.
public enum MarkdownWriter {
  /// The report as Markdown text.
  public static func write(_ report: FindingReport, options: RenderOptions = RenderOptions())
    -> String
  {
    var lines = ["# Plimsoll report: \(inline(report.target))", ""]
    if report.findings.isEmpty {
      lines.append("No findings.")
    } else {
      lines.append("| Severity | Count |")
      lines.append("|---|---:|")
      for (severity, count) in FindingsOrder.severityCounts(report.findings) {
        lines.append("| \(severity.rawValue) | \(count) |")
      }
      let others = report.findings.filter { !Policy.isFailing($0) }.count
      if others > 0 { lines.append("| passed or informational | \(others) |") }
    }
    for (kind, groups) in FindingsOrder.grouped(report.findings) {
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
    if !report.warnings.isEmpty {
      lines.append("")
      lines.append("## Warnings")
      lines.append("")
      for warning in report.warnings { lines.append("- " + inline(warning.description)) }
    }
    return lines.joined(separator: "\n") + "\n"
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
