import Foundation
import PlimsollFindings
import Testing
@testable import PlimsollReport

extension TestData {
  /// A hostile package name and path: markup, both quote kinds, an attribute breaker.
  static let hostileName = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"

  /// The mixed report with a ledger over `layers`: a package with a finding, a changed and a
  /// removed package, a secret a later layer deleted, and a package with a hostile name.
  static func ledgerReport() throws -> FindingReport {
    var report = try mixedReport()
    let hostile = Finding(
      kind: .vulnerability, id: "GHSA-x\"><b>y", title: hostileName, description: hostileName,
      severity: .high, status: .fixed, location: Location(path: "/app/" + hostileName, layerDigest: layers[2].diffID),
      package: AffectedPackage(name: hostileName, installedVersion: "1.0", fixedVersion: "2.0",
                               purl: "pkg:npm/evil@1.0", type: "npm"),
      references: ["javascript:alert(3)", "https://example.com/\"onmouseover=alert(4)"])
    report.findings.append(hostile)
    let curl = report.findings.first { $0.package?.name == "curl" }
    let secret = report.findings.first { $0.kind == .secret }
    report.ledger = LayerLedger(layers: [
      LedgerLayer(index: 0, diffID: layers[0].diffID, digest: layers[0].digest, createdBy: layers[0].createdBy,
                  size: layers[0].size,
                  added: [LedgerPackage(type: "deb", name: "wget", version: "1.21", foundIn: "/var/lib/dpkg/status",
                                        addedInLayer: 0, removedInLayer: 1)]),
      LedgerLayer(index: 1, diffID: layers[1].diffID, digest: layers[1].digest, createdBy: layers[1].createdBy,
                  size: layers[1].size,
                  changed: [LedgerPackage(type: "deb", name: "curl", version: curl?.package?.installedVersion ?? "",
                                          previousVersion: "7.74.0-1", foundIn: "/var/lib/dpkg/status",
                                          purl: curl?.package?.purl, addedInLayer: 1,
                                          findings: curl.map { [LedgerFinding(of: $0)] } ?? [])],
                  removed: [LedgerPackage(type: "deb", name: "wget", version: "1.21", foundIn: "/var/lib/dpkg/status",
                                          addedInLayer: 0, removedInLayer: 1)]),
      LedgerLayer(index: 2, diffID: layers[2].diffID, digest: layers[2].digest, createdBy: hostileName,
                  size: layers[2].size,
                  added: [LedgerPackage(type: "npm", name: hostileName, version: "1.0", foundIn: "/app/" + hostileName,
                                        purl: "pkg:npm/evil@1.0", addedInLayer: 2,
                                        findings: [LedgerFinding(of: hostile)])],
                  files: secret.map { [LedgerFile(category: .secret, path: $0.location?.path ?? "", addedInLayer: 2,
                                                  removedInLayer: 3, findings: [LedgerFinding(of: $0)])] } ?? []),
      LedgerLayer(index: 3, diffID: "sha256:" + String(repeating: "a4", count: 32),
                  digest: "sha256:" + String(repeating: "b4", count: 32), createdBy: "RUN rm /app/config/settings.py",
                  size: 512,
                  removedFiles: secret.map { [LedgerFile(category: .secret, path: $0.location?.path ?? "", addedInLayer: 2,
                                                         removedInLayer: 3, findings: [LedgerFinding(of: $0)])] } ?? []),
    ])
    return report
  }
}

@Suite struct LedgerReportTests {
  @Test func jsonCarriesTheLedgerValidAgainstTheSchemaAndDecodesBack() throws {
    let report = try TestData.ledgerReport()
    let text = try FindingsRenderer.render(report, format: .json, options: TestData.renderOptions)
    let errors = try Check.schemaErrors(
      text, schema: TestData.docsSchemas.appendingPathComponent("findings.schema.json"))
    #expect(errors == nil || errors == "", "\(errors ?? "")")
    let decoded = try JSONDecoder().decode(FindingReport.self, from: Data(text.utf8))
    #expect(decoded.ledger == report.ledger)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let layers = try #require((object["ledger"] as? [String: Any])?["layers"] as? [[String: Any]])
    let wget = try #require((layers[0]["added"] as? [[String: Any]])?.first)
    #expect(wget["removedInLayer"] as? Int == 1)
    #expect(wget["stillShipped"] as? Bool == false)
  }

  @Test func aPolicyThatDropsFindingsDropsThemFromTheLedger() throws {
    var report = try TestData.ledgerReport()
    report.findings.removeAll { $0.kind == .secret || $0.package?.name == "curl" }
    let text = try FindingsRenderer.render(report, format: .json, options: TestData.renderOptions)
    let decoded = try JSONDecoder().decode(FindingReport.self, from: Data(text.utf8))
    let ledger = try #require(decoded.ledger)
    #expect(ledger.layers[1].changed.first?.findings == [])
    #expect(ledger.layers[2].files.isEmpty)
    #expect(ledger.layers[3].removedFiles.isEmpty)
    #expect(ledger.layers[2].added.first?.findings.map(\.id) == ["GHSA-x\"><b>y"])
  }

  @Test func textLedgerSaysWhatEachLayerDid() throws {
    let text = try FindingsRenderer.render(try TestData.ledgerReport(), format: .ledger)
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines.filter { $0.range(of: #"^Layer \d"#, options: .regularExpression) != nil }.count == 4)
    #expect(lines.contains("  ADD file:4b1a5e0f2d9c in /"))
    #expect(lines.contains("    deb wget 1.21  removed in layer 1"))
    #expect(lines.contains { $0.hasPrefix("    deb curl 7.74.0-1 -> ") && $0.hasSuffix("still shipped  [CVE-2024-2398 MEDIUM]") })
    #expect(lines.contains("    deb wget 1.21 (from layer 0)"))
    #expect(lines.contains { $0.hasPrefix("    secret /app/config/settings.py  removed in layer 3") })
    let none = try FindingsRenderer.render(FindingReport(target: "."), format: .ledger)
    #expect(none.contains("No image layers"))
  }
}
