public import PlimsollAdvisories
public import PlimsollFindings

/// Gives vulnerability findings a severity users can act on, and their exploitation facts.
///
/// The severity is the advisory's own where its source gives one (a distribution's urgency,
/// GHSA's rating, RustSec's CVSS); else NVD's CVSS; else the numbering authority's; else CISA
/// ADP's. Every score found is attached, with the EPSS score and the KEV entry of the CVE.
public struct RiskEnricher: Sendable {
  public let database: AdvisoryDatabase

  public init(database: AdvisoryDatabase) {
    self.database = database
  }

  /// Enriches the vulnerability findings in place (one query for all their CVEs).
  public func enrich(_ findings: inout [Finding]) throws {
    var wanted = Set<String>()
    for finding in findings where finding.kind == .vulnerability {
      wanted.formUnion(Self.cves(of: finding))
    }
    let facts = try database.facts(for: wanted)
    guard !facts.isEmpty else { return }
    for index in findings.indices where findings[index].kind == .vulnerability {
      Self.apply(facts, to: &findings[index])
    }
  }

  /// The CVE ids a finding is known by: its id first, then its aliases.
  static func cves(of finding: Finding) -> [String] {
    ([finding.id] + finding.aliases).filter { $0.hasPrefix("CVE-") }
  }

  static func apply(_ facts: [String: CVEFacts], to finding: inout Finding) {
    let known = cves(of: finding).compactMap { facts[$0] }
    guard !known.isEmpty else { return }
    var seen = Set(finding.cvss.map { $0.source + "\u{0}" + ($0.vector ?? $0.version) })
    for fact in known {
      for provider in ["nvd", "cna", "cisa-adp"] {
        for metric in fact.scores[provider]?.metrics ?? []
        where seen.insert(metric.source + "\u{0}" + (metric.vector ?? metric.version)).inserted {
          finding.cvss.append(metric)
        }
      }
    }
    if finding.severity == .unknown, let rated = known.lazy.compactMap(\.severity).first {
      finding.severity = rated.severity
      finding.severitySource = rated.provider
    }
    let epss = known.lazy.compactMap(\.epss).first
    let kev = known.lazy.compactMap(\.kev).first
    if epss != nil || kev != nil {
      finding.exploitation = Exploitation(epss: epss?.probability, epssPercentile: epss?.percentile,
                                          epssDate: epss?.date, knownExploited: kev)
    }
  }
}
