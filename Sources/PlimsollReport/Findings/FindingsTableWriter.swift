import PlimsollFindings

/// Writes a findings report as a table for a terminal: counts by severity first, then one
/// section per kind with findings grouped by package (vulnerabilities) or file, then warnings.
///
/// Every line fits `options.width` columns; severities are coloured when `options.color`.
public enum FindingsTableWriter: FindingsWriter {
  /// The report as text, ending in a newline. `rules` are not shown (`plimsoll rules` lists
  /// them).
  public static func write(_ report: FindingReport, rules: [RuleInfo] = [],
                           options: RenderOptions = RenderOptions())
    -> String
  {
    let width = max(options.width, 30)
    let color = options.color
    var lines: [String] = []
    lines.append(TextFit.truncate(TextFit.singleLine("Target: \(report.target)"), to: width))
    if let data = report.advisoryData {
      lines.append(TextFit.truncate(FindingsOrder.advisoryDataLine(data), to: width))
    }
    lines += summaryLines(report.findings, width: width, color: color)

    for (kind, groups) in FindingsOrder.grouped(report.findings, byRisk: options.sortByRisk) {
      let count = groups.reduce(0) { $0 + $1.1.count }
      lines.append("")
      lines.append(TextStyle.bold.apply(
        TextFit.truncate("\(FindingsOrder.kindTitle(kind)) (\(count))", to: width), color: color))
      for (label, grouped) in groups {
        // Checks that also pass (host, container, drift): failures first, each with its
        // evidence under the table, so the table answers "what is wrong, and why" at a glance.
        let isCheck = [.host, .container, .drift].contains(kind)
        let findings = isCheck
          ? grouped.filter(\.isFailing) + grouped.filter { !$0.isFailing } : grouped
        lines.append("")
        lines.append(TextStyle.bold.apply(TextFit.truncate(groupHeading(label, findings), to: width),
                                          color: color))
        lines += table(kind: kind, findings: findings).render(width: width - 2, color: color)
          .map { "  " + $0 }
        if isCheck {
          for finding in findings where finding.isFailing {
            guard let evidence = finding.evidence, !evidence.isEmpty else { continue }
            lines.append(TextFit.truncate(
              TextFit.singleLine("  - \(finding.id): \(evidence)"), to: width))
          }
        }
      }
    }
    lines += InventoryTableWriter.warningLines(report.warnings, width: width, color: color)
    return lines.joined(separator: "\n") + "\n"
  }

  /// `Findings: 5 (CRITICAL 1, HIGH 2, …)` and, when there are any, passed/other checks.
  static func summaryLines(_ findings: [Finding], width: Int, color: Bool) -> [String] {
    let counts = FindingsOrder.severityCounts(findings)
    let failing = counts.reduce(0) { $0 + $1.1 }
    guard !findings.isEmpty else { return ["No findings."] }
    // Cut the plain text first, then colour the severity names that survived the cut.
    var plain = "Findings: \(failing)"
    var parts: [(String, TextStyle)] = []
    for (severity, count) in counts {
      parts.append(("\(severity.rawValue) \(count)", count > 0 ? style(severity) : .dim))
    }
    plain += " (" + parts.map(\.0).joined(separator: ", ") + ")"
    var lines: [String] = []
    if plain.count <= width, color {
      lines.append("Findings: \(failing) (" + parts.map { $0.1.apply($0.0, color: true) }
        .joined(separator: ", ") + ")")
    } else {
      lines.append(TextFit.truncate(plain, to: width))
    }
    let exploited = findings.filter { $0.isFailing && $0.isKnownExploited }.count
    if exploited > 0 {
      lines.append(TextFit.truncate(
        "Known exploited (CISA KEV, marked !): \(exploited)", to: width))
    }
    let others = Dictionary(grouping: findings.filter { !$0.isFailing }, by: \.status)
    if !others.isEmpty {
      let text = others.sorted { $0.key.rawValue < $1.key.rawValue }
        .map { "\($0.key.rawValue) \($0.value.count)" }.joined(separator: ", ")
      lines.append(TextFit.truncate("Other checks: " + text, to: width))
    }
    return lines
  }

  static func groupHeading(_ label: String, _ findings: [Finding]) -> String {
    var heading = TextFit.singleLine(label)
    if let location = findings.first?.location, findings.first?.kind == .vulnerability {
      heading += "  " + location.path
    }
    if let layer = findings.first?.location, let createdBy = ReportSupport.abbreviatedCreatedBy(layer.createdBy) {
      heading += "  [" + createdBy + "]"
    }
    return TextFit.singleLine(heading)
  }

  static func table(kind: FindingKind, findings: [Finding]) -> TextTable {
    let isVulnerability = kind == .vulnerability
    let hasLines = findings.contains { $0.location?.startLine != nil }
    var columns = [
      TextColumn(title: "SEVERITY", minWidth: 8), TextColumn(title: "ID", minWidth: 10),
      TextColumn(title: "STATUS", minWidth: 5),
    ]
    if isVulnerability {
      columns.append(TextColumn(title: "FIXED IN", minWidth: 8))
    } else if hasLines {
      columns.append(TextColumn(title: "LINE", minWidth: 4))
    }
    columns.append(TextColumn(title: "TITLE", minWidth: 10))
    var table = TextTable(columns: columns)
    for finding in findings {
      var row = [
        TextCell(finding.severity.rawValue + (finding.isKnownExploited ? " !" : ""),
                 style: finding.isFailing ? style(finding.severity) : .dim),
        TextCell(finding.id),
        TextCell(finding.status.rawValue, style: finding.status == .pass ? .green : .plain),
      ]
      if isVulnerability {
        row.append(TextCell(finding.package?.fixedVersion ?? "-"))
      } else if hasLines {
        row.append(TextCell(FindingsOrder.lines(finding.location) ?? "-"))
      }
      row.append(TextCell(finding.title))
      table.rows.append(row)
    }
    return table
  }

  static func style(_ severity: Severity) -> TextStyle {
    switch severity {
    case .critical: .boldRed
    case .high: .red
    case .medium: .yellow
    case .low: .blue
    case .unknown: .plain
    }
  }
}
