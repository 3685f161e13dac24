import Foundation
import PlimsollCatalog
import PlimsollFindings
import Testing
@testable import PlimsollReport

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite struct SARIFTests {
  func sarif() throws -> [String: Any] {
    let text = try FindingsRenderer.render(try TestData.mixedReport(), format: .sarif,
                                           rules: TestData.rules, options: TestData.renderOptions)
    return try #require(try Check.json(text) as? [String: Any])
  }

  @Test func matchesGoldenAndValidatesAgainstTheSchema() throws {
    let text = try FindingsRenderer.render(try TestData.mixedReport(), format: .sarif,
                                           rules: TestData.rules, options: TestData.renderOptions)
    #expect(try Check.golden(text, "findings.sarif.json"))
    let errors = try Check.schemaErrors(text, schema: Check.sarifSchema)
    #expect(errors == nil || errors == "", "\(errors ?? "")")
  }

  @Test(arguments: [
    (Severity.critical, "error"), (.high, "error"), (.medium, "warning"), (.low, "note"),
    (.unknown, "note"),
  ])
  func levelFollowsSeverity(severity: Severity, level: String) throws {
    let report = FindingReport(target: "Dockerfile", findings: [
      Finding(kind: .misconfiguration, id: "PLM-X", title: "t", severity: severity, status: .fail,
              location: Location(path: "Dockerfile", startLine: 3))
    ])
    let text = try FindingsRenderer.render(report, format: .sarif)
    let runs = try #require((try Check.json(text) as? [String: Any])?["runs"] as? [[String: Any]])
    let result = try #require((runs.first?["results"] as? [[String: Any]])?.first)
    #expect(result["level"] as? String == level)
    let properties = try #require(result["properties"] as? [String: Any])
    #expect(properties["severity"] as? String == severity.rawValue)
    #expect(Double(properties["security-severity"] as? String ?? "x") != nil)
  }

  @Test func rulesCoverEveryResultAndIndexesAgree() throws {
    let run = try #require((try sarif()["runs"] as? [[String: Any]])?.first)
    let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
    #expect(driver["name"] as? String == "plimsoll")
    let rules = try #require(driver["rules"] as? [[String: Any]])
    let ruleIDs = rules.compactMap { $0["id"] as? String }
    #expect(Set(ruleIDs).count == ruleIDs.count)
    // The three given rules first, then ids seen only in findings (advisories, secrets, host).
    #expect(Array(ruleIDs.prefix(3)) == ["PLM-DF-001", "PLM-DF-002", "PLM-DF-010"])
    #expect(ruleIDs.contains("CVE-2024-2398"))
    #expect(ruleIDs.contains("aws-access-key-id"))
    for rule in rules {
      let severity = (rule["properties"] as? [String: Any])?["security-severity"] as? String
      #expect(Double(severity ?? "x") != nil)
    }
    // security-severity follows the reported severity (Debian's MEDIUM), not NVD's 7.5.
    let curl = try #require(rules.first { $0["id"] as? String == "CVE-2024-2398" })
    #expect((curl["properties"] as? [String: Any])?["security-severity"] as? String == "5.5")
    #expect(curl["defaultConfiguration"] as? [String: String] == ["level": "warning"])

    let results = try #require(run["results"] as? [[String: Any]])
    // Every finding but the passed check.
    #expect(results.count == (try TestData.mixedReport()).findings.count - 1)
    for result in results {
      let index = try #require(result["ruleIndex"] as? Int)
      #expect(rules.indices.contains(index))
      #expect(rules[index]["id"] as? String == result["ruleId"] as? String)
      let fingerprints = result["partialFingerprints"] as? [String: String]
      #expect(fingerprints?.isEmpty == false)
    }
  }

  @Test func locationsAreRelativeWithRegions() throws {
    let run = try #require((try sarif()["runs"] as? [[String: Any]])?.first)
    let results = try #require(run["results"] as? [[String: Any]])
    func physical(_ id: String) -> [String: Any]? {
      let result = results.first { $0["ruleId"] as? String == id }
      let location = (result?["locations"] as? [[String: Any]])?.first
      return location?["physicalLocation"] as? [String: Any]
    }
    let root = try #require(physical("PLM-DF-002"))
    #expect((root["artifactLocation"] as? [String: Any])?["uri"] as? String == "Dockerfile")
    #expect((root["region"] as? [String: Any])?["startLine"] as? Int == 9)
    #expect((root["region"] as? [String: Any])?["endLine"] as? Int == 11)
    let secret = try #require(physical("aws-access-key-id"))
    #expect((secret["artifactLocation"] as? [String: Any])?["uri"] as? String == "app/config/settings.py")
    // No location at all: the target, percent-encoded into a relative reference.
    let host = try #require(physical("CIS-DOCKER-2.1"))
    #expect((host["artifactLocation"] as? [String: Any])?["uri"] as? String == "docker-archive%3Aapp.tar")
    let vulnerability = results.first { $0["ruleId"] as? String == "GO-2023-2102" }
    let properties = try #require(vulnerability?["properties"] as? [String: Any])
    #expect(properties["package"] as? String == "golang.org/x/net")
    #expect(properties["layer"] as? String == TestData.layers[3].diffID)
    #expect(properties["aliases"] as? [String] == ["CVE-2023-39325", "GHSA-4374-p667-p6c8"])
  }

  @Test func everyLocationIsRelativeToTheDeclaredSourceRoot() throws {
    let run = try #require((try sarif()["runs"] as? [[String: Any]])?.first)
    let bases = try #require(run["originalUriBaseIds"] as? [String: Any])
    let base = try #require(bases["SRCROOT"] as? [String: Any])
    // An image's root is not on this machine: described, with no uri.
    #expect(base["uri"] == nil)
    #expect((base["description"] as? [String: Any])?["text"] as? String == "the root of image app.tar")
    let locations = (run["results"] as? [[String: Any]] ?? []).flatMap { result in
      (result["locations"] as? [[String: Any]] ?? []).compactMap {
        ($0["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any]
      }
    }
    #expect(!locations.isEmpty)
    #expect(locations.allSatisfy { $0["uriBaseId"] as? String == "SRCROOT" })
    #expect(locations.allSatisfy { ($0["uri"] as? String)?.hasPrefix("/") == false })
  }

  /// A scan of files on this machine: absolute paths inside the root, outside it, relative
  /// paths, and the root itself.
  @Test(arguments: [
    ("/src/repo/app/Dockerfile", "app/Dockerfile"),
    ("/src/repo/Dockerfile", "Dockerfile"),
    ("/src/other/Dockerfile", "../other/Dockerfile"),
    ("/etc/docker/daemon.json", "../../etc/docker/daemon.json"),
    ("deploy/k8s.yaml", "deploy/k8s.yaml"),
    ("./a b/Dockerfile", "a%20b/Dockerfile"),
    ("/src/repo", "."),
    ("/src/repo/", "."),
  ])
  func aDirectoryRootPlacesAbsoluteAndRelativePaths(path: String, uri: String) throws {
    let report = FindingReport(target: "/src/repo", findings: [
      Finding(kind: .misconfiguration, id: "PLM-X", title: "t", severity: .high, status: .fail,
              location: Location(path: path, startLine: 1)),
    ])
    let text = try FindingsRenderer.render(report, format: .sarif,
                                           options: RenderOptions(locationRoot: .directory("/src/repo")))
    let run = try #require((try Check.json(text) as? [String: Any])?["runs"] as? [[String: Any]]).first
    let base = (run?["originalUriBaseIds"] as? [String: Any])?["SRCROOT"] as? [String: Any]
    #expect(base?["uri"] as? String == "file:///src/repo/")
    let result = (run?["results"] as? [[String: Any]])?.first
    let location = ((result?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?[
      "artifactLocation"] as? [String: Any]
    #expect(location?["uri"] as? String == uri)
    #expect(location?["uriBaseId"] as? String == "SRCROOT")
    if let errors = try Check.schemaErrors(text, schema: Check.sarifSchema) { #expect(errors == "") }
  }

  @Test func warningsBecomeToolNotifications() throws {
    let run = try #require((try sarif()["runs"] as? [[String: Any]])?.first)
    let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
    let notes = try #require(invocation["toolExecutionNotifications"] as? [[String: Any]])
    #expect(notes.count == 1)
  }
}

@Suite struct FindingsJSONTests {
  @Test func matchesGoldenValidatesAndDecodesBack() throws {
    let report = try TestData.mixedReport()
    let text = try FindingsRenderer.render(report, format: .json, rules: TestData.rules,
                                           options: TestData.renderOptions)
    #expect(try Check.golden(text, "findings.plimsoll.json"))
    let errors = try Check.schemaErrors(
      text, schema: TestData.docsSchemas.appendingPathComponent("findings.schema.json"))
    #expect(errors == nil || errors == "", "\(errors ?? "")")
    let decoded = try JSONDecoder().decode(FindingReport.self, from: Data(text.utf8))
    #expect(decoded.findings == report.findings)
    #expect(decoded.warnings == report.warnings)
    #expect(decoded.target == report.target)
    let summary = try #require((try Check.json(text) as? [String: Any])?["summary"] as? [String: Any])
    let bySeverity = try #require(summary["bySeverity"] as? [String: Int])
    #expect(bySeverity == ["CRITICAL": 2, "HIGH": 2, "MEDIUM": 5, "LOW": 1, "UNKNOWN": 0])
    #expect(summary["failing"] as? Int == 10)
  }
}

@Suite struct FindingsTableTests {
  @Test func matchesGolden() throws {
    let text = try FindingsRenderer.render(try TestData.mixedReport(), format: .table,
                                           options: TestData.renderOptions)
    #expect(try Check.golden(text, "findings.table.txt"))
  }

  @Test(arguments: [30, 50, 80, 100, 200])
  func neverExceedsTheWidth(width: Int) throws {
    for color in [false, true] {
      let text = FindingsTableWriter.write(try TestData.mixedReport(),
                                           options: RenderOptions(color: color, width: width))
      for line in Check.plain(text).split(separator: "\n") {
        #expect(line.count <= width, "\(line.count) > \(width): \(line)")
      }
    }
  }

  @Test func summaryComesFirstAndSeveritiesAreColoured() throws {
    let report = try TestData.mixedReport()
    let plain = FindingsTableWriter.write(report, options: RenderOptions(width: 100))
    let lines = plain.split(separator: "\n")
    #expect(lines.dropFirst().first == "Findings: 10 (CRITICAL 2, HIGH 2, MEDIUM 5, LOW 1, UNKNOWN 0)")
    #expect(lines.last?.contains("larger than 64 MiB") == true)
    let coloured = FindingsTableWriter.write(report, options: RenderOptions(color: true, width: 100))
    #expect(coloured.contains("\u{1B}[1;31mCRITICAL"))
    #expect(coloured.contains("\u{1B}[33mMEDIUM"))
    #expect(Check.plain(coloured) == plain)
  }

  @Test func emptyReportSaysSo() throws {
    let text = FindingsTableWriter.write(FindingReport(target: "Dockerfile"))
    #expect(text == "Target: Dockerfile\nNo findings.\n")
  }
}

@Suite struct JUnitTests {
  @Test func matchesGoldenAndCountsFailures() throws {
    let text = try FindingsRenderer.render(try TestData.mixedReport(), format: .junit,
                                           rules: TestData.rules, options: TestData.renderOptions)
    #expect(try Check.golden(text, "findings.junit.xml"))
    let counter = JUnitCounter()
    let parser = XMLParser(data: Data(text.utf8))
    parser.delegate = counter
    #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
    #expect(counter.suites == ["vulnerability", "misconfiguration", "secret", "host", "scan"])
    #expect(counter.testCases == 12)
    #expect(counter.failures == 10)
    #expect(counter.skipped == 1)
  }

  @Test func hostileTextStaysWellFormed() throws {
    let report = FindingReport(target: "a&b <c>", findings: [
      Finding(kind: .secret, id: "x\"y", title: "bad \u{01} <tag> & 'quote'", severity: .high,
              status: .fail, evidence: "]]> </failure>")
    ])
    let text = JUnitWriter.write(report)
    let parser = XMLParser(data: Data(text.utf8))
    #expect(parser.parse())
  }
}

/// Counts JUnit elements.
final class JUnitCounter: NSObject, XMLParserDelegate, @unchecked Sendable {
  var suites: [String] = []
  var testCases = 0
  var failures = 0
  var skipped = 0

  func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
              qualifiedName: String?, attributes: [String: String] = [:]) {
    switch elementName {
    case "testsuite": suites.append(attributes["name"] ?? "")
    case "testcase": testCases += 1
    case "failure": failures += 1
    case "skipped": skipped += 1
    default: break
    }
  }
}

@Suite struct MarkdownTests {
  @Test func matchesGolden() throws {
    let text = try FindingsRenderer.render(try TestData.mixedReport(), format: .markdown,
                                           rules: TestData.rules, options: TestData.renderOptions)
    #expect(try Check.golden(text, "findings.md"))
    // The finding's own remediation, else its rule's; passed checks need none.
    #expect(text.contains("- **PLM-DF-001** (Dockerfile:1): Pin the base image: FROM debian:12.5\n"))
    #expect(text.contains("- **PLM-DF-002** (Dockerfile:9-11): Add a USER instruction"))
    #expect(!text.contains("**PLM-DF-010**"))
  }

  @Test func pipesAndNewlinesCannotBreakTheTable() throws {
    let report = FindingReport(target: "t", findings: [
      Finding(kind: .misconfiguration, id: "PLM-1", title: "a | b\nc", severity: .low, status: .fail,
              location: Location(path: "x|y"))
    ])
    let text = MarkdownWriter.write(report)
    let row = text.split(separator: "\n").first { $0.contains("PLM-1") }
    #expect(row == "| x\\|y | PLM-1 | LOW | fail | a \\| b c |")
  }
}

@Suite struct RendererDispatchTests {
  @Test(arguments: FindingsFormat.allCases)
  func everyFormatRendersAnEmptyReport(format: FindingsFormat) throws {
    let text = try FindingsRenderer.render(FindingReport(target: "empty"), format: format)
    #expect(!text.isEmpty)
    if [.json, .sarif, .cyclonedx].contains(format) { _ = try Check.json(text) }
  }

  @Test func cycloneDXFormatUsesTheInventoryWhenGiven() throws {
    var options = TestData.renderOptions
    options.inventory = try TestData.inventory()
    let report = FindingReport(target: "docker-archive:app.tar", findings: try TestData.vulnerabilityFindings())
    let viaRenderer = try FindingsRenderer.render(report, format: .cyclonedx, options: options)
    let direct = CycloneDXWriter.write(try TestData.inventory(), vulnerabilities: report.findings,
                                       options: TestData.sbomOptions)
    #expect(viaRenderer == direct)
  }
}

@Suite struct HTMLTests {
  @Test func matchesGoldenAndIsWellFormed() throws {
    let text = try FindingsRenderer.render(try TestData.ledgerReport(), format: .html,
                                           rules: TestData.rules, options: TestData.renderOptions)
    #expect(try Check.golden(text, "findings.html"))
    let counter = JUnitCounter()
    let parser = XMLParser(data: Data(text.utf8))
    parser.delegate = counter
    #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
  }

  @Test func scanTextCannotInjectMarkup() throws {
    let report = FindingReport(target: "<script>alert(1)</script>", findings: [
      Finding(kind: .secret, id: "x", title: "<img src=x onerror=alert(1)>", severity: .high,
              status: .fail, location: Location(path: "\"><b>path</b>"),
              references: ["javascript:alert(1)"])
    ])
    let text = HTMLWriter.write(report)
    #expect(text.components(separatedBy: "<script").count == 2, "only the page's own script")
    #expect(!text.contains("<img"))
    #expect(!text.contains("<b>path"))
    #expect(!text.contains("javascript:"))
    #expect(XMLParser(data: Data(text.utf8)).parse())
  }

  @Test func hostileLedgerAndFindingTextStaysText() throws {
    let text = try FindingsRenderer.render(try TestData.ledgerReport(), format: .html, rules: TestData.rules,
                                           options: TestData.renderOptions)
    let elements = ElementCollector()
    let parser = XMLParser(data: Data(text.utf8))
    parser.delegate = elements
    #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
    // The hostile strings made no element and no attribute: one script (the page's own), no
    // image, no bold text, no event handler, no script URL.
    #expect(elements.names.filter { $0 == "script" }.count == 1)
    #expect(!elements.names.contains("img"))
    #expect(!elements.attributes.keys.contains { $0.lowercased().hasPrefix("on") })
    #expect(!(elements.attributes["href"] ?? []).contains { !$0.hasPrefix("https://") && !$0.hasPrefix("#") })
    // …and each is there as text, and in attributes as values.
    #expect(elements.text.contains(TestData.hostileName))
    #expect((elements.attributes["data-package"] ?? []).contains(TestData.hostileName))
    #expect(elements.attributes["data-layer-index"] == ["0", "1", "2", "3"])
    #expect(elements.attributes["data-layer-digest"]?.first == TestData.layers[0].diffID)
  }

  @Test func pageAdmitsOnlyItsOwnHashedScriptAndStyle() throws {
    let text = HTMLWriter.write(try TestData.ledgerReport())
    let policy = HTMLAssets.contentSecurityPolicy
    #expect(policy.hasPrefix("default-src 'none';"))
    #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"))
    #expect(text.contains("<script>" + HTMLAssets.script + "</script>"))
    #expect(text.contains("<style>" + HTMLAssets.style + "</style>"))
    // The hash is the script's: the same computation as CSP's over known text.
    #expect(HTMLAssets.hash("") == "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
    #expect(!text.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "").contains("http://"))
    #expect(!text.contains(" style=\""))
  }

  @Test func aLedgerPackageShowsItsWorstFindingsAndCountsTheRest() throws {
    let findings = (1...20).map {
      LedgerFinding(id: "CVE-2099-\($0)", severity: $0 == 17 ? .critical : .low, subject: "pkg:golang/stdlib@1.19")
    }
    let text = HTMLWriter.badges(findings)
    #expect(text.components(separatedBy: "<span class=\"sev ").count - 1 == 8)
    // Severity is spelled, not only coloured: a letter, and the name on hover.
    #expect(text.hasPrefix(" <span class=\"sev CRITICAL\" title=\"CRITICAL\">C: CVE-2099-17</span>"))
    #expect(text.hasSuffix("+12 more (see Findings)</span>"))
    #expect(HTMLWriter.badges([]) == "")
  }

  @Test func findingRowsAndSummaryCarryTheirFacts() throws {
    let report = try TestData.ledgerReport()
    let text = HTMLWriter.write(report)
    let rows = text.split(separator: "\n").filter { $0.hasPrefix("<tr data-severity=") }
    #expect(rows.count == report.findings.count)
    #expect(rows.filter { $0.contains("data-severity=\"HIGH\"") }.count
            == report.findings.filter { $0.severity == .high }.count)
    // The advisory links to its tracker page; a GHSA to GitHub's advisory database.
    #expect(text.contains("<a class=\"id\" href=\"https://security-tracker.debian.org/tracker/CVE-2024-2398\">"))
    #expect(text.contains("id=\"chart-severity-by-layer\"") && text.contains("id=\"chart-fixable\""))
    #expect(text.contains("removed in layer 1"))
    let directory = HTMLWriter.write(FindingReport(target: "."))
    #expect(directory.contains("id=\"no-layers\""))
  }
}

/// Element names, attribute values by name and text of a parsed page.
final class ElementCollector: NSObject, XMLParserDelegate {
  var names: [String] = []
  var attributes: [String: [String]] = [:]
  var text = ""

  func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
              qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
    names.append(elementName)
    for (name, value) in attributeDict.sorted(by: { $0.key < $1.key }) { attributes[name, default: []].append(value) }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

}

@Test func onePackageInstalledTwiceIsTwoGroups() throws {
  func finding(_ path: String) -> Finding {
    Finding(kind: .vulnerability, id: "GHSA-v845-jxx5-vc9f", title: "Cookie leak", severity: .high,
            status: .fixed, location: Location(path: path),
            package: AffectedPackage(name: "urllib3", installedVersion: "1.26.4",
                                     fixedVersion: "1.26.17", type: "pypi"))
  }
  let report = FindingReport(target: "t", findings: [
    finding("/app/lib/urllib3-1.26.4.dist-info/METADATA"),
    finding("/usr/lib/python3/dist-packages/urllib3-1.26.4.dist-info/METADATA"),
  ])
  let headings = FindingsTableWriter.write(report).split(separator: "\n")
    .filter { $0.hasPrefix("urllib3 1.26.4 (pypi)") }
  #expect(headings.count == 2)
}

@Test func checkTablesListFailuresFirstWithTheirEvidence() {
  let location = Location(path: "container:web")
  let report = FindingReport(target: "unix:///var/run/docker.sock", findings: [
    Finding(kind: .container, id: "PLM-CTR-005", title: "Privileged", severity: .critical,
            status: .pass, location: location, evidence: "HostConfig.Privileged=false"),
    Finding(kind: .container, id: "PLM-CTR-015", title: "Restart policy", severity: .low,
            status: .fail, location: location, evidence: "HostConfig.RestartPolicy=always"),
  ])
  let lines = FindingsTableWriter.write(report, options: RenderOptions(color: false, width: 100))
    .split(separator: "\n").map(String.init)
  let failRow = lines.firstIndex { $0.contains("PLM-CTR-015") && $0.contains("fail") }
  let passRow = lines.firstIndex { $0.contains("PLM-CTR-005") && $0.contains("pass") }
  #expect((failRow ?? Int.max) < (passRow ?? -1))
  #expect(lines.contains("  - PLM-CTR-015: HostConfig.RestartPolicy=always"))
  #expect(!lines.contains { $0.contains("HostConfig.Privileged=false") })
}
