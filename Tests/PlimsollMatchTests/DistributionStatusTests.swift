import Foundation
import PlimsollAdvisories
import PlimsollCatalog
import PlimsollFindings
import PlimsollPolicy
import PlimsollTestSupport
import Testing
@testable import PlimsollMatch

let bookworm = OSRelease(id: "debian", versionID: "12", codename: "bookworm")

/// A database built from the handwritten tracker export in Tests/Fixtures/debian-tracker.
func trackerDatabase(_ scratch: Scratch) throws -> AdvisoryDatabase {
  try scratch.run(["mkdir", "-p", "feeds/security-tracker.debian.org/tracker/data"])
  try scratch.run(["cp", Repository.root.appendingPathComponent("Tests/Fixtures/debian-tracker/tracker.json").path,
                   "feeds/security-tracker.debian.org/tracker/data/json"])
  let report = try DatabaseBuilder().build(from: scratch.path + "/feeds", to: scratch.path + "/advisories.db")
  #expect(report.sources.map(\.name) == ["debian-tracker"])
  #expect(report.warnings.map(\.input) == ["security-tracker.debian.org/tracker/data/json:curl/not-a-cve"])
  return try AdvisoryDatabase(path: scratch.path + "/advisories.db")
}

@Suite struct DistributionStatusTests {
  func findings(_ packages: [Package], os: OSRelease = bookworm) throws -> [String: Finding] {
    let scratch = try Scratch()
    let report = try VulnerabilityMatcher(database: try trackerDatabase(scratch)).match(inventory(os: os, packages))
    return Dictionary(report.findings.map { ("\($0.package?.name ?? "") \($0.id)", $0) }, uniquingKeysWith: { a, _ in a })
  }

  @Test func everyTrackerStatusBecomesAFindingStatus() throws {
    let found = try findings([
      deb("libc6", "2.36-9+deb12u1", source: "glibc"),
      deb("libssl3", "3.0.11-1~deb12u2", source: "openssl"),
      deb("curl", "7.88.1-10+deb12u8"),
    ])
    #expect(found["libc6 CVE-2023-4911"]?.status == .fixed)
    #expect(found["libc6 CVE-2023-4911"]?.package?.fixedVersion == "2.36-9+deb12u3")
    #expect(found["libc6 CVE-2023-4911"]?.severity == .high)
    #expect(found["libc6 CVE-2023-4911"]?.severitySource == "debian")
    #expect(found["libc6 CVE-2025-0395"]?.status == .affected)
    #expect(found["libc6 CVE-2010-4756"]?.status == .willNotFix)
    #expect(found["libc6 CVE-2010-4756"]?.severity == .low)
    #expect(found["libc6 CVE-2019-1010022"]?.status == .willNotFix)
    #expect(found["libssl3 CVE-2024-5535"]?.status == .fixDeferred)
    #expect(found["libssl3 CVE-2024-4741"]?.status == .fixed)
    #expect(found["curl CVE-2024-2398"]?.status == .affected)
    #expect(found["curl CVE-2024-2398"]?.properties["reason"] == nil)
  }

  @Test func aFixedVersionInstalledAndNeverAffectedReleasesGiveNothing() throws {
    let bullseye = OSRelease(id: "debian", versionID: "11", codename: "bullseye")
    let found = try findings([deb("libc6", "2.31-13+deb11u11", source: "glibc"),
                              deb("libssl3", "3.0.14-1~deb12u1", source: "openssl")], os: bullseye)
    #expect(found["libc6 CVE-2023-4911"] == nil)  // `0`: bullseye was never affected
    #expect(found["libssl3 CVE-2024-4741"]?.status == .fixDeferred)  // postponed in bullseye
    let installedFix = try findings([deb("libssl3", "3.0.14-1~deb12u1", source: "openssl")])
    #expect(installedFix["libssl3 CVE-2024-4741"] == nil)
  }

  @Test func endOfLifeReleasesSaySo() throws {
    let buster = OSRelease(id: "debian", versionID: "10", codename: "buster")
    let found = try findings([deb("libc6", "2.28-10+deb10u1", source: "glibc")], os: buster)
    #expect(found["libc6 CVE-2025-0395"]?.status == .endOfLife)
  }

  /// Kernel CVEs filed under `linux` reach linux-libc-dev; a container runs its host's kernel.
  @Test func kernelCVEsOnHeaderPackagesAreNotAffectedWithTheReason() throws {
    let found = try findings([deb("linux-libc-dev", "6.1.76-1", source: "linux"),
                              deb("linux-image-6.1.0-18-amd64", "6.1.76-1", source: "linux")])
    let headers = try #require(found["linux-libc-dev CVE-2024-26581"])
    #expect(headers.status == .notAffected && !headers.isFailing)
    #expect(headers.properties["reason"]?.contains("host's kernel") == true)
    #expect(found["linux-image-6.1.0-18-amd64 CVE-2024-26581"]?.status == .fixed)
  }

  @Test func ignoreStatusLeavesThoseStatusesOut() throws {
    let found = try findings([deb("libc6", "2.36-9+deb12u1", source: "glibc"),
                              deb("libssl3", "3.0.11-1~deb12u2", source: "openssl")])
    let report = FindingReport(target: "t", findings: Array(found.values))
    let kept = Policy(ignoreStatuses: [.willNotFix, .fixDeferred]).apply(report).findings
    #expect(!kept.contains { $0.status == .willNotFix || $0.status == .fixDeferred })
    #expect(kept.contains { $0.id == "CVE-2023-4911" } && kept.contains { $0.id == "CVE-2025-0395" })
  }
}

@Suite(.enabled(if: ProcessInfo.processInfo.environment["CI"] == "true"
  || FileManager.default.fileExists(atPath: vulndata + "/ubuntu")))
struct UbuntuOSVTests {
  /// The snapshot's USN-6588-1 (pam, focal and jammy) is matched by release and source
  /// package, and reported by the CVE it fixes.
  @Test func ubuntuRecordsMatchByReleaseAndSourcePackage() throws {
    let scratch = try Scratch()
    try scratch.run(["mkdir", "-p", "feeds"])
    try scratch.run(["ln", "-s", vulndata + "/ubuntu/ubuntu-osv-sample.tar.gz", "feeds/ubuntu.tar.gz"])
    _ = try DatabaseBuilder().build(from: scratch.path + "/feeds", to: scratch.path + "/advisories.db")
    let database = try AdvisoryDatabase(path: scratch.path + "/advisories.db")
    #expect(try database.ecosystems().contains("ubuntu:22.04"))
    let jammy = OSRelease(id: "ubuntu", versionID: "22.04", codename: "jammy")
    let report = try VulnerabilityMatcher(database: database).match(inventory(os: jammy, [
      deb("libpam0g", "1.4.0-11ubuntu2.3", source: "pam"),
    ]))
    let finding = try #require(report.findings.first { $0.id == "CVE-2024-22365" })
    #expect(finding.status == .fixed)
    #expect(finding.aliases.contains("USN-6588-1") || finding.aliases.contains("UBUNTU-CVE-2024-22365"))
    #expect(report.findings.filter { $0.id == "CVE-2024-22365" }.count == 1)
    let fixed = try VulnerabilityMatcher(database: database).match(inventory(os: jammy, [
      deb("libpam0g", "1.4.0-11ubuntu2.4", source: "pam"),
    ]))
    #expect(fixed.findings.isEmpty)
  }
}
