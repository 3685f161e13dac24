import Foundation
import Testing
import PlimsollFindings
@testable import PlimsollReport

@Test func jsonRenderingKeepsEveryFinding() throws {
  let report = FindingReport(target: "Dockerfile", findings: [
    Finding(kind: .misconfiguration, id: "PLM-DF-001", title: "t", severity: .high, status: .fail)
  ])
  let text = try FindingsRenderer.render(report, format: .json)
  let decoded = try JSONDecoder().decode(FindingReport.self, from: Data(text.utf8))
  #expect(decoded.findings.map(\.id) == ["PLM-DF-001"])
}
