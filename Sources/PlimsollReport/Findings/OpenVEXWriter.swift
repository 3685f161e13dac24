import Foundation
import PlimsollFindings

/// Writes OpenVEX 0.2 statements for the verdicts Plimsoll made itself, so other tools (and
/// Plimsoll's own `--vex`) can apply them: vulnerabilities found `not_affected` (kernel CVEs on
/// header packages), those the ignore file took out (`not_affected`, with its reason as the
/// impact statement) and those `--ignore-status` accepted (`affected`, with the status as the
/// action statement). Findings a VEX document already suppressed are not restated.
public enum OpenVEXWriter: FindingsWriter {
  public static func write(_ report: FindingReport, rules: [RuleInfo] = [],
                           options: RenderOptions = RenderOptions()) -> String {
    var groups: [Statement: [String]] = [:]
    func add(_ finding: Finding, _ statement: Statement) {
      guard finding.kind == .vulnerability, let purl = finding.package?.purl else { return }
      if !(groups[statement]?.contains(purl) ?? false) { groups[statement, default: []].append(purl) }
    }
    for finding in report.findings where finding.status == .notAffected {
      add(finding, Statement(
        finding, status: "not_affected", justification: "vulnerable_code_not_present",
        impact: finding.properties["reason"] ?? "Plimsoll found this package not affected"))
    }
    for suppression in report.suppressed {
      let finding = suppression.finding
      switch suppression.decision {
      case .vex:
        continue
      case .ignoreFile:
        add(finding, Statement(
          finding, status: "not_affected",
          impact: "Ignored by \(suppression.source)" + (suppression.statement.map { ": \($0)" } ?? "")))
      case .ignoreStatus:
        add(finding, Statement(
          finding, status: "affected",
          action: "Accepted with --ignore-status: the distribution's status is \(suppression.status)"))
      }
    }
    let tool = "Plimsoll \(options.toolVersion)"
    var document = JSONObjectBuilder()
    document.set("@context", "https://openvex.dev/ns/v0.2.0")
    document.set("@id", "urn:uuid:" + (options.documentID ?? UUID()).uuidString.lowercased())
    document.set("author", tool)
    document.set("timestamp", ReportSupport.timestamp(options.sbomOptions.resolvedTimestamp))
    document.set("version", 1)
    document.set("tooling", tool)
    let ordered = groups.keys.sorted { ($0.id, $0.status, $0.text) < ($1.id, $1.status, $1.text) }
    document.set("statements", .array(ordered.map { statement in
      var entry = JSONObjectBuilder()
      var vulnerability = JSONObjectBuilder()
      vulnerability.set("name", statement.id)
      vulnerability.set("aliases", ifNotEmpty: statement.aliases.map(JSONValue.string))
      entry.set("vulnerability", vulnerability.value)
      entry.set("products", .array((groups[statement] ?? []).sorted().map { .object([("@id", .string($0))]) }))
      entry.set("status", statement.status)
      entry.set("justification", ifPresent: statement.justification)
      entry.set("impact_statement", ifPresent: statement.impact)
      entry.set("action_statement", ifPresent: statement.action)
      return entry.value
    }))
    return document.value.rendered()
  }

  /// One statement's content; findings that share it share one statement with many products.
  struct Statement: Hashable {
    var id: String
    var aliases: [String]
    var status: String
    var justification: String?
    var impact: String?
    var action: String?

    init(_ finding: Finding, status: String, justification: String? = nil, impact: String? = nil,
         action: String? = nil) {
      id = finding.id
      aliases = finding.aliases
      self.status = status
      self.justification = justification
      self.impact = impact
      self.action = action
    }

    var text: String { (justification ?? "") + (impact ?? "") + (action ?? "") }
  }
}
