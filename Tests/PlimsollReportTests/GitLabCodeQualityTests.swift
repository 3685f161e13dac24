import Foundation
import PlimsollFindings
import Testing
@testable import PlimsollReport

@Suite struct GitLabCodeQualityTests {
  func issues() throws -> (text: String, issues: [[String: Any]]) {
    let text = try FindingsRenderer.render(try TestData.mixedReport(), format: .gitlab,
                                           rules: TestData.rules, options: TestData.renderOptions)
    return (text, try #require(try Check.json(text) as? [[String: Any]]))
  }

  @Test func matchesGolden() throws {
    #expect(try Check.golden(try issues().text, "findings.gitlab.json"))
  }

  /// GitLab drops issues whose fingerprint repeats, and reads only its five severities.
  @Test func everyFailingFindingIsOneIssueWithAUniqueFingerprint() throws {
    let report = try TestData.mixedReport()
    let (_, issues) = try issues()
    #expect(issues.count == report.findings.filter(\.isFailing).count)
    let fingerprints = issues.compactMap { $0["fingerprint"] as? String }
    #expect(Set(fingerprints).count == issues.count)
    #expect(fingerprints.allSatisfy { $0.count == 64 })
    let severities = Set(issues.compactMap { $0["severity"] as? String })
    #expect(severities.isSubset(of: ["info", "minor", "major", "critical", "blocker"]))
    for issue in issues {
      let location = try #require(issue["location"] as? [String: Any])
      let lines = try #require(location["lines"] as? [String: Any])
      #expect((location["path"] as? String)?.isEmpty == false)
      #expect((lines["begin"] as? Int ?? 0) >= 1)
      #expect((issue["check_name"] as? String)?.isEmpty == false)
    }
  }

  @Test func passedChecksAreNotIssuesAndTheSameFindingKeepsItsFingerprint() throws {
    func finding(_ status: FindingStatus, line: Int) -> Finding {
      Finding(kind: .misconfiguration, id: "PLM-DF-001", title: "t", severity: .high,
              status: status, location: Location(path: "Dockerfile", startLine: line))
    }
    let report = FindingReport(target: "x", findings: [finding(.pass, line: 1), finding(.fail, line: 3)])
    let first = GitLabCodeQualityWriter.write(report)
    #expect(first == GitLabCodeQualityWriter.write(report))
    let issues = try #require(try Check.json(first) as? [[String: Any]])
    #expect(issues.count == 1)
    #expect(issues.first?["severity"] as? String == "major")
  }
}
