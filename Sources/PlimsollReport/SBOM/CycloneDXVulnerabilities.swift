import Foundation
import PlimsollFindings

/// Builds the CycloneDX `vulnerabilities` array: one entry per advisory id, whose `affects`
/// point at the affected components' `bom-ref`s and whose `references` carry the aliases.
enum CycloneDXVulnerabilities {
  static func array(_ findings: [Finding], components: CycloneDXComponents) -> JSONValue {
    var order: [String] = []
    var byID: [String: [Finding]] = [:]
    for finding in findings {
      if byID[finding.id] == nil { order.append(finding.id) }
      byID[finding.id, default: []].append(finding)
    }
    return .array(order.sorted().compactMap { id in
      guard let group = byID[id], let first = group.max(by: { $0.severity < $1.severity })
      else { return nil }
      return entry(id: id, findings: group, representative: first, components: components)
    })
  }

  private static func entry(id: String, findings: [Finding], representative: Finding,
                            components: CycloneDXComponents) -> JSONValue {
    var vulnerability = JSONObjectBuilder()
    vulnerability.set("bom-ref", "plimsoll:vulnerability:" + id)
    vulnerability.set("id", id)
    vulnerability.set("source", source(for: id))

    var aliases: [String] = []
    for finding in findings {
      for alias in finding.aliases where alias != id && !aliases.contains(alias) {
        aliases.append(alias)
      }
    }
    vulnerability.set("references", ifNotEmpty: aliases.sorted().map { alias in
      .object([("id", .string(alias)), ("source", source(for: alias))])
    })

    var ratings: [JSONValue] = []
    var seenVectors = Set<String>()
    for score in findings.flatMap(\.cvss)
    where seenVectors.insert(score.source + "\u{0}" + (score.vector ?? score.version)).inserted {
      var rating = JSONObjectBuilder()
      rating.set("source", .object([("name", .string(score.source))]))
      if let value = score.score { rating.set("score", .double(value)) }
      if let value = score.score { rating.set("severity", cvssSeverity(value)) }
      rating.set("method", cvssMethod(score))
      rating.set("vector", ifPresent: score.vector)
      ratings.append(rating.value)
    }
    // The severity Plimsoll reports (from the advisory source) as a rating of its own.
    ratings.append(.object([
      ("source", .object([("name", .string("plimsoll"))])),
      ("severity", .string(severityName(representative.severity))),
      ("method", .string("other")),
    ]))
    vulnerability.set("ratings", .array(ratings))

    vulnerability.set("description", ifNotEmpty: representative.title)
    vulnerability.set("detail", ifNotEmpty: representative.description)
    let fixes = findings.compactMap { finding -> String? in
      guard let affected = finding.package, let fixed = affected.fixedVersion else { return nil }
      return "Upgrade \(affected.name) to \(fixed)."
    }
    var seenFixes = Set<String>()
    vulnerability.set("recommendation", ifNotEmpty: fixes.filter { seenFixes.insert($0).inserted }
      .joined(separator: " "))
    let advisories = Array(Set(findings.flatMap(\.references))).sorted()
      .filter { URL(string: $0)?.scheme != nil }
    vulnerability.set("advisories", ifNotEmpty: advisories.map { .object([("url", .string($0))]) })

    var affects: [JSONValue] = []
    var seenRefs = Set<String>()
    for finding in findings {
      for ref in components.refs(for: finding) where seenRefs.insert(ref).inserted {
        var versions: [JSONValue] = []
        if let affected = finding.package {
          versions.append(.object([
            ("version", .string(affected.installedVersion)),
            ("status", .string(finding.status == .couldNotCompare ? "unknown" : "affected")),
          ]))
          if let fixed = affected.fixedVersion {
            versions.append(.object([("version", .string(fixed)), ("status", .string("unaffected"))]))
          }
        }
        var affect = JSONObjectBuilder()
        affect.set("ref", ref)
        affect.set("versions", ifNotEmpty: versions)
        affects.append(affect.value)
      }
    }
    vulnerability.set("affects", ifNotEmpty: affects)
    if findings.allSatisfy({ $0.status == .notAffected }), let reason = findings.first?.properties["reason"] {
      vulnerability.set("analysis", .object([
        ("state", .string("not_affected")),
        ("justification", .string("requires_environment")),
        ("detail", .string(reason)),
      ]))
    } else if findings.contains(where: { $0.status == .willNotFix }) {
      vulnerability.set("analysis", .object([
        ("response", .strings(["will_not_fix"])),
        ("detail", .string("The distribution decided not to fix this vulnerability.")),
      ]))
    }

    var properties: [(String, String)] = [
      ("plimsoll:severity", representative.severity.rawValue),
      ("plimsoll:status", representative.status.rawValue),
    ]
    for (key, value) in representative.properties.sorted(by: { $0.key < $1.key }) {
      properties.append(("plimsoll:" + key, value))
    }
    vulnerability.set("properties", CycloneDXWriter.propertyArray(properties))
    return vulnerability.value
  }

  /// The database an advisory id comes from, by its prefix.
  static func source(for id: String) -> JSONValue {
    let upper = id.uppercased()
    let (name, url): (String, String) =
      if upper.hasPrefix("CVE-") {
        ("NVD", "https://nvd.nist.gov/vuln/detail/" + id)
      } else if upper.hasPrefix("GHSA-") {
        ("GitHub", "https://github.com/advisories/" + id)
      } else if upper.hasPrefix("DSA-") || upper.hasPrefix("DLA-") || upper.hasPrefix("DTSA-") {
        ("Debian", "https://security-tracker.debian.org/tracker/" + id)
      } else if upper.hasPrefix("GO-") {
        ("Go Vulnerability Database", "https://pkg.go.dev/vuln/" + id)
      } else if upper.hasPrefix("RUSTSEC-") {
        ("RustSec", "https://rustsec.org/advisories/" + id)
      } else if upper.hasPrefix("PYSEC-") {
        ("PyPA", "https://osv.dev/vulnerability/" + id)
      } else {
        ("OSV", "https://osv.dev/vulnerability/" + id)
      }
    return .object([("name", .string(name)), ("url", .string(url))])
  }

  /// CycloneDX rating method for a CVSS vector string.
  static func cvssMethod(_ score: CVSSScore) -> String {
    switch score.version {
    case "4.0": "CVSSv4"
    case "3.1": "CVSSv31"
    case "3.0", "3.x": "CVSSv3"
    case "2.0" where score.vector.map { $0.hasPrefix("AV:") || $0.hasPrefix("(AV:") } ?? true: "CVSSv2"
    default: "other"
    }
  }

  /// CVSS v3 qualitative severity of a base score.
  static func cvssSeverity(_ score: Double) -> String {
    switch score {
    case 9.0...: "critical"
    case 7.0..<9.0: "high"
    case 4.0..<7.0: "medium"
    case 0.1..<4.0: "low"
    case 0.0: "none"
    default: "unknown"
    }
  }

  static func severityName(_ severity: Severity) -> String {
    switch severity {
    case .critical: "critical"
    case .high: "high"
    case .medium: "medium"
    case .low: "low"
    case .unknown: "unknown"
    }
  }
}
