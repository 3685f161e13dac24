import PlimsollFindings

/// Writes a findings report as one self-contained HTML page (inline CSS, no scripts, no
/// external resources), for CI artifacts and e-mail.
///
/// Every text from the scan is escaped: a hostile package name or file path cannot inject
/// markup. The page is also well-formed XML, so XML tools can read it.
public enum HTMLWriter: FindingsWriter {
  /// The report as HTML text.
  public static func write(_ report: FindingReport, rules: [RuleInfo] = [],
                           options: RenderOptions = RenderOptions()) -> String {
    var html: [String] = [
      "<!DOCTYPE html>",
      "<html lang=\"en\">",
      "<head>",
      "<meta charset=\"utf-8\"/>",
      "<meta name=\"generator\" content=\"plimsoll \(escape(options.toolVersion))\"/>",
      "<title>Plimsoll report: \(escape(report.target))</title>",
      "<style>" + style + "</style>",
      "</head>",
      "<body>",
      "<h1>Plimsoll report: \(escape(report.target))</h1>",
    ]
    if let data = report.advisoryData { html.append("<p>\(escape(FindingsOrder.advisoryDataLine(data)))</p>") }
    if report.findings.isEmpty {
      html.append("<p>No findings.</p>")
    } else {
      html.append("<table class=\"summary\"><tr>" + FindingsOrder.severityCounts(report.findings)
        .map { "<th class=\"\($0.0.rawValue.lowercased())\">\($0.0.rawValue)</th>" }.joined() + "</tr>")
      html.append("<tr>" + FindingsOrder.severityCounts(report.findings)
        .map { "<td>\($0.1)</td>" }.joined() + "</tr></table>")
    }
    let rulesByID = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    for (kind, groups) in FindingsOrder.grouped(report.findings, byRisk: options.sortByRisk) {
      html.append("<h2>\(escape(FindingsOrder.kindTitle(kind)))</h2>")
      for (label, findings) in groups {
        html.append("<h3>\(escape(label))</h3>")
        let isVulnerability = kind == .vulnerability
        html.append("<table><thead><tr><th>Severity</th><th>ID</th><th>Status</th><th>"
          + (isVulnerability ? "Installed</th><th>Fixed in" : "Where") + "</th><th>Title</th></tr></thead><tbody>")
        for finding in findings {
          var cells = [
            "<td class=\"\(finding.severity.rawValue.lowercased())\">\(finding.severity.rawValue)</td>",
            "<td>" + link(finding.id, finding.references.first) + aliases(finding.aliases) + "</td>",
            "<td>\(escape(finding.status.rawValue))</td>",
          ]
          if isVulnerability {
            cells.append("<td>\(escape(finding.package?.installedVersion ?? "-"))</td>")
            cells.append("<td>\(escape(finding.package?.fixedVersion ?? "-"))</td>")
          } else {
            var where_ = finding.location?.path ?? "-"
            if let lines = FindingsOrder.lines(finding.location) { where_ += ":\(lines)" }
            cells.append("<td>\(escape(where_))</td>")
          }
          var title = escape(finding.title)
          if finding.isFailing,
            let fix = finding.remediation ?? rulesByID[finding.id]?.remediation, !fix.isEmpty
          {
            title += "<br/><span class=\"fix\">Fix: \(escape(fix))</span>"
          }
          cells.append("<td>\(title)</td>")
          html.append("<tr>" + cells.joined() + "</tr>")
        }
        html.append("</tbody></table>")
      }
    }
    if !report.warnings.isEmpty {
      html.append("<h2>Warnings</h2>")
      html.append("<ul>" + report.warnings.map { "<li>\(escape($0.description))</li>" }.joined() + "</ul>")
    }
    html += ["</body>", "</html>"]
    return html.joined(separator: "\n") + "\n"
  }

  static let style = "body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
    + "table{border-collapse:collapse;margin-bottom:1em}th,td{border:1px solid #ccc;"
    + "padding:.25em .5em;text-align:left;vertical-align:top}.critical{background:#a50000;"
    + "color:#fff}.high{background:#e0301e;color:#fff}.medium{background:#f5b300}"
    + ".low{background:#cde3ff}.unknown{background:#eee}.fix{color:#555}.alias{color:#777}"

  static func link(_ id: String, _ url: String?) -> String {
    guard let url, SARIFWriter.isWebURL(url) else { return escape(id) }
    return "<a href=\"\(escape(url))\">\(escape(id))</a>"
  }

  static func aliases(_ aliases: [String]) -> String {
    aliases.isEmpty ? "" : "<br/><span class=\"alias\">" + escape(aliases.joined(separator: ", ")) + "</span>"
  }

  /// HTML/XML text escaping; control characters XML forbids are dropped.
  static func escape(_ text: String) -> String { JUnitWriter.escape(text) }
}
