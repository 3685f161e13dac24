import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollCore

/// How a scan gets its advisory data: first use, staleness, --offline, and what it says.
@Suite struct AdvisoryDataTests {
  /// A feed directory holding one real Alpine secdb file.
  func feeds(_ scratch: Scratch) throws -> String {
    try scratch.run(["mkdir", "-p", "feeds"])
    try scratch.run(["cp", Repository.vulndata + "/alpine/v3.11-main.json", "feeds/"])
    return scratch.path + "/feeds"
  }

  @Test(.enabled(if: FileManager.default.fileExists(atPath: Repository.vulndata + "/alpine")
    || ProcessInfo.processInfo.environment["CI"] == "true"))
  func aFirstScanFetchesItsDataAndAnOldDatabaseUnderOfflineIsAWarning() async throws {
    let scratch = try Scratch()
    let cache = CacheLocation(root: scratch.path + "/cache")
    let source = try feeds(scratch)
    // No database yet: the scan builds one from the configured source.
    let first = await AdvisoryData.prepare(cache: cache, policy: AdvisoryDataPolicy(source: source))
    #expect(first.database != nil && first.notices.isEmpty, "\(first.notices)")
    // Three days later, offline: the data is used, and the scan says how old it is.
    let later = Date().addingTimeInterval(3 * 86_400)
    let offline = await AdvisoryData.prepare(cache: cache, policy: AdvisoryDataPolicy(offline: true, source: source),
                                             now: later)
    #expect(offline.database != nil)
    #expect(offline.notices.count == 1)
    #expect(offline.notices.first?.contains("fetched 3 days ago (--offline)") == true, "\(offline.notices)")
    // Without --offline an old database is refreshed from the source, and nothing is said.
    let refreshed = await AdvisoryData.prepare(cache: cache, policy: AdvisoryDataPolicy(source: source), now: later)
    #expect(refreshed.database != nil)
    #expect(refreshed.notices.allSatisfy { !$0.contains("hours ago") }, "\(refreshed.notices)")
  }

  @Test func withoutDataTheScanSaysWhyAndGoesOn() async throws {
    let scratch = try Scratch()
    let cache = CacheLocation(root: scratch.path + "/cache")
    let offline = await AdvisoryData.prepare(cache: cache, policy: AdvisoryDataPolicy(offline: true))
    #expect(offline.database == nil)
    #expect(offline.notices.first?.contains("--offline: nothing was downloaded") == true, "\(offline.notices)")
    let missing = await AdvisoryData.prepare(
      cache: cache, policy: AdvisoryDataPolicy(source: scratch.path + "/no-such-folder"))
    #expect(missing.database == nil)
    #expect(missing.notices.first?.contains("no-such-folder: not a directory of advisory feeds") == true,
            "\(missing.notices)")
    #expect(missing.notices.first?.contains("vulnerabilities were not checked") == true)
  }

  /// The README's demo in a clone with nothing beside it: no feeds, no network. The scan
  /// still runs its other scanners and the report says vulnerabilities were not checked.
  @Test func aScanWithoutAnyAdvisoryDataStillScansAndSaysSo() async throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built")
    let scratch = try Scratch()
    try scratch.write("root/etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n")
    try scratch.write("root/app/deploy.sh", "export GITHUB_TOKEN=ghp_R8xq2LmZ4vT7yK1pW9sN3bC6dF0hJ5gA2eUq\n")
    let (status, output, errors) = try await runPlimsollAsync(plimsoll, [
      "image", "rootfs:" + scratch.path + "/root", "--scanners", "vuln,secret", "--format", "json",
      "--cache-dir", scratch.path + "/cache", "--db-repository", scratch.path + "/nothing-here",
    ])
    #expect(status == 0, "\(errors)")
    let document = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    let warnings = (document["warnings"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
    #expect(warnings.contains { $0.hasPrefix("vulnerabilities not checked:") && $0.contains("nothing-here") },
            "\(warnings)")
    #expect(document["advisoryData"] == nil)
    let findings = document["findings"] as? [[String: Any]] ?? []
    #expect(findings.contains { $0["kind"] as? String == "secret" })
  }
}

/// The test image against the whole advisory snapshot: every vulnerability whose CVE the
/// snapshot's NVD or CVE 5 data scores has a severity (the "0 % UNKNOWN" measure), and
/// the report states the data's age.
@Suite(.enabled(if: TestImage.available() != nil && FileManager.default.fileExists(atPath: Repository.vulndata)
  || ProcessInfo.processInfo.environment["CI"] == "true"))
struct TestImageSeverityTests {
  @Test func everyScoredCVEHasASeverity() async throws {
    let directory = try #require(TestImage.available(), "the test image is not built")
    let scratch = try Scratch()
    let cache = CacheLocation(root: scratch.path + "/cache", usesLayerCache: false)
    _ = try DatabaseBuilder().build(from: Repository.vulndata, to: cache.databasePath)
    let database = try AdvisoryDatabase(path: cache.databasePath)
    let result = try await ImageScan.run(ImageTarget("docker-archive:" + directory + "/test-image.tar", cache: cache),
                                         scanners: [.vuln], data: AdvisoryDataPolicy(offline: true))
    let vulnerabilities = result.report.findings.filter { $0.kind == .vulnerability }
    #expect(vulnerabilities.count > 100)
    #expect(result.report.advisoryData != nil)
    let cves = Set(vulnerabilities.flatMap { ([$0.id] + $0.aliases).filter { $0.hasPrefix("CVE-") } })
    let facts = try database.facts(for: cves)
    let scored = vulnerabilities.filter { finding in
      ([finding.id] + finding.aliases).contains { facts[$0]?.severity != nil }
    }
    #expect(!scored.isEmpty)
    let unknown = scored.filter { $0.severity == .unknown }
    #expect(unknown.isEmpty, "\(unknown.map(\.id))")
    #expect(scored.allSatisfy { $0.severitySource != nil })
    #expect(vulnerabilities.contains { $0.exploitation?.epss != nil })
  }
}
