import Foundation
import PlimsollFindings

/// Writes a findings report as SARIF 2.1.0 for code-scanning tools (GitHub, GitLab, IDEs).
///
/// One run; `tool.driver.rules` holds the given rules plus a rule for every id seen only in
/// findings (each advisory id is a rule). Levels: `error` for CRITICAL and HIGH, `warning` for
/// MEDIUM, `note` for LOW and UNKNOWN; the severity is also in `properties`, and
/// `security-severity` is the numeric string GitHub code scanning ranks by (derived from the
/// same severity, so the two never disagree). Passed checks are not results.
public enum SARIFWriter: FindingsWriter {
  /// The SARIF version written.
  public static let version = "2.1.0"
  /// The base id every artifact location is relative to, the one GitHub code scanning knows.
  public static let sourceRootID = "SRCROOT"
  /// The schema URI SARIF 2.1.0 documents carry.
  public static let schemaURI =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

  /// The report as SARIF JSON text.
  public static func write(_ report: FindingReport, rules: [RuleInfo] = [],
                           options: RenderOptions = RenderOptions()) -> String {
    document(report, rules: rules, options: options).rendered()
  }

  /// SARIF `level` for a severity.
  public static func level(for severity: Severity) -> String {
    switch severity {
    case .critical, .high: "error"
    case .medium: "warning"
    case .low, .unknown: "note"
    }
  }

  /// GitHub's `security-severity` (a CVSS-like score as a string) for a severity.
  public static func securitySeverity(for severity: Severity) -> String {
    switch severity {
    case .critical: "9.5"
    case .high: "8.0"
    case .medium: "5.5"
    case .low: "2.0"
    case .unknown: "0.0"
    }
  }

  /// `security-severity` of one finding: the CVSS base score its severity rests on, or, when
  /// the severity is not a CVSS rating (a distribution's urgency that differs), the value for
  /// the severity, so that GitHub's ranking and `level` never disagree.
  public static func securitySeverity(for finding: Finding) -> String {
    if let score = finding.baseScore,
      finding.cvss.contains(where: { $0.score == score && $0.severity == finding.severity })
    {
      return String(format: "%.1f", score)
    }
    return securitySeverity(for: finding.severity)
  }

  static func document(_ report: FindingReport, rules: [RuleInfo], options: RenderOptions)
    -> JSONValue
  {
    let results = report.findings.filter { $0.status != .pass }
    var ruleValues: [JSONValue] = []
    var ruleIndex: [String: Int] = [:]
    for rule in rules where ruleIndex[rule.id] == nil {
      ruleIndex[rule.id] = ruleValues.count
      ruleValues.append(ruleValue(rule))
    }
    var seenOnly: [String: [Finding]] = [:]
    var seenOrder: [String] = []
    for finding in results where ruleIndex[finding.id] == nil {
      if seenOnly[finding.id] == nil { seenOrder.append(finding.id) }
      seenOnly[finding.id, default: []].append(finding)
    }
    for id in seenOrder {
      guard let findings = seenOnly[id] else { continue }
      ruleIndex[id] = ruleValues.count
      ruleValues.append(ruleValue(id: id, findings: findings))
    }

    var driver = JSONObjectBuilder()
    driver.set("name", "plimsoll")
    driver.set("version", options.toolVersion)
    driver.set("semanticVersion", options.toolVersion)
    driver.set("informationUri", PlimsollVersion.homepage)
    driver.set("rules", .array(ruleValues))

    var invocation = JSONObjectBuilder()
    invocation.set("executionSuccessful", true)
    invocation.set("toolExecutionNotifications", ifNotEmpty: report.warnings.map { warning in
      .object([
        ("level", .string("warning")),
        ("message", .object([("text", .string(warning.description))])),
      ])
    })

    var run = JSONObjectBuilder()
    run.set("tool", .object([("driver", driver.value)]))
    run.set("invocations", .array([invocation.value]))
    let root = options.locationRoot ?? .workingDirectory
    var base = JSONObjectBuilder()
    base.set("uri", ifPresent: root.baseURI)
    base.set("description", .object([("text", .string(root.summary))]))
    run.set("originalUriBaseIds", .object([(sourceRootID, base.value)]))
    run.set("results", .array(results.map { finding in
      result(finding, ruleIndex: ruleIndex[finding.id], target: report.target, root: root)
    }))
    var runProperties = JSONObjectBuilder()
    runProperties.set("target", report.target)
    if let data = report.advisoryData {
      runProperties.set("advisoryData", .object([("updatedAt", .string(data.updatedAt)),
                                                 ("ageHours", .double(data.ageHours))]))
    }
    run.set("properties", runProperties.value)

    return .object([
      ("$schema", .string(schemaURI)),
      ("version", .string(version)),
      ("runs", .array([run.value])),
    ])
  }

  static func ruleValue(_ rule: RuleInfo) -> JSONValue {
    var value = JSONObjectBuilder()
    value.set("id", rule.id)
    value.set("shortDescription", .object([("text", .string(rule.title))]))
    value.set("fullDescription", .object([("text", .string(rule.rationale))]))
    value.set("help", help(text: rule.remediation, references: rule.references))
    if let uri = rule.references.first(where: isWebURL) { value.set("helpUri", uri) }
    value.set("defaultConfiguration", .object([("level", .string(level(for: rule.severity)))]))
    value.set("properties", .object([
      ("tags", .strings(["security", rule.kind.rawValue] + rule.aliases)),
      ("precision", .string("very-high")),
      ("severity", .string(rule.severity.rawValue)),
      ("security-severity", .string(securitySeverity(for: rule.severity))),
    ]))
    return value.value
  }

  /// A rule made from the findings that use an id no given rule documents (an advisory).
  static func ruleValue(id: String, findings: [Finding]) -> JSONValue {
    let worst = findings.max { ($0.severity, $0.baseScore ?? 0) < ($1.severity, $1.baseScore ?? 0) }
    let severity = worst?.severity ?? .unknown
    let title = worst?.title ?? id
    var value = JSONObjectBuilder()
    value.set("id", id)
    value.set("shortDescription", .object([("text", .string(title.isEmpty ? id : title))]))
    let description = findings.lazy.compactMap(\.description).first ?? title
    value.set("fullDescription", .object([("text", .string(description.isEmpty ? id : description))]))
    let references = findings.first?.references ?? []
    let remediation = findings.lazy.compactMap(\.remediation).first
      ?? findings.lazy.compactMap { $0.package?.fixedVersion }.first.map { "Upgrade to \($0) or later." }
      ?? "No fix is known yet."
    value.set("help", help(text: remediation, references: references))
    if let uri = references.first(where: isWebURL) { value.set("helpUri", uri) }
    value.set("defaultConfiguration", .object([("level", .string(level(for: severity)))]))
    let kinds = Array(Set(findings.map(\.kind.rawValue))).sorted()
    let aliases = Array(Set(findings.flatMap(\.aliases))).sorted()
    value.set("properties", .object([
      ("tags", .strings(["security"] + kinds + aliases)),
      ("precision", .string("very-high")),
      ("severity", .string(severity.rawValue)),
      ("security-severity", .string(worst.map { securitySeverity(for: $0) } ?? securitySeverity(for: severity))),
    ]))
    return value.value
  }

  /// The highest CVSS base score among the findings, as `9.8`, shown beside the severity.
  static func score(_ findings: [Finding]) -> String? {
    guard let best = findings.flatMap(\.cvss).compactMap(\.score).filter({ (0...10).contains($0) })
      .max()
    else { return nil }
    return String(format: "%.1f", best)
  }

  static func help(text: String, references: [String]) -> JSONValue {
    var markdown = text
    let links = references.filter(isWebURL)
    if !links.isEmpty {
      markdown += "\n\n" + links.map { "- [\($0)](\($0))" }.joined(separator: "\n")
    }
    return .object([("text", .string(text)), ("markdown", .string(markdown))])
  }

  static func isWebURL(_ text: String) -> Bool {
    text.hasPrefix("https://") || text.hasPrefix("http://")
  }

  static func result(_ finding: Finding, ruleIndex: Int?, target: String, root: LocationRoot) -> JSONValue {
    var value = JSONObjectBuilder()
    value.set("ruleId", finding.id)
    if let ruleIndex { value.set("ruleIndex", ruleIndex) }
    switch finding.status {
    case .info:
      value.set("kind", "informational")
      value.set("level", "note")
    case .manual:
      value.set("kind", "review")
      value.set("level", "note")
    default:
      value.set("level", level(for: finding.severity))
    }
    value.set("message", .object([("text", .string(message(finding)))]))
    value.set("locations", .array([location(finding, target: target, root: root)]))
    value.set("partialFingerprints", .object([
      ("plimsollFindingHash/v1", .string(fingerprint(finding))),
    ]))

    var properties = JSONObjectBuilder()
    properties.set("kind", finding.kind.rawValue)
    properties.set("severity", finding.severity.rawValue)
    properties.set("security-severity", securitySeverity(for: finding))
    if let score = score([finding]) { properties.set("cvssScore", score) }
    properties.set("status", finding.status.rawValue)
    properties.set("aliases", .strings(finding.aliases))
    if let package = finding.package {
      properties.set("package", package.name)
      properties.set("installedVersion", package.installedVersion)
      properties.set("fixedVersion", ifPresent: package.fixedVersion)
      properties.set("purl", ifPresent: package.purl)
    }
    properties.set("layer", ifPresent: finding.location?.layerDigest)
    properties.set("createdBy", ifPresent: finding.location?.createdBy)
    if !finding.properties.isEmpty { properties.set("details", .sortedStrings(finding.properties)) }
    value.set("properties", properties.value)
    return value.value
  }

  static func message(_ finding: Finding) -> String {
    var text: String
    if finding.kind == .vulnerability, let package = finding.package {
      text = "Package \(package.name) \(package.installedVersion) is affected by \(finding.id)"
      text += finding.title.isEmpty ? "." : ": \(finding.title)"
      if !text.hasSuffix(".") { text += "." }
      switch finding.status {
      case .willNotFix: text += " The distribution will not fix it."
      case .fixDeferred: text += " The distribution postponed the fix to a later update."
      case .endOfLife: text += " Security support for it has ended in this release."
      case .notAffected: text += " Not affected here: \(finding.properties["reason"] ?? "see the finding")"
      case .couldNotCompare: text += " The installed version could not be compared with the advisory."
      default:
        text += package.fixedVersion.map { " Fixed in \($0)." } ?? " No fix is available yet."
      }
    } else {
      text = finding.title.isEmpty ? finding.id : finding.title
      if let evidence = finding.evidence, !evidence.isEmpty { text += " (\(evidence))" }
    }
    return text
  }

  static func location(_ finding: Finding, target: String, root: LocationRoot) -> JSONValue {
    var physical = JSONObjectBuilder()
    let path = finding.location?.path ?? ""
    physical.set("artifactLocation", .object([
      ("uri", .string(root.relativeURI(path.isEmpty ? target : path))),
      ("uriBaseId", .string(sourceRootID)),
    ]))
    if let start = finding.location?.startLine, start >= 1 {
      var region = JSONObjectBuilder()
      region.set("startLine", start)
      if let end = finding.location?.endLine, end >= start { region.set("endLine", end) }
      physical.set("region", region.value)
    }
    var location = JSONObjectBuilder()
    location.set("physicalLocation", physical.value)
    if let package = finding.package {
      location.set("logicalLocations", .array([.object([
        ("name", .string(package.name)),
        ("fullyQualifiedName", .string(package.purl ?? "\(package.name)@\(package.installedVersion)")),
        ("kind", .string("module")),
      ])]))
    }
    return location.value
  }

  /// A fingerprint that survives line moves: kind, id, file, package and evidence.
  static func fingerprint(_ finding: Finding) -> String {
    ReportSupport.fingerprint([
      finding.kind.rawValue, finding.id, finding.location?.path ?? "",
      finding.package?.name ?? "", finding.package?.installedVersion ?? "",
      finding.evidence ?? "", finding.location?.layerDigest ?? "",
    ].joined(separator: "\u{1F}"))
  }
}
