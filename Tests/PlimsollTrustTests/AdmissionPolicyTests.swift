import PlimsollDiagnostics
import Foundation
import PlimsollFindings
import PlimsollRegistry
import PlimsollTestSupport
import Testing
@testable import PlimsollTrust

/// The policy file and the gates that need no network.
struct AdmissionPolicyTests {
  func policy(_ yaml: String) throws -> AdmissionPolicy {
    try AdmissionPolicy(yaml: yaml, file: "/policies/plimsoll-policy.yaml")
  }

  @Test func theDocumentedExampleParses() throws {
    let parsed = try policy("""
      registries: ["registry.example.com/team/*", "docker.io/library/*"]
      tags:
        forbid: [latest]
      signatures:
        - scope: "registry.example.com/team/*"
          keys: [keys/cosign.pub]
          keyrings: [/etc/keys/trusted.gpg]
          registriesD: registries.d
          identities:
            - {identity: release@example.com, issuer: "https://accounts.example.com", trustedRoot: root.json}
      base:
        maxAgeDays: 30
      vulnerabilities:
        denyKnownExploited: true
        denyFixable: [CRITICAL]
      configuration:
        denyRoot: true
        denySecrets: true
      """)
    #expect(parsed.registries == ["registry.example.com/team/*", "docker.io/library/*"])
    #expect(parsed.forbiddenTags == ["latest"])
    #expect(parsed.signers == [.init(scope: "registry.example.com/team/*", keys: ["/policies/keys/cosign.pub"],
                                     keyrings: ["/etc/keys/trusted.gpg"], registriesDirectory: "/policies/registries.d",
                                     identities: [.init(identity: "release@example.com", issuer: "https://accounts.example.com",
                                                        trustedRoot: "/policies/root.json")])])
    #expect(parsed.vulnerabilities == .init(denyKnownExploited: true, denyFixable: ["critical"], deny: []))
    #expect(parsed.configuration == .init(denyRoot: true, denySecrets: true))
    #expect(parsed.baseMaxAgeDays == 30)
  }

  @Test(arguments: [
    ("registry: [x]", "registry is not a policy section"),
    ("tags: {forbid: latest}", "tags.forbid is not a list of strings"),
    ("tags: {forbidden: [latest]}", "tags.forbidden is not a policy setting"),
    ("signatures: [{scope: 'a/*'}]", "signatures[0] names no keys, keyrings or identities"),
    ("signatures: [{scope: 'a/*', identities: [{identity: a@b.c}]}]", "signatures[0].identities[0] needs identity, issuer and trustedRoot"),
    ("vulnerabilities: {denyFixable: [urgent]}", "vulnerabilities.denyFixable: 'urgent' is not a severity"),
    ("configuration: {denyRoot: yes please}", "configuration.denyRoot is not true or false"),
    ("- just a list", "the policy is not a YAML mapping"),
    ("base: {maxAgeDays: soon}", "base.maxAgeDays is not a number of days"),
  ])
  func mistakesAreNamed(_ yaml: String, _ problem: String) {
    #expect { try policy(yaml) } throws: { error in
      (error as? InputError)?.problem.hasPrefix(problem) == true
    }
  }

  @Test func registriesAndTagsAreJudgedFromTheReference() throws {
    let parsed = try policy("registries: ['registry.example.com/team/*', 'docker.io/library/**']\ntags: {forbid: [latest, 'dev-*']}")
    func decide(_ text: String) throws -> [AdmissionDecision] {
      let reference = try ImageReference(parsing: text)
      return [parsed.registryDecision(reference), parsed.tagDecision(reference)].compactMap { $0 }
    }
    #expect(try decide("registry.example.com/team/app:1.0").allSatisfy(\.allowed))
    #expect(try decide("busybox:1.36").allSatisfy(\.allowed))
    let nested = try decide("registry.example.com/team/sub/app:1.0")
    #expect(nested.first == AdmissionDecision(.registries, allowed: false,
      "registry.example.com/team/sub/app matches none of the allowed registries (registry.example.com/team/*, docker.io/library/**)"))
    #expect(try decide("busybox").last == AdmissionDecision(.tags, allowed: false, "tag latest is forbidden (tags.forbid: latest)"))
    #expect(try decide("registry.example.com/team/app:dev-42").last?.allowed == false)
    let pinned = try decide("registry.example.com/team/app@sha256:" + String(repeating: "a", count: 64))
    #expect(pinned.last?.allowed == true)
  }

  @Test func theVulnerabilityGateDeniesKEVFixableCriticalsAndFailsClosed() throws {
    let parsed = try policy("vulnerabilities: {denyKnownExploited: true, denyFixable: [critical]}")
    func vulnerability(_ id: String, _ severity: Severity, fixed: String?, kev: Bool = false,
                       status: FindingStatus = .affected) -> Finding {
      Finding(kind: .vulnerability, id: id, title: id, severity: severity, status: status,
              package: AffectedPackage(name: "openssl", installedVersion: "3.0.1", fixedVersion: fixed),
              exploitation: kev ? Exploitation(knownExploited: KnownExploited(dateAdded: "2024-01-01")) : nil)
    }
    let allowed = parsed.vulnerabilityDecision([
      vulnerability("CVE-1", .critical, fixed: nil), vulnerability("CVE-2", .high, fixed: "3.0.2"),
      vulnerability("CVE-3", .critical, fixed: "3.0.2", kev: true, status: .notAffected)])
    #expect(allowed == AdmissionDecision(.vulnerabilities, allowed: true,
                                         "2 vulnerabilities: none known exploited, none critical with a fix"))
    let fixable = parsed.vulnerabilityDecision([vulnerability("CVE-4", .critical, fixed: "3.0.2")])
    #expect(fixable == AdmissionDecision(.vulnerabilities, allowed: false,
      "CVE-4 in openssl 3.0.1 is critical with a fix in 3.0.2 (vulnerabilities.denyFixable)"))
    let exploited = parsed.vulnerabilityDecision([vulnerability("CVE-5", .low, fixed: nil, kev: true)])
    #expect(exploited?.reason == "CVE-5 in openssl 3.0.1 is known exploited (CISA KEV; vulnerabilities.denyKnownExploited)")
    let unchecked = parsed.vulnerabilityDecision([], notChecked: "no advisory database")
    #expect(unchecked == AdmissionDecision(.vulnerabilities, allowed: false, "vulnerabilities not checked: no advisory database"))
  }
}
