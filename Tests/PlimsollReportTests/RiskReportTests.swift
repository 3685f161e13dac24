import Foundation
import PlimsollFindings
import Testing
@testable import PlimsollReport

/// How reports show severity sources, CVSS, EPSS and KEV, and order by risk.
@Suite struct RiskReportTests {
  func vulnerability(_ id: String, severity: Severity, score: Double?, epss: Double?, kev: Bool,
                     source: String = "nvd") -> Finding {
    Finding(kind: .vulnerability, id: id, title: id, severity: severity, status: .fixed,
            location: Location(path: "/var/lib/dpkg/status"),
            package: AffectedPackage(name: "pkg", installedVersion: "1.0", fixedVersion: "1.1", type: "deb"),
            cvss: score.map { [CVSSScore(source: "nvd", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", score: $0)] } ?? [],
            severitySource: source,
            exploitation: Exploitation(epss: epss, epssPercentile: epss, epssDate: "2026-08-16",
                                       knownExploited: kev ? KnownExploited(dateAdded: "2021-12-10") : nil))
  }

  var report: FindingReport {
    FindingReport(target: "app.tar", findings: [
      vulnerability("CVE-2099-0001", severity: .critical, score: 9.8, epss: 0.01, kev: false),
      vulnerability("CVE-2099-0002", severity: .high, score: 7.5, epss: 0.9, kev: false),
      vulnerability("CVE-2099-0003", severity: .medium, score: 5.3, epss: 0.2, kev: true),
      vulnerability("CVE-2099-0004", severity: .low, score: 9.8, epss: nil, kev: false, source: "debian"),
    ])
  }

  @Test func riskOrderIsKEVThenEPSSTimesCVSS() {
    let order = report.findings.sorted(by: Finding.riskOrder).map(\.id)
    // 0.9 × 7.5 = 6.75 ranks above 0.01 × 9.8; no EPSS counts as 0.
    #expect(order == ["CVE-2099-0003", "CVE-2099-0002", "CVE-2099-0001", "CVE-2099-0004"])
  }

  @Test func sarifSecuritySeverityIsTheCVSSBaseScoreTheSeverityRestsOn() throws {
    let text = try FindingsRenderer.render(report, format: .sarif)
    let runs = try #require((try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["runs"]
      as? [[String: Any]])
    let results = try #require(runs.first?["results"] as? [[String: Any]])
    let scores = Dictionary(uniqueKeysWithValues: results.compactMap { result -> (String, String)? in
      guard let id = result["ruleId"] as? String,
        let value = (result["properties"] as? [String: Any])?["security-severity"] as? String
      else { return nil }
      return (id, value)
    })
    #expect(scores["CVE-2099-0001"] == "9.8")
    #expect(scores["CVE-2099-0003"] == "5.3")
    // Debian rates it LOW although CVSS says 9.8: the value follows the severity shown.
    #expect(scores["CVE-2099-0004"] == SARIFWriter.securitySeverity(for: Severity.low))
  }

  @Test func jsonGivesSeveritySourceVectorsEPSSAndKEV() throws {
    let text = try FindingsRenderer.render(report, format: .json)
    let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let findings = try #require(document["findings"] as? [[String: Any]])
    let kev = try #require(findings.first { $0["id"] as? String == "CVE-2099-0003" })
    #expect(kev["severitySource"] as? String == "nvd")
    let cvss = try #require((kev["cvss"] as? [[String: Any]])?.first)
    #expect(cvss["version"] as? String == "3.1" && cvss["score"] as? Double == 5.3)
    #expect(cvss["severity"] as? String == "MEDIUM")  // the score's own rating
    let exploitation = try #require(kev["exploitation"] as? [String: Any])
    #expect((exploitation["epss"] as? [String: Any])?["percentile"] as? Double == 0.2)
    #expect((exploitation["knownExploited"] as? [String: Any])?["dateAdded"] as? String == "2021-12-10")
  }

  @Test func theTableMarksKnownExploitedAndSortsByRiskWhenAsked() throws {
    let plain = try FindingsRenderer.render(report, format: .table, options: RenderOptions(width: 120))
    #expect(plain.contains("Known exploited (CISA KEV, marked !): 1"))
    let kevLine = try #require(plain.split(separator: "\n").first { $0.contains("CVE-2099-0003") })
    #expect(kevLine.contains("MEDIUM !"))
    let risk = try FindingsRenderer.render(report, format: .table,
                                           options: RenderOptions(width: 120, sortByRisk: true))
    let rows = risk.split(separator: "\n").filter { $0.contains("CVE-2099-") }.map {
      String($0.split(separator: " ").first { $0.hasPrefix("CVE-") } ?? "")
    }
    #expect(rows == ["CVE-2099-0003", "CVE-2099-0002", "CVE-2099-0001", "CVE-2099-0004"])
  }

  @Test func everyFormatStatesTheAdvisoryDataAge() throws {
    var aged = report
    aged.advisoryData = AdvisoryDataAge(updatedAt: "2026-12-06T10:00:00Z", ageHours: 50, newestData: "2026-12-05")
    let line = "Advisory data: updated 2026-12-06 10:00 UTC (2 days ago)"
    for format in [FindingsFormat.table, .markdown, .html] {
      #expect(try FindingsRenderer.render(aged, format: format, options: RenderOptions(width: 120)).contains(line),
              "\(format)")
    }
    let sarif = try FindingsRenderer.render(aged, format: .sarif)
    let runs = try #require((try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])?["runs"]
      as? [[String: Any]])
    let data = (runs.first?["properties"] as? [String: Any])?["advisoryData"] as? [String: Any]
    #expect(data?["ageHours"] as? Double == 50)
    let json = try FindingsRenderer.render(aged, format: .json)
    let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    #expect((document["advisoryData"] as? [String: Any])?["newestData"] as? String == "2026-12-05")
  }
}
