import Foundation
import Testing
import PlimsollFindings
@testable import PlimsollPolicy

func vulnerability(_ id: String, _ package: String, _ severity: Severity = .high,
                   status: FindingStatus = .fixed, aliases: [String] = []) -> Finding {
  Finding(kind: .vulnerability, id: id, aliases: aliases, title: id, severity: severity, status: status,
          package: AffectedPackage(name: package, installedVersion: "1"))
}

@Suite struct PolicyTests {
  let report = FindingReport(target: "img", findings: [
    vulnerability("CVE-1", "openssl"), vulnerability("CVE-2", "zlib", .low),
    vulnerability("CVE-3", "curl", status: .affected), vulnerability("PYSEC-1", "requests", aliases: ["CVE-4"]),
  ])
  let day = DateFormatter()

  @Test func severityAndUnfixedFiltersAndExitCode() {
    let policy = Policy(severities: [.high, .critical], ignoreUnfixed: true, exitCode: 3)
    let filtered = policy.apply(report)
    #expect(filtered.findings.map(\.id) == ["CVE-1", "PYSEC-1"])
    #expect(policy.exitStatus(for: filtered) == 3)
    #expect(policy.exitStatus(for: FindingReport(target: "x")) == 0)
  }

  @Test func yamlIgnoreFileWithPackagesAliasesAndExpiry() throws {
    let rules = try IgnoreFile.parse("""
      ignore:
        - id: CVE-1
          package: openssl
          reason: not reachable
          expires: 2026-12-31
        - id: CVE-2
          package: not-zlib
        - id: CVE-4
        - id: CVE-3
          expires: 2020-01-01
      """, path: ".plimsollignore")
    #expect(rules.count == 4)
    let now = ISO8601DateFormatter().date(from: "2026-11-25T12:00:00Z") ?? Date()
    let filtered = Policy(ignoreRules: rules, now: now).apply(report)
    #expect(filtered.findings.map(\.id) == ["CVE-2", "CVE-3"])
    #expect(filtered.warnings.map(\.description) == [
      ".plimsollignore:9: ignore entry for CVE-3 has expired; the finding is reported again"])
    // On the named expiry day the entry still applies; the day after it does not.
    let last = ISO8601DateFormatter().date(from: "2026-12-31T23:00:00Z") ?? Date()
    #expect(!Policy(ignoreRules: rules, now: last).apply(report).findings.contains { $0.id == "CVE-1" })
    let after = ISO8601DateFormatter().date(from: "2027-01-01T01:00:00Z") ?? Date()
    #expect(Policy(ignoreRules: rules, now: after).apply(report).findings.contains { $0.id == "CVE-1" })
  }

  @Test func trivyStyleLinesAreAccepted() throws {
    let rules = try IgnoreFile.parse("# accepted risks\nCVE-1\n\nCVE-3\n", path: ".trivyignore")
    #expect(rules.map(\.id) == ["CVE-1", "CVE-3"])
    #expect(rules.map(\.origin) == [".trivyignore:2", ".trivyignore:4"])
  }

  @Test(arguments: [
    ("ignore:\n  - package: x\n", "needs an 'id'"), ("ignore: [unclosed\n", "malformed YAML"),
    ("ignore:\n  - id: X\n    expires: someday\n", "is not a date"), ("ignore: 5\n", "expected a list"),
  ])
  func malformedIgnoreFilesNameTheProblem(text: String, problem: String) {
    #expect {
      _ = try IgnoreFile.parse(text, path: ".plimsollignore")
    } throws: { error in
      (error as? IgnoreFile.ParseError)?.errorDescription?.contains(problem) == true
    }
  }
}
