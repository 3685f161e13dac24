import Testing
@testable import PlimsollRules

/// PLM-DC-025 over every spelling of a restart policy Compose accepts.
@Suite struct ComposeRestartPolicyTests {
  @Test(arguments: [
    ("restart: always", true), ("restart: unless-stopped", true), ("restart: on-failure", true),
    ("restart: on-failure:0", true), ("restart: \"on-failure:3\"", false), ("restart: \"no\"", false),
    ("deploy:\n  restart_policy:\n    condition: any", true),
    ("deploy:\n  restart_policy:\n    condition: on-failure", true),
    ("deploy:\n  restart_policy:\n    condition: on-failure\n    max_attempts: 5", false),
    ("deploy:\n  restart_policy:\n    condition: none", false),
  ])
  func unlimitedRestartsAreFlagged(policy: String, flagged: Bool) {
    let findings = yamlFindings(compose("image: a:1\n" + policy), "PLM-DC-025", compose: true)
    #expect(findings.isEmpty != flagged, "\(policy): \(findings.map { $0.evidence ?? "" })")
  }

  @Test func evidenceNamesTheServiceAndThePolicy() {
    let findings = yamlFindings(compose("image: a:1\nrestart: always"), "PLM-DC-025", compose: true)
    #expect(findings.first?.evidence == "services.web: restart: always (restarts without limit)")
    #expect(findings.first?.aliases == ["CIS-5.15"])
  }
}
