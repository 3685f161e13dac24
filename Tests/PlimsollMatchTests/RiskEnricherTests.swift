import Foundation
import PlimsollAdvisories
import PlimsollCatalog
import PlimsollFindings
import PlimsollTestSupport
import Testing
@testable import PlimsollMatch

/// A database built from handwritten feeds: two PyPI advisories (one with its own severity),
/// NVD scores, an EPSS score and a KEV entry for the CVE of the first.
func riskDatabase(_ scratch: Scratch) throws -> AdvisoryDatabase {
  try scratch.write("feeds/osv/PYSEC-2099-1.json", """
    {"id":"PYSEC-2099-1","aliases":["CVE-2099-0001"],"details":"Unscored by its source.",
     "affected":[{"package":{"ecosystem":"PyPI","name":"demo"},
       "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"2.0"}]}]}]}
    """)
  try scratch.write("feeds/osv/GHSA-2099-2.json", """
    {"id":"GHSA-xxxx-yyyy-zzzz","aliases":["CVE-2099-0002"],"summary":"Rated by GHSA.",
     "database_specific":{"severity":"LOW"},
     "affected":[{"package":{"ecosystem":"PyPI","name":"demo"},
       "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"3.0"}]}]}]}
    """)
  try scratch.write("feeds/nvd/nvdcve-2.0-2099.json", nvdFeed)
  try scratch.write("feeds/epss/epss_scores-current.csv", """
    #model_version:v2025.03.14,score_date:2026-08-16T12:55:00Z
    cve,epss,percentile
    CVE-2099-0001,0.50000,0.97000
    CVE-2099-0002,0.00100,0.20000
    """)
  try scratch.write("feeds/kev/known_exploited_vulnerabilities.json", """
    {"title":"CISA Catalog of Known Exploited Vulnerabilities","catalogVersion":"2099.01.01",
     "dateReleased":"2099-01-01T00:00:00Z","count":1,"vulnerabilities":[{"cveID":"CVE-2099-0001",
     "vendorProject":"Demo","product":"demo","vulnerabilityName":"Demo Flaw","dateAdded":"2099-01-01",
     "shortDescription":"x","requiredAction":"y","dueDate":"2099-01-22",
     "knownRansomwareCampaignUse":"Unknown","notes":"","cwes":[]}]}
    """)
  _ = try DatabaseBuilder().build(from: scratch.path + "/feeds", to: scratch.path + "/advisories.db")
  return try AdvisoryDatabase(path: scratch.path + "/advisories.db")
}

let nvdFeed = """
  {"format":"NVD_CVE","version":"2.0","vulnerabilities":[
   {"cve":{"id":"CVE-2099-0001","lastModified":"2099-01-01T00:00:00.000","vulnStatus":"Analyzed",
    "metrics":{"cvssMetricV31":[{"source":"nvd@nist.gov","type":"Primary","cvssData":{"version":"3.1",
      "vectorString":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N","baseScore":9.1}}]}}},
   {"cve":{"id":"CVE-2099-0002","lastModified":"2099-01-01T00:00:00.000","vulnStatus":"Analyzed",
    "metrics":{"cvssMetricV31":[{"source":"nvd@nist.gov","type":"Primary","cvssData":{"version":"3.1",
      "vectorString":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N","baseScore":7.5}}]}}}]}
  """

@Suite struct RiskEnricherTests {
  func findings() throws -> [Finding] {
    let scratch = try Scratch()
    let database = try riskDatabase(scratch)
    let report = try VulnerabilityMatcher(database: database).match(inventory(os: nil, [
      Package(type: .python, name: "demo", version: "1.0", foundIn: "/x/METADATA"),
    ]))
    return report.findings
  }

  @Test func anUnscoredAdvisoryTakesNVDsSeverityAndTheExploitationFacts() throws {
    let finding = try #require(try findings().first { $0.id == "PYSEC-2099-1" })
    #expect(finding.severity == .critical && finding.severitySource == "nvd")
    #expect(finding.baseScore == 9.1)
    #expect(finding.cvss.map(\.source) == ["nvd"])
    #expect(finding.exploitation == Exploitation(
      epss: 0.5, epssPercentile: 0.97, epssDate: "2026-08-16",
      knownExploited: KnownExploited(dateAdded: "2099-01-01", dueDate: "2099-01-22", name: "Demo Flaw")))
  }

  /// The vendor's rating wins over NVD's: GHSA says LOW although NVD scores 7.5.
  @Test func theAdvisorysOwnSeverityWins() throws {
    let finding = try #require(try findings().first { $0.id == "GHSA-xxxx-yyyy-zzzz" })
    #expect(finding.severity == .low && finding.severitySource == "ghsa")
    #expect(finding.cvss.contains { $0.source == "nvd" && $0.score == 7.5 })
    #expect(finding.exploitation?.knownExploited == nil)
  }

  @Test func riskOrderPutsKnownExploitedFirst() throws {
    let sorted = try findings().sorted(by: Finding.riskOrder)
    #expect(sorted.map(\.id) == ["PYSEC-2099-1", "GHSA-xxxx-yyyy-zzzz"])
    #expect(sorted.first?.isKnownExploited == true)
  }
}
