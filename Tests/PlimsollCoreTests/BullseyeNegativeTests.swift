import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollCore

/// A real Debian 11 root filesystem at its latest point release: the DSA/DLA snapshot (up to
/// April 2023) is almost entirely fixed in it, and what remains must be exactly what
/// `dpkg --compare-versions` decides (scripts/debian-advisory-oracle.py).
@Suite struct BullseyeNegativeTests {
  struct Triple: Decodable, Hashable {
    var package: String
    var version: String
    var id: String
  }

  @Test(.enabled(if: Requirement.file(TestImage.directory + "/bullseye-rootfs/var/lib/dpkg/status"),
                 "no bullseye root; run scripts/build-bullseye-rootfs"))
  func aCurrentBullseyeRootHasExactlyTheFindingsDpkgDecides() async throws {
    let root = TestImage.directory + "/bullseye-rootfs"
    try #require(FileManager.default.fileExists(atPath: root + "/var/lib/dpkg/status"),
                 "no bullseye root at \(root); run scripts/build-bullseye-rootfs")
    let repository = Repository.root
    let vulndata = Repository.vulndata
    let scratch = try Scratch()
    _ = try DatabaseBuilder().build(from: vulndata + "/debian", to: scratch.path + "/advisories.db")
    let database = try AdvisoryDatabase(path: scratch.path + "/advisories.db")
    let scanner = InventoryScanner(analyzers: DefaultCatalogers.analyzerSet,
                                   options: ScanOptions(cacheDirectory: nil))
    let inventory = try await scanner.inventory(of: try SourceResolver.resolve("rootfs:" + root))
    #expect(inventory.os?.codename == "bullseye")
    let debs = inventory.packages.filter { $0.type == .deb }
    #expect(debs.count > 80)
    let report = try VulnerabilityMatcher(database: database).match(inventory)
    let output = try scratch.run([
      "python3", repository.path + "/scripts/debian-advisory-oracle.py", "bullseye",
      root + "/var/lib/dpkg/status", vulndata + "/debian/DSA-list.gz", vulndata + "/debian/DLA-list.gz",
    ])
    let expected = Set(try JSONDecoder().decode([Triple].self, from: Data(output)))
    let ours = Set(report.findings.map {
      Triple(package: $0.package?.name ?? "", version: $0.package?.installedVersion ?? "", id: $0.id)
    })
    #expect(ours == expected, "only Plimsoll: \(ours.subtracting(expected).prefix(5)); only dpkg: \(expected.subtracting(ours).prefix(5))")
    // Whatever remains is an open issue (unfixed or end-of-life), never a missed fixed version.
    #expect(report.findings.allSatisfy { $0.status != .fixed && $0.status != .couldNotCompare },
            "\(report.findings.filter { $0.status == .fixed }.prefix(5).map { "\($0.package?.name ?? "") \($0.id)" })")
    print("bullseye: \(debs.count) packages, \(report.findings.count) findings (dpkg oracle: \(expected.count))")
  }
}
