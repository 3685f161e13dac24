import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollCore

/// The HTML report opened in real headless Chromium, as a user opens it: from `file://`, with
/// its Content-Security-Policy in force. Screenshots go to `Browser.screenshotDirectory`; each
/// test prints the path.
@Suite(.enabled(if: Browser.shouldRun), .serialized)
struct HTMLReportBrowserTests {
  static let hostile = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"

  /// `plimsoll image` of the test image (with the advisory snapshot when it is there): one
  /// ledger section per layer, as the image builder recorded them; the severity filter; no
  /// network; the page's own script runs under its policy.
  @Test func imageScanReport() async throws {
    try #require(Browser.available, "headless Chromium, chromium-driver or Selenium is missing (scripts/install-deps)")
    let directory = try #require(TestImage.available(), "the test image is not built")
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built")
    let scratch = try Scratch()
    var arguments = ["image", "docker-archive:" + directory + "/test-image.tar", "--scanners", "vuln,config,secret",
                     "--format", "html", "--output", scratch.path + "/report.html", "--cache-dir", scratch.path + "/cache"]
    if FileManager.default.fileExists(atPath: Repository.vulndata) {
      arguments += ["--db-repository", Repository.vulndata]
    } else {
      arguments += ["--offline"]
    }
    let (status, _, errors) = try await runPlimsollAsync(plimsoll, arguments)
    #expect(status == 0, "\(errors)")
    let screenshot = Browser.screenshotDirectory.appendingPathComponent("image-scan.png")
    let page = try Browser.open(scratch.path + "/report.html", screenshot: screenshot)
    print("screenshots of the image scan report: \(screenshot.path) (whole page), "
      + "\(screenshot.deletingPathExtension().path).top.png, \(screenshot.deletingPathExtension().path).ledger.png")

    let record = try #require(try TestImage.expected()["layers"] as? [[String: Any]])
    let sections = page.ledgerSections
    #expect(sections.map(\.index) == Array(0..<record.count))
    #expect(sections.map(\.digest) == record.compactMap { $0["diffID"] as? String })
    for (section, layer) in zip(sections, record) {
      let createdBy = try #require(layer["created_by"] as? String)
      // The section shows the layer's instruction, without the shell prefix.
      #expect(createdBy.contains(section.createdBy.replacingOccurrences(of: "RUN ", with: "")), "\(section.createdBy)")
    }
    // The builder's deleted secret is marked with the layer that deleted it.
    #expect(page.bodyText.contains("/root/.aws/credentials"))
    #expect(page.bodyText.contains("removed in layer 5"))

    #expect(page.filtersShown, "the page's script did not run: \(page.consoleErrors)")
    let severities = page.rowSeverities
    #expect(severities.contains("HIGH") && severities.contains { $0 != "HIGH" })
    #expect(page.filteredSeverities == severities.filter { $0 == "HIGH" })
    #expect(page.rowsAfterSort == severities.count)
    #expect(page.requests.isEmpty, "\(page.requests)")
    #expect(page.consoleErrors.isEmpty, "\(page.consoleErrors)")
    #expect(page.dialogs.isEmpty)
    #expect(page.scripts == 1)
  }

  /// `plimsoll fs` of a directory whose file names and lock file carry markup: the page says
  /// it has no layers, every hostile name is text, nothing runs and nothing is fetched.
  @Test func sourceTreeReportWithHostileNames() async throws {
    try #require(Browser.available, "headless Chromium, chromium-driver or Selenium is missing (scripts/install-deps)")
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built")
    let scratch = try Scratch()
    let token = "ghp_R8xq2LmZ4vT7yK1pW9sN3bC6dF0hJ5gA2eUq"
    try scratch.write("tree/Dockerfile", "FROM debian:latest\nRUN apt-get update && apt-get install -y curl\n")
    try scratch.write("tree/" + Self.hostile.replacingOccurrences(of: "/", with: "_") + ".sh", "export GITHUB_TOKEN=\(token)\n")
    try scratch.write("tree/package-lock.json", """
      {"name": "app", "lockfileVersion": 3, "packages": {"": {"name": "app"},
       "node_modules/evil": {"name": \(jsonString(Self.hostile)), "version": "1.0.0"}}}
      """)
    let (status, _, errors) = try await runPlimsollAsync(
      plimsoll, ["fs", scratch.path + "/tree", "--scanners", "config,secret", "--format", "html",
                 "--output", scratch.path + "/report.html", "--cache-dir", scratch.path + "/cache"])
    #expect(status == 0, "\(errors)")
    let screenshot = Browser.screenshotDirectory.appendingPathComponent("fs-scan.png")
    let page = try Browser.open(scratch.path + "/report.html", screenshot: screenshot, severity: "MEDIUM")
    print("screenshots of the source tree report: \(screenshot.path) (whole page), "
      + "\(screenshot.deletingPathExtension().path).top.png, \(screenshot.deletingPathExtension().path).ledger.png")
    #expect(page.noLayersNote)
    #expect(page.ledgerSections.isEmpty)
    #expect(page.bodyText.contains(Self.hostile.replacingOccurrences(of: "/", with: "_")), "the hostile file name shows as text")
    #expect(page.dialogs.isEmpty, "\(page.dialogs)")
    #expect(page.scripts == 1)
    #expect(page.images == 0)
    #expect(page.requests.isEmpty, "\(page.requests)")
    #expect(page.filtersShown)
    #expect(page.rowSeverities.contains("MEDIUM") && page.rowSeverities.contains { $0 != "MEDIUM" })
    #expect(page.filteredSeverities == page.rowSeverities.filter { $0 == "MEDIUM" })
  }

  /// A report whose ledger and findings carry hostile package names, layer instructions and
  /// reference URLs: they render as text and never run.
  @Test func hostileLedgerDoesNotExecute() throws {
    try #require(Browser.available, "headless Chromium, chromium-driver or Selenium is missing (scripts/install-deps)")
    let scratch = try Scratch()
    let diffID = "sha256:" + String(repeating: "ab", count: 32)
    let finding = Finding(
      kind: .vulnerability, id: "CVE-2099-0001", title: Self.hostile, description: Self.hostile,
      severity: .high, status: .fixed, location: Location(path: "/app/" + Self.hostile, layerDigest: diffID),
      package: AffectedPackage(name: Self.hostile, installedVersion: "1.0\"'<", fixedVersion: "2.0", purl: "pkg:npm/x@1.0"),
      references: ["javascript:alert(3)", "https://example.com/\"onmouseover=alert(4)"])
    var report = FindingReport(target: Self.hostile, findings: [finding])
    report.ledger = LayerLedger(layers: [
      LedgerLayer(index: 0, diffID: diffID + "\"><script>alert(5)</script>", digest: diffID, createdBy: Self.hostile, size: 1,
                  added: [LedgerPackage(type: "npm", name: Self.hostile, version: "1.0\"'<", foundIn: "/app/" + Self.hostile,
                                        purl: "pkg:npm/x@1.0", addedInLayer: 0, findings: [LedgerFinding(of: finding)])]),
    ])
    let file = try scratch.write("hostile.html", try FindingsRenderer.render(report, format: .html))
    let page = try Browser.open(file, screenshot: scratch.url.appendingPathComponent("hostile.png"))
    #expect(page.dialogs.isEmpty, "\(page.dialogs)")
    #expect(page.scripts == 1)
    #expect(page.images == 0)
    #expect(page.rowPackages == [Self.hostile])
    #expect(page.ledgerSections.map(\.digest) == [diffID + "\"><script>alert(5)</script>"])
    #expect(page.bodyText.contains(Self.hostile))
    #expect(page.requests.isEmpty, "\(page.requests)")
  }

  func jsonString(_ text: String) -> String {
    (try? JSONSerialization.data(withJSONObject: [text])).map { String(decoding: $0.dropFirst().dropLast(), as: UTF8.self) } ?? "\"\""
  }
}
