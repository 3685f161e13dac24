import Foundation
import PlimsollDiagnostics
import PlimsollFindings
import Testing
@testable import PlimsollPolicy

/// A vulnerability finding on the package named by `purl`.
func vulnerability(_ id: String, purl: String, aliases: [String] = [], status: FindingStatus = .fixed) -> Finding {
  let parts = PackageURLParts(purl)
  return Finding(kind: .vulnerability, id: id, aliases: aliases, title: id, severity: .high, status: status,
                 package: AffectedPackage(name: parts.name, installedVersion: parts.version ?? "", purl: purl))
}

@Suite struct VEXTests {
  func statements(_ json: String) throws -> [VEXStatement] {
    try VEXDocument.statements(in: Data(json.utf8), source: "vex.json")
  }

  let openVEX = """
    {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/1", "author": "Example",
     "timestamp": "2026-01-01T00:00:00Z", "version": 1,
     "statements": [
       {"vulnerability": {"name": "CVE-2019-5477", "aliases": ["GHSA-cr5j-953j-xw5p"]},
        "products": [{"@id": "pkg:oci/app?repository_url=registry.example.com/app",
                      "subcomponents": [{"@id": "pkg:gem/nokogiri@1.10.3"}]}],
        "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"},
       {"vulnerability": {"name": "CVE-2020-0001"}, "products": [{"@id": "pkg:pypi/Django"}],
        "status": "under_investigation"},
       {"vulnerability": {"name": "CVE-2020-0002"}, "products": [{"@id": "pkg:oci/app"}],
        "status": "affected", "action_statement": "Upgrade to 2.0"},
       {"vulnerability": {"name": "CVE-2020-0003"}, "products": [{"@id": "pkg:npm/%40scope/left@1.0.0"}],
        "status": "fixed", "timestamp": "2026-02-01T00:00:00Z"},
       {"vulnerability": {"name": "CVE-2020-0003"}, "products": [{"@id": "pkg:npm/%40scope/left@1.0.0"}],
        "status": "affected", "action_statement": "older statement", "timestamp": "2025-06-01T00:00:00Z"}
     ]}
    """

  @Test func openVEXStatementsSuppressAnnotateAndTheLatestWins() throws {
    let policy = Policy(vexStatements: try statements(openVEX))
    let report = FindingReport(target: "app", findings: [
      vulnerability("GHSA-cr5j-953j-xw5p", purl: "pkg:gem/nokogiri@1.10.3"),  // by alias, in a subcomponent
      vulnerability("CVE-2019-5477", purl: "pkg:gem/nokogiri@1.13.0"),  // another version: not covered
      vulnerability("CVE-2020-0001", purl: "pkg:pypi/django@3.2.0"),  // versionless product, PEP 503 name
      vulnerability("CVE-2020-0002", purl: "pkg:deb/debian/curl@7.88.1-10"),  // the image product covers all
      vulnerability("CVE-2020-0003", purl: "pkg:npm/%40scope/left@1.0.0"),
    ])
    let out = policy.apply(report)
    #expect(out.suppressed.map(\.finding.id) == ["GHSA-cr5j-953j-xw5p", "CVE-2020-0003"])
    #expect(out.suppressed.first?.justification == "vulnerable_code_not_in_execute_path")
    #expect(out.suppressed.first?.decision == .vex && out.suppressed.first?.source == "vex.json")
    #expect(out.suppressed.last?.status == "fixed", "the February statement outranks the older one")
    #expect(out.findings.map(\.id) == ["CVE-2019-5477", "CVE-2020-0001", "CVE-2020-0002"])
    #expect(out.findings[0].vex == nil)
    #expect(out.findings[1].vex?.status == "under_investigation")
    #expect(out.findings[2].vex == VEXNote(status: "affected", statement: "Upgrade to 2.0", source: "vex.json"))
  }

  @Test func exitCodesAndSeverityGatesCountOnlyWhatVEXLeaves() throws {
    let statements = try statements(openVEX)
    let report = FindingReport(target: "app", findings: [vulnerability("CVE-2019-5477", purl: "pkg:gem/nokogiri@1.10.3")])
    #expect(Policy(exitCode: 4).exitStatus(for: Policy(exitCode: 4).apply(report)) == 4)
    let withVEX = Policy(severities: [.high], exitCode: 4, vexStatements: statements)
    #expect(withVEX.exitStatus(for: withVEX.apply(report)) == 0)
  }

  @Test func cycloneDXVEXWithBomRefsRangesAndStates() throws {
    let document = """
      {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
       "components": [{"type": "library", "bom-ref": "nokogiri", "name": "nokogiri", "purl": "pkg:gem/nokogiri"}],
       "vulnerabilities": [
         {"id": "CVE-2019-5477", "analysis": {"state": "not_affected", "justification": "code_not_reachable",
          "detail": "XSLT is not used"},
          "affects": [{"ref": "nokogiri", "versions": [{"range": "vers:gem/>=1.5.0|<1.10.4"}]}]},
         {"id": "CVE-2020-0009", "analysis": {"state": "resolved"}, "affects": [{"ref": "pkg:gem/rack@2.0.6"}]},
         {"id": "CVE-2020-0010", "analysis": {"state": "in_triage"}, "affects": [{"ref": "pkg:gem/rack@2.0.6"}]}
       ]}
      """
    let read = try statements(document)
    #expect(read.map(\.status) == [.notAffected, .fixed, .underInvestigation])
    #expect(read[0].justification == "vulnerable_code_not_in_execute_path")
    let policy = Policy(vexStatements: read)
    let out = policy.apply(FindingReport(target: "app", findings: [
      vulnerability("CVE-2019-5477", purl: "pkg:gem/nokogiri@1.10.3"),  // inside the range
      vulnerability("CVE-2019-5477", purl: "pkg:gem/nokogiri@1.10.4"),  // at its open end
      vulnerability("CVE-2019-5477", purl: "pkg:gem/nokogiri@1.4.9"),  // below it
      vulnerability("CVE-2020-0009", purl: "pkg:gem/rack@2.0.6"),
      vulnerability("CVE-2020-0010", purl: "pkg:gem/rack@2.0.6"),
    ]))
    #expect(out.suppressed.map { $0.finding.package?.installedVersion ?? "" } == ["1.10.3", "2.0.6"])
    #expect(out.findings.map { $0.package?.installedVersion ?? "" } == ["1.10.4", "1.4.9", "2.0.6"])
    #expect(out.findings.last?.vex?.status == "under_investigation")
  }

  @Test func versRangesFollowTheEcosystemsOrdering() throws {
    let debian = try #require(VersRange("vers:deb/>=1:1.0-1|<1:1.2~rc1|!=1:1.1-1"))
    #expect(debian.contains("1:1.1-2"))
    #expect(!debian.contains("1:1.1-1"), "!= excludes")
    #expect(!debian.contains("1:1.2~rc1") && debian.contains("1:1.2~beta1"), "~ sorts before the release")
    #expect(!debian.contains("1.5-1"), "no epoch is epoch 0, below the range")
    let pypi = try #require(VersRange("vers:pypi/<1.0|>=2.0a1|<2.1|=3.0.0"))
    #expect(pypi.contains("0.9") && pypi.contains("2.0") && pypi.contains("3.0"))
    #expect(!pypi.contains("1.5") && !pypi.contains("2.1") && !pypi.contains("2.0a0"))
    #expect(VersRange("vers:unknown/>=1") == nil)
  }

  @Test func malformedDocumentsAreErrorsNamingTheFileAndStatement() {
    #expect(throws: InputError("vex.json", "not a VEX document: not a JSON object")) { try statements("{") }
    #expect(throws: InputError("vex.json", "not a VEX document: neither OpenVEX `statements` nor a CycloneDX BOM")) {
      try statements("{\"hello\": 1}")
    }
    #expect(throws: InputError("vex.json", "statement 1: not_affected needs a justification or an impact_statement")) {
      try statements("""
        {"statements": [{"vulnerability": {"name": "CVE-1"}, "products": [{"@id": "pkg:gem/a@1"}], "status": "not_affected"}]}
        """)
    }
    #expect(throws: InputError("vex.json", "statement 1: needs a vulnerability and a status (not_affected, affected, fixed or under_investigation)")) {
      try statements("{\"statements\": [{\"vulnerability\": \"CVE-1\", \"status\": \"maybe\"}]}")
    }
    do {
      _ = try VEXDocument.statements(at: "/no/such/vex.json")
      Issue.record("a missing document must be an error")
    } catch {
      #expect(error.input == "/no/such/vex.json" && error.problem.hasPrefix("cannot read the VEX document"))
    }
  }
}
